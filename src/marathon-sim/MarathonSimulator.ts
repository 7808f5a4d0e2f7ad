import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { ApiError } from './ApiError.js';
import { ApiViews } from './ApiViews.js';
import { AppsResource } from './AppsResource.js';
import { AuthService } from './AuthService.js';
import { ChronosJobs } from './ChronosJobs.js';
import { ChronosResource } from './ChronosResource.js';
import { DeploymentEngine } from './DeploymentEngine.js';
import { DeploymentsResource } from './DeploymentsResource.js';
import { EventStream } from './EventStream.js';
import { Exchange, type Reply } from './Exchange.js';
import { GroupsResource } from './GroupsResource.js';
import { GroupUpdater } from './GroupUpdater.js';
import { MetricsRegistry } from './MetricsRegistry.js';
import { PodsResource } from './PodsResource.js';
import type { ResourceContext } from './ResourceContext.js';
import { RunSpecNormalizer } from './RunSpecNormalizer.js';
import { SimulatedState } from './SimulatedState.js';
import { resolveOptions, type SimulatorOptions } from './SimulatorOptions.js';
import { SystemResource } from './SystemResource.js';
import type { EventSink, JsonObject } from './types.js';

export interface ListeningAddress {
  readonly url: string;
  readonly host: string;
  readonly port: number;
}

const MAX_BODY_BYTES = 16 * 1024 * 1024;
const JETTY = 'org.eclipse.jetty.servlet.ServletContextHandler';
/** Path prefixes DC/OS Admin Router would guard; /ping and the login stay open. */
const GUARDED = new Set(['v2', 'metrics', 'scheduler', 'v1']);

/**
 * A Marathon stand-in speaking Marathon's REST and SSE API over node:http, with deployments that take
 * simulated time, a DC/OS login and a Chronos job list.
 */
export class MarathonSimulator {
  readonly options: SimulatorOptions;
  readonly state = new SimulatedState();
  readonly metrics = new MetricsRegistry();
  readonly events: EventStream;
  readonly deployments: DeploymentEngine;
  readonly chronos = new ChronosJobs();
  readonly auth: AuthService;
  private readonly startedAt = Date.now();
  private readonly apps: AppsResource;
  private readonly pods: PodsResource;
  private readonly groups: GroupsResource;
  private readonly deploymentsResource: DeploymentsResource;
  private readonly system: SystemResource;
  private readonly chronosResource: ChronosResource;
  private server: Server | null = null;
  private address: ListeningAddress | null = null;
  private outageStatus: number | null = null;

  constructor(options: Partial<SimulatorOptions> = {}) {
    this.options = resolveOptions(options);
    this.events = new EventStream({ heartbeatMs: this.options.heartbeatMs, maxBufferedBytes: 64 * 1024 * 1024 });
    const sink: EventSink = {
      publish: (eventType, fields) => {
        this.metrics.increment('service.mesosphere.marathon.events.published');
        this.events.publish(eventType, fields);
      },
    };
    this.deployments = new DeploymentEngine(this.state, sink, this.metrics, this.options, (line) => this.log(line));
    this.auth = new AuthService(this.options.user, this.options.password, this.options.requireAuth);
    const normalizer = new RunSpecNormalizer();
    const ctx: ResourceContext = { state: this.state, engine: this.deployments, views: new ApiViews(this.deployments), normalizer, events: sink };
    this.apps = new AppsResource(ctx);
    this.pods = new PodsResource(ctx);
    this.groups = new GroupsResource(ctx, new GroupUpdater(this.state, normalizer));
    this.deploymentsResource = new DeploymentsResource(ctx);
    this.system = new SystemResource(this.metrics, { leader: () => this.leader(), frameworkId: this.deployments.frameworkId });
    this.chronosResource = new ChronosResource(this.chronos);
    this.registerMetrics();
  }

  /** Base URL, e.g. `http://127.0.0.1:8080`; only known once started. */
  get url(): string {
    if (!this.address) throw new Error('The Marathon simulator has not been started');
    return this.address.url;
  }

  /** Starts listening; port 0 picks a free port, which later `resume()` calls keep. */
  async start(port: number = this.options.port, host: string = this.options.host): Promise<ListeningAddress> {
    if (this.server) throw new Error('The Marathon simulator is already listening');
    const server = await this.listen(port, host);
    const bound = (server.address() as AddressInfo).port;
    const urlHost = host.includes(':') ? `[${host}]` : host;
    this.address = { url: `http://${urlHost}:${bound}`, host, port: bound };
    return this.address;
  }

  /** Stops listening, cuts every connection and abandons running deployments. */
  async stop(): Promise<void> {
    this.deployments.stop();
    this.events.close();
    await this.closeServer();
  }

  /** Simulates Marathon going down: the port is closed and every connection, SSE included, is cut. */
  async stopAcceptingConnections(): Promise<void> {
    this.events.dropAll();
    await this.closeServer();
  }

  /** Simulates Marathon coming back on the same host and port; the simulated cluster kept running. */
  async resume(): Promise<ListeningAddress> {
    if (!this.address) throw new Error('The Marathon simulator was never started');
    if (!this.server) await this.listen(this.address.port, this.address.host);
    return this.address;
  }

  /** Cuts all /v2/events connections (the server keeps listening), to exercise client reconnects. */
  dropEventStreams(): void {
    this.events.dropAll();
  }

  /** Answers every request with `status` (e.g. 503) until called with null: a sick but reachable Marathon. */
  failRequests(status: number | null): void {
    this.outageStatus = status;
  }

  private leader(): string {
    return this.address ? `${this.address.host}:${this.address.port}` : `${this.options.host}:${this.options.port}`;
  }

  private log(line: string): void {
    if (!this.options.quiet) this.options.log(line);
  }

  private listen(port: number, host: string): Promise<Server> {
    const server = createServer({ noDelay: true }, (req, res) => void this.handle(req, res));
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => {
        server.off('error', reject);
        this.server = server;
        resolve(server);
      });
    });
  }

  private async closeServer(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = null;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeAllConnections();
    await closed;
  }

  private registerMetrics(): void {
    const m = this.metrics;
    const count = (state: string): number =>
      this.state.runSpecsUnder('/').reduce((n, r) => n + r.instances.filter((i) => i.state === state).length, 0);
    m.gauge('jvm.memory.total.used', () => process.memoryUsage().rss);
    m.gauge('jvm.memory.heap.used', () => process.memoryUsage().heapUsed);
    // A JVM's thread count grows with connections and work in flight; the simulator mimics that.
    m.gauge('jvm.threads.count', () => 40 + this.events.clientCount + this.deployments.active().length);
    m.gauge('service.mesosphere.marathon.uptime', () => Date.now() - this.startedAt);
    m.gauge('service.mesosphere.marathon.app.count', () => this.state.apps().length);
    m.gauge('service.mesosphere.marathon.group.count', () => this.state.groupIds().length);
    m.gauge('service.mesosphere.marathon.pod.count', () => this.state.pods().length);
    m.gauge('service.mesosphere.marathon.task.running.count', () => count('TASK_RUNNING'));
    m.gauge('service.mesosphere.marathon.task.staged.count', () => count('TASK_STAGING'));
    m.gauge('service.mesosphere.marathon.deployments.active', () => this.deployments.active().length);
    m.gauge('service.mesosphere.marathon.event-stream.connections', () => this.events.clientCount);
    m.increment(`${JETTY}.active-requests`, 0);
    m.increment('service.mesosphere.marathon.events.published', 0);
    for (const status of ['1xx', '2xx', '3xx', '4xx', '5xx']) m.meter(`${JETTY}.${status}-responses`);
    m.meter('service.mesosphere.marathon.deployments.success');
    m.meter('service.mesosphere.marathon.deployments.failed');
    m.meter('service.mesosphere.marathon.task.status-updates');
    m.histogram('service.mesosphere.marathon.deployments.duration');
    m.timer(`${JETTY}.requests`);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = performance.now();
    this.metrics.increment(`${JETTY}.active-requests`);
    let ex: Exchange | null = null;
    let reply: Reply | null;
    try {
      ex = new Exchange(req, res, MAX_BODY_BYTES);
      reply = await this.route(ex);
    } catch (err) {
      reply = MarathonSimulator.errorReply(err);
    }
    this.metrics.increment(`${JETTY}.active-requests`, -1);
    if (reply === null) return;
    const isApi = ex?.segments[0] === 'v2';
    this.send(res, reply, isApi);
    const seconds = (performance.now() - started) / 1000;
    this.metrics.timer(`${JETTY}.requests`).update(seconds);
    if (ex?.metricName) this.metrics.timer(ex.metricName).update(seconds);
    this.metrics.meter(`${JETTY}.${Math.floor(reply.status / 100)}xx-responses`).mark();
    this.log(`${req.method ?? '?'} ${req.url ?? ''} -> ${reply.status} (${(seconds * 1000).toFixed(1)} ms)`);
  }

  /** The reply, or null when the request became an event stream. */
  private async route(ex: Exchange): Promise<Reply | null> {
    if (this.outageStatus !== null) {
      return { status: this.outageStatus, body: { message: 'Marathon is unavailable (simulated outage)' } };
    }
    const [first, second, ...rest] = ex.segments;
    if (first === 'ping' && second === undefined) return this.system.ping(ex);
    if (ex.segments.join('/') === 'acs/api/v1/auth/login') {
      ex.metricName = 'com.mesosphere.dcos.iam.LoginResource.login';
      if (ex.method !== 'POST') throw ApiError.methodNotAllowed();
      return { status: 200, body: { token: this.auth.login(await ex.json()) } };
    }
    if (this.auth.required && first !== undefined && GUARDED.has(first)) this.auth.assertAuthorized(ex.header('authorization'));
    if (first === 'metrics' && second === undefined) return this.system.metricsDocument(ex);
    if (first === 'scheduler') return this.chronosResource.handle(ex, ex.segments.slice(1));
    if (first === 'v1' && second === 'scheduler') return this.chronosResource.handle(ex, rest);
    if (first !== 'v2') throw ApiError.notFound();
    switch (second) {
      case 'info':
        return this.system.serverInfo(ex);
      case 'apps':
        return this.apps.handle(ex, rest);
      case 'pods':
        return this.pods.handle(ex, rest);
      case 'groups':
        return this.groups.handle(ex, rest);
      case 'deployments':
        return this.deploymentsResource.handle(ex, rest);
      case 'events':
        return this.attachEvents(ex);
      default:
        throw ApiError.notFound();
    }
  }

  /**
   * Marathon's Jetty EventSource servlet streams only for `Accept: text/event-stream`; anything else
   * falls through to HttpServlet.doGet, which refuses with 405 (400 for HTTP/1.0).
   */
  private attachEvents(ex: Exchange): Reply | null {
    ex.metricName = 'mesosphere.marathon.core.event.impl.stream.HttpEventStreamServlet.doGet';
    if (ex.method !== 'GET') throw ApiError.methodNotAllowed();
    const accept = (ex.header('accept') ?? '').split(',').map((t) => t.split(';')[0]?.trim().toLowerCase());
    if (!accept.includes('text/event-stream')) {
      const status = ex.req.httpVersion === '1.0' ? 400 : 405;
      return { status, body: { message: 'HTTP method GET is not supported by this URL' } };
    }
    this.events.attach(ex.req, ex.res, ex.query);
    return null;
  }

  private send(res: ServerResponse, reply: Reply, isApi: boolean): void {
    const headers: Record<string, string | number> = { ...reply.headers };
    if (isApi) headers['X-Marathon-Leader'] = `http://${this.leader()}`;
    let payload = '';
    if (typeof reply.body === 'string') {
      payload = reply.body;
      headers['Content-Type'] = 'text/plain; charset=utf-8';
    } else if (reply.body !== undefined) {
      payload = JSON.stringify(reply.body);
      headers['Content-Type'] = 'application/json; charset=utf-8';
    }
    if (reply.status !== 204) headers['Content-Length'] = Buffer.byteLength(payload);
    res.writeHead(reply.status, headers);
    res.end(reply.status === 204 ? undefined : payload);
  }

  private static errorReply(err: unknown): Reply {
    if (err instanceof ApiError) return { status: err.status, body: err.body, headers: err.headers };
    const body: JsonObject = { message: err instanceof Error ? err.message : String(err) };
    return { status: 500, body };
  }
}
