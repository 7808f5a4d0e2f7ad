import { Observer } from './Observer.js';
import { Event } from '../../core/Event.js';
import type { OptionSpec } from '../../core/Options.js';
import { parseTimeExpr } from '../../core/parseTimeExpr.js';
import type { Parameters } from '../../core/ParameterBatch.js';
import type { ConfigObject } from '../../core/config/ConfigLoader.js';
import type { HttpClient } from '../../http/HttpClient.js';
import { createHttpClient } from '../../http/createHttpClient.js';
import { HTTP_CLIENT_OPTIONS } from '../../http/httpOptions.js';
import { hrToEpochSeconds } from '../../http/hrToEpochSeconds.js';
import { secondsBetween } from '../../http/secondsBetween.js';
import { isSuccessStatus } from '../../http/isSuccessStatus.js';
import { Waits } from '../../http/Waits.js';

/**
 * Polls an endpoint from StartEvent to TeardownEvent and publishes an HTTPTimingResultEvent
 * per request: requestTime (start → request sent), responseTime (sent → first response byte),
 * totalTime (start → body complete), all from process.hrtime.
 */
export class HTTPTimingObserver extends Observer {
  static readonly className = 'observer.HTTPTimingObserver';
  static readonly description = 'Performs HTTP requests to an endpoint at a fixed interval and measures the request and response times.';
  static readonly publishes = ['HTTPTimingResultEvent'] as const;
  static readonly options: OptionSpec = {
    url: { type: 'string', required: true, description: 'The URL to send the requests to (macros allowed: definitions and the current parameters)', example: 'http://127.0.0.1:8080/v2/apps' },
    interval: { type: 'time', default: 1, description: 'Time between the starts of two requests (seconds or `500ms`, `2s`); a request never overlaps the previous one' },
    body: { type: 'string', default: '', description: 'The request body (macros allowed)' },
    verb: { type: 'string', default: 'GET', description: 'The HTTP verb' },
    headers: { type: 'object', description: 'The HTTP headers to send. `Authorization: token=<dcos_auth_token>` is added when that definition exists' },
    ...HTTP_CLIENT_OPTIONS,
  };

  private client!: HttpClient;
  private parameters: Parameters = {};
  private waits: Waits | null = null;
  private loop: Promise<void> | null = null;

  override async init(): Promise<void> {
    const cfg = this.render();
    if (this.readInterval(cfg) === null) throw this.configError(`\`interval\` must be a positive time (seconds, or e.g. 500ms), got ${JSON.stringify(cfg.interval)}`, 'interval');
    this.client = createHttpClient(this.ctx, this, cfg, true);
    await super.init();
    this.ctx.bus.subscribe((e: Event) => {
      this.parameters = (e.parameters ?? {}) as Parameters;
    }, { order: 1, events: ['ParameterUpdateEvent'] });
    this.ctx.bus.subscribe(() => this.start(), { events: ['StartEvent', 'RestartEvent'] });
    this.ctx.bus.subscribe(() => this.stop(), { events: ['TeardownEvent'] });
  }

  /** The rendered interval in seconds; null when it is not a positive time. */
  private readInterval(cfg: ConfigObject): number | null {
    const seconds = parseTimeExpr(this.option(cfg, 'interval'));
    return seconds !== null && seconds > 0 ? seconds : null;
  }

  private start(): void {
    if (this.waits) return;
    const waits = new Waits();
    this.waits = waits;
    this.loop = this.poll(waits);
  }

  private async poll(waits: Waits): Promise<void> {
    while (!waits.isCancelled) {
      const cfg = this.render(this.parameters);
      const url = String(cfg.url);
      const verb = String(this.option(cfg, 'verb'));
      const body = String(this.option(cfg, 'body') ?? '');
      const res = await this.client.request({ url, verb, headers: this.client.headers(cfg.headers), body: body || null, keepBody: false });
      if (res.aborted) return;
      if (res.error !== null) this.logger.warn(`Unable to measure ${url}: ${res.error}`);
      else if (!isSuccessStatus(res.statusCode)) this.logger.warn(`Endpoint at ${url} responded with HTTP ${res.statusCode}`);
      this.ctx.bus.publish(
        new Event(
          'HTTPTimingResultEvent',
          {
            url,
            verb: verb.toLowerCase(),
            statusCode: res.statusCode,
            requestTime: secondsBetween(res.start, res.sent),
            responseTime: secondsBetween(res.sent, res.firstByte),
            totalTime: secondsBetween(res.start, res.end),
            contentLength: res.bytesReceived,
            error: res.error,
          },
          this.lastTraceIds,
          hrToEpochSeconds(res.end),
        ),
      );
      const interval = this.readInterval(cfg) ?? 1;
      await waits.until(res.start + BigInt(Math.round(interval * 1e9)));
    }
  }

  private async stop(): Promise<void> {
    this.waits?.cancel();
    this.client.abortAll();
    await this.loop;
    this.loop = null;
  }

  override async close(): Promise<void> {
    await this.stop();
    this.client.close();
  }
}
