import { isDeepStrictEqual } from 'node:util';
import { Observer } from './Observer.js';
import { Event } from '../../core/Event.js';
import type { OptionSpec } from '../../core/Options.js';
import type { HttpClient } from '../../http/HttpClient.js';
import { createHttpClient } from '../../http/createHttpClient.js';
import { HTTP_CLIENT_OPTIONS } from '../../http/httpOptions.js';
import { hrToEpochSeconds } from '../../http/hrToEpochSeconds.js';
import { Waits } from '../../http/Waits.js';
import { flattenJson } from '../../marathon/flattenJson.js';
import { requestJson } from '../../marathon/requestJson.js';

/** Two polls per second, as the manual states (start to start; a poll never overlaps the previous one). */
const POLL_SECONDS = 0.5;

/**
 * Polls Marathon's /metrics from StartEvent to TeardownEvent and publishes a
 * MarathonMetricUpdateEvent for every value that changed since the previous poll, named by its
 * flattened path. A ParameterUpdateEvent starts over, so every test case gets every value; the
 * events carry the trace ids of that update.
 */
export class MarathonMetricsObserver extends Observer {
  static readonly className = 'observer.MarathonMetricsObserver';
  static readonly description = 'Polls the Marathon metrics endpoint twice per second and publishes every value that changed.';
  static readonly publishes = ['MarathonMetricUpdateEvent'] as const;
  static readonly options: OptionSpec = {
    url: { type: 'string', required: true, description: 'The URL of the Marathon metrics endpoint', example: '{{marathon_url}}/metrics' },
    headers: {
      type: 'object',
      description: 'Additional headers to send. `Authorization: token=<dcos_auth_token>` is added when that definition exists (unless given here)',
    },
    ...HTTP_CLIENT_OPTIONS,
  };

  private client!: HttpClient;
  private previous = new Map<string, unknown>();
  private waits: Waits | null = null;
  private loop: Promise<void> | null = null;

  override async init(): Promise<void> {
    this.client = createHttpClient(this.ctx, this, this.render(), true);
    await super.init();
    this.ctx.bus.subscribe(() => {
      this.previous = new Map();
    }, { order: 1, events: ['ParameterUpdateEvent'] });
    this.ctx.bus.subscribe(() => this.start(), { events: ['StartEvent'] });
    this.ctx.bus.subscribe(() => this.stop(), { events: ['TeardownEvent'] });
  }

  private start(): void {
    if (this.waits) return;
    const waits = new Waits();
    this.waits = waits;
    this.loop = this.poll(waits);
  }

  private async poll(waits: Waits): Promise<void> {
    const cfg = this.render();
    const url = String(cfg.url);
    while (!waits.isCancelled) {
      const started = process.hrtime.bigint();
      const res = await requestJson(this.client, 'GET', url, this.client.headers(cfg.headers));
      if (res.aborted) return;
      if (res.error !== null) this.logger.debug(`Metrics marathon endpoint not accessible (${res.error})`);
      else if (res.statusCode !== 200) this.logger.debug(`Metrics marathon endpoint not accessible (Received ${res.statusCode} HTTP status code)`);
      else this.publishChanges(flattenJson(res.json), hrToEpochSeconds(res.end));
      await waits.until(started + BigInt(Math.round(POLL_SECONDS * 1e9)));
    }
  }

  private publishChanges(current: Map<string, unknown>, ts: number): void {
    const traceids = this.lastTraceIds;
    for (const [name, value] of current) {
      if (!this.previous.has(name) || !isDeepStrictEqual(this.previous.get(name), value)) {
        this.ctx.bus.publish(new Event('MarathonMetricUpdateEvent', { name, value }, traceids, ts));
      }
    }
    for (const name of this.previous.keys()) {
      if (!current.has(name)) this.ctx.bus.publish(new Event('MarathonMetricUpdateEvent', { name, value: null }, traceids, ts));
    }
    this.previous = current;
  }

  private async stop(): Promise<void> {
    this.waits?.cancel();
    this.client.abortAll();
    await this.loop;
    this.waits = null;
    this.loop = null;
  }

  override async close(): Promise<void> {
    await this.stop();
    this.client.close();
  }
}
