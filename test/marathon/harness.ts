/**
 * Test support for the Marathon classes: the simulator on 127.0.0.1 with fast deployments, a
 * plain HTTP server that records concurrency, and a harness that builds components from YAML
 * on a real event bus without a policy or a session (the tests publish the events themselves).
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { workdir } from '../helpers/workdir.js';
import { ConfigLoader, type ConfigObject } from '../../src/core/config/ConfigLoader.js';
import { GeneralConfig } from '../../src/core/config/GeneralConfig.js';
import { Definitions } from '../../src/core/Definitions.js';
import { EventBus } from '../../src/core/EventBus.js';
import { Event } from '../../src/core/Event.js';
import { createLogger } from '../../src/core/Logger.js';
import { loadComponentClass, SECTION_KINDS } from '../../src/core/ClassRegistry.js';
import { validateOptions } from '../../src/core/Options.js';
import { TASK_OPTIONS, type Task } from '../../src/classes/tasks/Task.js';
import type { Component } from '../../src/core/Component.js';
import type { DriverContext } from '../../src/core/DriverContext.js';
import { MarathonSimulator } from '../../src/marathon-sim/MarathonSimulator.js';
import type { SimulatorOptions } from '../../src/marathon-sim/SimulatorOptions.js';

/** Deployments of a few milliseconds. */
export const FAST: Partial<SimulatorOptions> = { port: 0, quiet: true, deployMsBase: 6, deployMsPerInstance: 2, loadFactor: 0, heartbeatMs: 50 };

export async function startSimulator(options: Partial<SimulatorOptions> = {}): Promise<{ sim: MarathonSimulator; url: string }> {
  const sim = new MarathonSimulator({ ...FAST, ...options });
  const { url } = await sim.start();
  return { sim, url };
}

/** Sends a request to the simulator (or any server) and parses a JSON answer. */
export async function api(url: string, method: string, path: string, body?: unknown): Promise<{ status: number; body: any }> {
  const res = await fetch(`${url}${path}`, {
    method,
    headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text && (res.headers.get('content-type') ?? '').includes('json') ? JSON.parse(text) : text };
}

export const appSpec = (id: string, instances = 1): Record<string, unknown> => ({ id, cmd: 'sleep 1200', cpus: 0.1, mem: 64, instances });

export interface SeenRequest {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
  /** process.hrtime.bigint() when the request arrived. */
  at: bigint;
}

export interface RecordingServer {
  url: string;
  requests: SeenRequest[];
  inFlight: number;
  maxInFlight: number;
  /** Answers the next requests with these statuses in turn, then 201. */
  statuses: number[];
  /** Milliseconds before each answer. */
  delayMs: number;
  /** The body of a 2xx answer (default `{}`). */
  respond: (req: SeenRequest) => string;
  close(): Promise<void>;
}

/** Answers every request (201, or 200 for GET; `respond` gives the body) after `delayMs`, recording requests and the peak concurrency. */
export async function recordingServer(): Promise<RecordingServer> {
  const sockets = new Set<Socket>();
  const state: RecordingServer = {
    url: '',
    requests: [],
    inFlight: 0,
    maxInFlight: 0,
    statuses: [],
    delayMs: 0,
    respond: () => '{}',
    close: () =>
      new Promise((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const at = process.hrtime.bigint();
    const chunks: Buffer[] = [];
    state.inFlight += 1;
    state.maxInFlight = Math.max(state.maxInFlight, state.inFlight);
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const seen: SeenRequest = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8'), at };
      state.requests.push(seen);
      const status = state.statuses.shift() ?? (req.method === 'GET' ? 200 : 201);
      setTimeout(() => {
        state.inFlight -= 1;
        res.writeHead(status, { 'Content-Type': 'application/json' });
        res.end(status < 300 ? state.respond(seen) : JSON.stringify({ message: `status ${status}` }));
      }, state.delayMs);
    });
  });
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return state;
}

/** A port nothing listens on. */
export async function refusedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export interface Harness {
  bus: EventBus;
  ctx: DriverContext;
  components: Component[];
  /** Every event delivered, in delivery order (TickEvents excluded). */
  events: Event[];
  /** Log messages as `LEVEL message`. */
  logs: string[];
  named(name: string): Event[];
  /** Publishes a ParameterUpdateEvent with these changes; returns it. */
  update(parameters: Record<string, unknown>): Event;
  publish(name: string, attributes?: Record<string, unknown>): Event;
  runTasks(): Promise<void>;
  waitFor(predicate: () => boolean, timeoutMs?: number): Promise<void>;
  /** TeardownEvent, then close() of every component. */
  close(): Promise<void>;
}

const LEVELS: Record<number, string> = { 20: 'DEBUG', 30: 'INFO', 40: 'WARNING', 50: 'ERROR' };

/** Builds the components of a YAML config on a real bus; throws the first config error. */
export async function harness(yaml: string, opts: { define?: Record<string, unknown> } = {}): Promise<Harness> {
  const dir = workdir({ 'test.yml': yaml });
  const logs: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, cb) {
      for (const line of String(chunk).split('\n')) {
        if (!line) continue;
        const rec = JSON.parse(line) as { level: number; msg: string };
        logs.push(`${LEVELS[rec.level] ?? rec.level} ${rec.msg}`);
      }
      cb();
    },
  });
  const logger = createLogger({ format: 'json', stream, verbose: true });
  const loader = new ConfigLoader();
  const { root, sources } = loader.load([join(dir, 'test.yml')]);
  const general = new GeneralConfig(root, sources);
  const definitions = new Definitions({ ...((root.define as Record<string, unknown> | undefined) ?? {}), ...(opts.define ?? {}) });
  const bus = new EventBus(logger, 0);
  const ctx = { bus, logger, definitions, meta: {}, general, resultsDir: join(dir, 'results'), sources, root, settings: { verbose: true, clockFps: 0 } } as unknown as DriverContext;
  const events: Event[] = [];
  bus.subscribe((e) => {
    if (e.event !== 'TickEvent') events.push(e);
  }, { order: -1 });
  const components: Component[] = [];
  for (const [section, kind] of Object.entries(SECTION_KINDS)) {
    const list = root[section];
    if (!Array.isArray(list)) continue;
    for (const [i, config] of (list as ConfigObject[]).entries()) {
      const path = `${section}[${i}]`;
      const cls = await loadComponentClass(String(config.class), kind, sources.locate(config, 'class', `${path}.class`));
      const errors = validateOptions(config, kind === 'task' ? { ...TASK_OPTIONS, ...cls.options } : cls.options, { sources, path, className: String(config.class) });
      if (errors.length > 0) throw errors[0];
      components.push(new cls(ctx, config, path));
    }
  }
  for (const c of components) await c.init();
  let old: Record<string, unknown> = {};
  return {
    bus,
    ctx,
    components,
    events,
    logs,
    named: (name) => events.filter((e) => e.event === name),
    update(parameters) {
      const e = new Event('ParameterUpdateEvent', { parameters: { ...old, ...parameters }, oldParameters: old, changes: parameters });
      old = { ...old, ...parameters };
      bus.publish(e);
      return e;
    },
    publish(name, attributes = {}) {
      const e = new Event(name, attributes);
      bus.publish(e);
      return e;
    },
    async runTasks() {
      for (const c of components) if ((c.constructor as { kind?: string }).kind === 'task') await (c as Task).run();
    },
    async waitFor(predicate, timeoutMs = 5000) {
      const deadline = Date.now() + timeoutMs;
      while (!predicate()) {
        if (Date.now() > deadline) throw new Error(`Timed out waiting; events: ${events.map((e) => e.event).join(', ')}\nlogs: ${logs.join('\n')}`);
        await new Promise((r) => setTimeout(r, 5));
      }
      await bus.flush();
    },
    async close() {
      bus.publish(new Event('TeardownEvent'));
      await bus.flush();
      for (const c of components) await c.close();
      await bus.flush();
    },
  };
}

/** Whether every id of `part` is in `whole`. */
export function includesAll(whole: readonly number[], part: readonly number[]): boolean {
  return part.every((id) => whole.includes(id));
}
