import { Observer } from './Observer.js';
import { Event } from '../../core/Event.js';
import { EventFilter, type EventFilterSession } from '../../core/EventFilter.js';
import type { OptionSpec } from '../../core/Options.js';
import { parseTimeExpr } from '../../core/parseTimeExpr.js';
import { didYouMean } from '../../core/closestMatch.js';
import { isPlainObject, type ConfigObject } from '../../core/config/ConfigLoader.js';
import type { HttpClient } from '../../http/HttpClient.js';
import { createHttpClient } from '../../http/createHttpClient.js';
import { hrToEpochSeconds } from '../../http/hrToEpochSeconds.js';
import { Waits } from '../../http/Waits.js';
import { InstanceTraces } from '../../marathon/InstanceTraces.js';
import { canonicalId } from '../../marathon/canonicalId.js';
import { diffRootGroups, type MarathonGroup } from '../../marathon/diffRootGroups.js';
import { MARATHON_API_OPTIONS } from '../../marathon/marathonOptions.js';
import { marathonUrl } from '../../marathon/marathonUrl.js';
import { requestJson, type JsonResponse } from '../../marathon/requestJson.js';

const GROUPS_PATH = '/v2/groups?embed=group.groups&embed=group.apps&embed=group.pods&embed=group.apps.deployments';
const EVENT_KEYS = ['start', 'stop'];

type Availability = 'unknown' | 'up' | 'down';

function isGroup(value: unknown): value is MarathonGroup {
  return isPlainObject(value) && typeof value.id === 'string' && Array.isArray(value.apps) && Array.isArray(value.groups) && (value.pods === undefined || Array.isArray(value.pods));
}

/**
 * A polling replacement for MarathonEventsObserver: polls the root group and publishes the
 * differences between two polls as deployment events. An app or pod counts as deployed once
 * it is added, changed or removed and no deployment lists it any more. Deployments started
 * through a Marathon channel (MarathonDeploymentStartedEvent) are traced, and fail after
 * `failureTimeout` or when Marathon stops answering.
 */
export class MarathonPollerObserver extends Observer {
  static readonly className = 'observer.MarathonPollerObserver';
  static readonly description = 'Polls the Marathon groups endpoint and publishes the changes as deployment events; a fallback for when the SSE stream is not available.';
  static readonly publishes = ['MarathonStartedEvent', 'MarathonUnavailableEvent', 'MarathonDeploymentSuccessEvent', 'MarathonDeploymentFailedEvent', 'MarathonGroupChangeSuccessEvent'] as const;
  static readonly options: OptionSpec = {
    ...MARATHON_API_OPTIONS,
    interval: { type: 'time', default: 0.5, description: 'Time to wait after each poll before the next one (seconds or `200ms`)' },
    failureTimeout: {
      type: 'time',
      default: 0,
      description: 'Fail a deployment started through a Marathon channel that did not complete in this time (seconds or `30s`); 0: never',
    },
    retries: { type: 'integer', default: 3, description: 'Consecutive failed polls before Marathon counts as unavailable' },
    events: {
      type: 'object',
      default: { start: 'StartEvent', stop: 'TeardownEvent' },
      description: 'Event filters that start and stop the polling: `start` (default StartEvent) and `stop` (default TeardownEvent)',
    },
  };

  private client!: HttpClient;
  private interval = 0.5;
  private failureTimeout = 0;
  private retries = 3;
  private readonly traces = new InstanceTraces();
  /** Deployments started through a channel and not seen completing, with their deadline (epoch seconds, as event timestamps). */
  private readonly pending = new Map<string, number>();
  private availability: Availability = 'unknown';
  private failures = 0;
  private baseline: MarathonGroup | null = null;
  private waits: Waits | null = null;
  private loop: Promise<void> | null = null;

  override async init(): Promise<void> {
    const cfg = this.render();
    this.interval = this.readTime(cfg, 'interval', false);
    this.failureTimeout = this.readTime(cfg, 'failureTimeout', true);
    const retries = Number(this.option(cfg, 'retries'));
    if (!Number.isInteger(retries) || retries < 0) throw this.configError(`\`retries\` must be a whole number, got ${JSON.stringify(cfg.retries)}`, 'retries');
    this.retries = Math.max(1, retries);
    const { start, stop } = this.readEvents(cfg);
    this.client = createHttpClient(this.ctx, this, cfg, true);
    await super.init();
    this.ctx.bus.subscribe((e: Event) => this.onStarted(e), { order: 2, events: ['MarathonDeploymentStartedEvent'] });
    const sessions: EventFilterSession[] = [start.start(null, () => this.start()), stop.start(null, () => void this.stop())];
    const names = [start.subscriptionEvents, stop.subscriptionEvents];
    this.ctx.bus.subscribe(
      (e: Event) => {
        for (const s of sessions) s.handle(e);
      },
      names.includes(null) ? {} : { events: names.flatMap((n) => n ?? []) },
    );
  }

  private readTime(cfg: ConfigObject, key: string, zeroAllowed: boolean): number {
    const value = this.option(cfg, key);
    if (zeroAllowed && (value === 0 || value === '0')) return 0;
    const seconds = parseTimeExpr(value);
    if (seconds === null || seconds < 0 || (!zeroAllowed && seconds === 0)) {
      throw this.configError(`\`${key}\` must be a ${zeroAllowed ? '' : 'positive '}time (seconds, or e.g. 500ms), got ${JSON.stringify(value)}`, key);
    }
    return seconds;
  }

  private readEvents(cfg: ConfigObject): { start: EventFilter; stop: EventFilter } {
    const events = this.option(cfg, 'events');
    if (!isPlainObject(events)) throw this.configError('`events` must be a mapping with `start` and/or `stop`', 'events');
    for (const key of Object.keys(events)) if (!EVENT_KEYS.includes(key)) throw this.configError(`Unknown key \`${key}\` in events${didYouMean(key, EVENT_KEYS)} (expected start, stop)`, 'events');
    const filter = (key: string, fallback: string): EventFilter => {
      try {
        return new EventFilter(String(events[key] ?? fallback));
      } catch (err) {
        throw this.configError(err instanceof Error ? err.message : String(err), 'events');
      }
    };
    return { start: filter('start', 'StartEvent'), stop: filter('stop', 'TeardownEvent') };
  }

  private onStarted(e: Event): void {
    const id = canonicalId(String(e.instance));
    this.traces.set(id, e.traceids);
    // On the events' clock: a poll fails the deployment when it answered past the deadline, so the
    // failure's timestamp is never less than `failureTimeout` after the start's.
    this.pending.set(id, this.failureTimeout > 0 ? e.ts + this.failureTimeout : Infinity);
  }

  private start(): void {
    if (this.waits) return;
    const waits = new Waits();
    this.waits = waits;
    this.loop = this.poll(waits);
  }

  private async stop(): Promise<void> {
    this.waits?.cancel();
    this.client.abortAll();
    await this.loop;
    this.waits = null;
    this.loop = null;
  }

  private async poll(waits: Waits): Promise<void> {
    const cfg = this.render();
    const url = marathonUrl(String(cfg.url), GROUPS_PATH);
    while (!waits.isCancelled) {
      const res = await requestJson(this.client, 'GET', url, this.client.headers(cfg.headers));
      if (res.aborted) return;
      this.handle(res);
      await waits.until(res.end + BigInt(Math.round(this.interval * 1e9)));
    }
  }

  private handle(res: JsonResponse): void {
    const ok = res.error === null && res.statusCode >= 200 && res.statusCode < 300;
    if (!ok || !isGroup(res.json)) {
      this.onFailedPoll(res.error ?? (ok ? 'the answer is not a group' : `Unexpected HTTP response HTTP/${res.statusCode}`));
      return;
    }
    this.failures = 0;
    const group = res.json;
    if (this.availability !== 'up' || this.baseline === null) {
      // The first answer is the baseline: what Marathon already runs is no deployment of ours.
      this.availability = 'up';
      this.baseline = group;
      this.logger.info('Marathon is responding');
      this.ctx.bus.publish(new Event('MarathonStartedEvent'));
      return;
    }
    const diff = diffRootGroups(this.baseline, group);
    this.baseline = group;
    const ts = hrToEpochSeconds(res.end);
    // Traces are collected before any is forgotten: sibling apps of one group request share its ids.
    const instances = [...diff.instances].map((id) => [id, this.traces.collect([id])] as const);
    const groups = [...diff.groups].map((id) => [id, this.traces.collect([id])] as const);
    for (const [id, traceids] of instances) {
      this.ctx.bus.publish(new Event('MarathonDeploymentSuccessEvent', { deployment: null, instances: [id] }, traceids, ts));
      this.pending.delete(id);
    }
    for (const [id, traceids] of groups) {
      this.ctx.bus.publish(new Event('MarathonGroupChangeSuccessEvent', { deployment: null, instances: [id] }, traceids, ts));
      this.pending.delete(id);
    }
    this.traces.forget(diff.instances);
    for (const [id, deadline] of this.pending) {
      if (deadline > ts) continue;
      this.logger.warn(`Failing deployment ${id} due to timeout`);
      this.fail(id, 'due to timeout', ts);
    }
  }

  private onFailedPoll(reason: string): void {
    this.failures += 1;
    const message = `Unable to poll Marathon: ${reason}`;
    if (this.failures === 1 && this.availability !== 'down') this.logger.warn(message);
    else this.logger.debug(message);
    if (this.failures < this.retries || this.availability === 'down') return;
    if (this.availability === 'up') {
      this.logger.warn('Marathon became unresponsive');
      for (const id of [...this.pending.keys()]) this.fail(id, 'due to connection interrupt');
    } else {
      this.logger.warn(`Marathon is not responding at ${String(this.render().url)}`);
    }
    this.availability = 'down';
    this.baseline = null;
    this.ctx.bus.publish(new Event('MarathonUnavailableEvent'));
  }

  private fail(id: string, reason: string, ts?: number): void {
    this.ctx.bus.publish(new Event('MarathonDeploymentFailedEvent', { deployment: null, instances: [id], reason }, this.traces.collect([id]), ts));
    this.pending.delete(id);
    this.traces.forget([id]);
  }

  override async close(): Promise<void> {
    await this.stop();
    this.client.close();
  }
}
