import { STATUS_CODES } from 'node:http';
import { Channel, TRIGGER_OPTIONS } from './Channel.js';
import { Event } from '../../core/Event.js';
import { EventFilter, type EventFilterSession } from '../../core/EventFilter.js';
import { Expression } from '../../core/Expression.js';
import { discoverMacros } from '../../core/Macros.js';
import type { OptionSpec } from '../../core/Options.js';
import { parseTimeExpr } from '../../core/parseTimeExpr.js';
import { isPlainObject, type ConfigObject } from '../../core/config/ConfigLoader.js';
import type { Parameters } from '../../core/ParameterBatch.js';
import type { EventBus } from '../../core/EventBus.js';
import type { Logger } from '../../core/Logger.js';
import type { HttpClient } from '../../http/HttpClient.js';
import { createHttpClient } from '../../http/createHttpClient.js';
import { HTTP_CLIENT_OPTIONS } from '../../http/httpOptions.js';
import { RequestSchedule, type SchedulePlan } from '../../http/RequestSchedule.js';
import { LaneNumbers } from '../../http/LaneNumbers.js';
import type { RequestRecord } from '../../http/RequestRecord.js';
import type { TimedRequest, TimedRequestObserver, TimedResponse } from '../../http/timedRequest.js';
import { hrToEpochSeconds } from '../../http/hrToEpochSeconds.js';
import { HttpRequestEvent } from '../../http/HttpRequestEvent.js';
import { HttpResponseEvent, type ResponseAttributes } from '../../http/HttpResponseEvent.js';
import { secondsBetween } from '../../http/secondsBetween.js';
import { isSuccessStatus } from '../../http/isSuccessStatus.js';
import { redactHeaders } from '../../http/redactHeaders.js';
import { LoadMetricsSource } from '../../loadmetrics/LoadMetricsSource.js';
import type { LoadStep } from '../../loadmetrics/LoadStep.js';
import { LOAD_METRICS_OPTION } from '../../loadmetrics/loadMetricsOption.js';
import { opTypeOfVerb } from '../../loadmetrics/OpType.js';

type Phase = 'RequestStart' | 'RequestEnd' | 'ResponseStart' | 'ResponseEnd' | 'ResponseError';

const PHASES: readonly Phase[] = ['RequestStart', 'RequestEnd', 'ResponseStart', 'ResponseEnd', 'ResponseError'];

/** The events of one phase: the plain one and its First and Last variants. */
interface PhaseEvents {
  plain: string;
  first: string;
  last: string;
}

const EVENTS = Object.fromEntries(PHASES.map((p) => [p, { plain: `HTTP${p}Event`, first: `HTTPFirst${p}Event`, last: `HTTPLast${p}Event` }])) as Record<Phase, PhaseEvents>;

/** The keys that make up one request; re-rendered per request when they hold macros. */
const REQUEST_KEYS = ['url', 'verb', 'body', 'headers'] as const;

interface BodyCase {
  /** null: always matches (a default case). */
  condition: Expression | null;
  value: unknown;
}

interface RenderedRequest {
  url: string;
  verb: string;
  body: string;
  headers: Record<string, string>;
  /** The headers as events show them (secret values masked). */
  shownHeaders: Record<string, string>;
  /** The verb as events show it (lower case). */
  shownVerb: string;
  /** The verb as sent (upper case). */
  method: string;
}

interface Batch {
  schedule: RequestSchedule;
  count: number;
  /** The channel's connection lane of each lane of the schedule (none when the concurrency is unbounded). */
  lanes: number[];
  traceids: number[];
  parameters: Parameters;
  /** The request when it does not change from one request to the next. */
  fixed: RenderedRequest | null;
  /** Requests started so far. */
  started: number;
  failures: number;
  /** Its load metrics step, when they are on. */
  load: LoadStep | null;
  /** The request as sent when `fixed`: without, then with the response body and headers kept. */
  prepared: [TimedRequest | null, TimedRequest | null];
  bus: EventBus;
  logger: Logger;
  /** Per phase, which of its events have subscribers (1 the plain one, 2 the First, 4 the Last variant), as of bus subscription `wantedVersion`. */
  wanted: Record<Phase, number> | null;
  wantedVersion: number;
}

const isAbsent = (v: unknown): boolean => v === undefined || v === null || v === '';

/** Each pacing option read from its rendered value; throws a message naming the option. */
const PLAN_READERS = {
  repeat(v: unknown): number {
    const n = Number(v);
    if (!Number.isInteger(n) || n < 0 || isAbsent(v)) throw new Error(`\`repeat\` must be a whole number of requests, got ${JSON.stringify(v)}`);
    return n;
  },
  rate(v: unknown): number | null {
    if (isAbsent(v)) return null;
    const n = Number(v);
    if (!(Number.isFinite(n) && n > 0)) throw new Error(`\`rate\` must be a positive number of requests per second, got ${JSON.stringify(v)}`);
    return n;
  },
  concurrency(v: unknown): number | null {
    if (isAbsent(v)) return null;
    const n = Number(v);
    if (!(Number.isInteger(n) && n >= 1)) throw new Error(`\`concurrency\` must be a whole number of at least 1, got ${JSON.stringify(v)}`);
    return n;
  },
  repeatInterval(v: unknown): number | null {
    if (isAbsent(v)) return null;
    const seconds = parseTimeExpr(v);
    if (seconds === null || seconds <= 0) throw new Error(`\`repeatInterval\` must be a positive time (seconds, or e.g. 500ms, 2s), got ${JSON.stringify(v)}`);
    return seconds;
  },
};

interface GateWaiter {
  session: EventFilterSession;
  /** Events delivered up to this count were published before the wait began. */
  after: number;
}

/**
 * Performs HTTP requests when a parameter changes: `repeat` of them per change, back to back,
 * `repeatInterval` apart, after each `repeatAfter` event, or at a fixed `rate` (open model),
 * with up to `concurrency` in flight. Publishes the HTTP request/response events with exact
 * timings and the trace ids of the ParameterUpdateEvent that caused them.
 */
export class HTTPChannel extends Channel {
  static readonly className = 'channel.HTTPChannel';
  static readonly description = 'Performs HTTP requests when a parameter changes: once, repeated, paced, or at a fixed rate with bounded concurrency.';
  static readonly publishes = [...PHASES.flatMap((p) => [`HTTP${p}Event`, `HTTPFirst${p}Event`, `HTTPLast${p}Event`]), 'LoadStepSummaryEvent', 'LoadThresholdSummaryEvent'];
  static readonly options: OptionSpec = {
    url: { type: 'string', required: true, description: 'The URL to send the requests to (macros allowed, re-rendered per request)', example: 'http://127.0.0.1:8080/v2/apps' },
    verb: { type: 'string', default: 'GET', description: 'The HTTP verb' },
    body: {
      type: ['string', 'array'],
      default: '',
      description: 'The request body (macros allowed, re-rendered per request; `{{i}}` is the request index), or a list of `{if: <expression>, value: <body>}` cases: the first case whose `if` is true gives the body (a case without `if` always matches)',
    },
    headers: { type: 'object', description: 'The HTTP headers to send. `Authorization: token=<dcos_auth_token>` is added when that definition exists' },
    repeat: { type: 'integer', default: 1, description: 'How many requests to send per parameter change (a number or a macro)' },
    repeatInterval: { type: 'time', description: 'Start the requests at least this long apart (seconds or `500ms`, `2s`), each after the previous one completed (with `concurrency: 1`)' },
    repeatAfter: { type: 'filter', description: 'Send each request after the first when an event matching this filter is published after the previous request completed' },
    concurrency: { type: 'integer', description: 'At most this many requests in flight (default 1; unlimited with `rate`)' },
    rate: { type: 'number', description: 'Send the requests at this many per second, each at its own slot of the schedule whatever the server does (open model); `latency` is then counted from that slot' },
    ...HTTP_CLIENT_OPTIONS,
    ...LOAD_METRICS_OPTION,
    ...TRIGGER_OPTIONS,
  };

  private client!: HttpClient;
  private template: ConfigObject = {};
  private dynamicRequest = false;
  private bodyCases: BodyCase[] | null = null;
  private gateFilter: EventFilter | null = null;
  private readonly gateWaiters = new Set<GateWaiter>();
  private delivered = 0;
  private readonly batches = new Set<Batch>();
  private readonly laneNumbers = new LaneNumbers();
  private closed = false;
  private loadMetrics: LoadMetricsSource | null = null;

  override async init(): Promise<void> {
    const cfg = this.render();
    const raw = this.config;
    this.template = Object.fromEntries(REQUEST_KEYS.filter((k) => raw[k] !== undefined).map((k) => [k, raw[k]]));
    this.dynamicRequest = Array.isArray(raw.body) || discoverMacros(this.template).size > 0;
    if (Array.isArray(raw.body)) this.bodyCases = this.readBodyCases(raw.body);
    if (raw.repeatAfter !== undefined && raw.repeatAfter !== null) {
      try {
        this.gateFilter = new EventFilter(String(cfg.repeatAfter));
      } catch (err) {
        throw this.configError(err instanceof Error ? err.message : String(err), 'repeatAfter');
      }
    }
    const pacingKeys = ['rate', 'repeatInterval', 'repeatAfter'].filter((k) => raw[k] !== undefined && raw[k] !== null);
    if (pacingKeys.length > 1) throw this.configError(`Give only one of ${pacingKeys.map((k) => `\`${k}\``).join(', ')}: each sets the pace of the requests`, pacingKeys[1]);
    if (this.gateFilter && raw.concurrency !== undefined && String(raw.concurrency) !== '1') {
      throw this.configError('`repeatAfter` sends one request per event: it cannot be combined with `concurrency` above 1', 'concurrency');
    }
    // Values without macros are checked now, so a typo fails before the test runs.
    for (const [key, read] of Object.entries(PLAN_READERS)) {
      if (discoverMacros(raw[key]).size > 0) continue;
      try {
        read(this.option(cfg, key));
      } catch (err) {
        throw this.configError(err instanceof Error ? err.message : String(err), key);
      }
    }
    this.client = createHttpClient(this.ctx, this, cfg, true);
    this.loadMetrics = LoadMetricsSource.create(this.ctx, this, cfg.loadMetrics);
    await super.init();
    if (this.gateFilter) {
      this.ctx.bus.subscribe((e) => this.feedGates(e), { order: 0 });
    }
    this.ctx.bus.subscribe(() => this.stopAll(), { events: ['TeardownEvent'] });
  }

  protected handleParameterUpdate(event: Event): void {
    if (this.closed) return;
    const parameters = (event.parameters ?? {}) as Parameters;
    let plan: SchedulePlan;
    try {
      plan = this.readPlan(this.render(parameters));
    } catch (err) {
      this.logger.error(`Not sending requests: ${err instanceof Error ? err.message : String(err)}`);
      return;
    }
    if (plan.count === 0) return;
    const gate = this.gateFilter;
    if (gate) plan.pacing = { kind: 'gated', gate: () => this.nextGateEvent(gate) };
    // `batch` is only read once run() starts, after it was assigned.
    const schedule = new RequestSchedule(plan, (index, lane, scheduled, started, done) => this.sendOne(batch, index, lane, scheduled, started, done));
    const batch: Batch = {
      schedule,
      count: plan.count,
      lanes: Number.isFinite(plan.concurrency) ? Array.from({ length: Math.min(plan.concurrency, plan.count) }, () => this.laneNumbers.take()) : [],
      traceids: this.lastTraceIds,
      parameters,
      fixed: null,
      started: 0,
      failures: 0,
      load: null,
      prepared: [null, null],
      bus: this.ctx.bus,
      logger: this.logger,
      wanted: null,
      wantedVersion: -1,
    };
    this.batches.add(batch);
    let first: RenderedRequest;
    try {
      first = this.requestFor(batch, 0);
    } catch (err) {
      this.endBatch(batch);
      this.logger.error(err instanceof Error ? err.message : String(err));
      return;
    }
    const what = `${plan.count} ${first.verb.toUpperCase()} request(s) to ${first.url}`;
    this.logger.info(`Performing ${what}`);
    batch.load = this.loadMetrics?.openStep({ traceids: batch.traceids, parameters, opType: opTypeOfVerb(first.verb), concurrency: plan.concurrency, operations: plan.count }) ?? null;
    batch.schedule.run().then(
      () => {
        this.endBatch(batch);
        const failed = batch.failures > 0 ? ` (${batch.failures} failed)` : '';
        if (batch.started < batch.count) this.logger.info(`Stopped ${what} after ${batch.started}${failed}`);
        else this.logger.info(`Completed ${what}${failed}`);
      },
      (err: unknown) => {
        this.endBatch(batch);
        this.logger.error(`Requests to ${first.url} stopped: ${err instanceof Error ? err.message : String(err)}`);
      },
    );
  }

  private endBatch(batch: Batch): void {
    this.batches.delete(batch);
    for (const lane of batch.lanes) this.laneNumbers.give(lane);
    batch.load?.finish();
  }

  /** Repeat, concurrency and pacing from a rendered config (a gate is added by the caller). */
  private readPlan(cfg: ConfigObject): SchedulePlan {
    const count = PLAN_READERS.repeat(this.option(cfg, 'repeat'));
    const rate = PLAN_READERS.rate(cfg.rate);
    const concurrency = PLAN_READERS.concurrency(cfg.concurrency) ?? (rate !== null ? Infinity : 1);
    if (rate !== null) return { count, concurrency, pacing: { kind: 'rate', perSecond: rate } };
    const seconds = PLAN_READERS.repeatInterval(cfg.repeatInterval);
    if (seconds !== null) return { count, concurrency, pacing: { kind: 'interval', seconds } };
    return { count, concurrency, pacing: { kind: 'backToBack' } };
  }

  private readBodyCases(list: unknown[]): BodyCase[] {
    return list.map((item, i) => {
      if (!isPlainObject(item)) throw this.configError(`body[${i}] must be a mapping \`{if: <expression>, value: <body>}\``, 'body');
      for (const k of Object.keys(item)) if (k !== 'if' && k !== 'value') throw this.configError(`Unknown key \`${k}\` in body[${i}] (expected if, value)`, 'body');
      if (item.if === undefined || item.if === null) return { condition: null, value: item.value };
      try {
        return { condition: new Expression(item.if as string), value: item.value };
      } catch (err) {
        throw this.configError(`body[${i}].if: ${err instanceof Error ? err.message : String(err)}`, 'body');
      }
    });
  }

  /** The url, verb, body and headers of request `index`; throws when no body case matches. */
  private requestFor(batch: Batch, index: number): RenderedRequest {
    if (batch.fixed) return batch.fixed;
    // The original's precedence: a parameter named `i` wins over the request index.
    const macros: Parameters = { i: index, _i: index, ...batch.parameters };
    const cfg = this.render(macros, this.template);
    let body: unknown = this.option(cfg, 'body');
    if (this.bodyCases) {
      const scope = { ...this.ctx.definitions.all(), ...macros };
      const match = this.bodyCases.findIndex((c) => c.condition === null || Boolean(c.condition.evaluate(scope)));
      if (match < 0) throw new Error(`Could not find a matching body case for parameters: ${JSON.stringify(batch.parameters)}`);
      body = (cfg.body as ConfigObject[])[match]!.value;
    }
    const headers = this.client.headers(cfg.headers);
    const verb = String(this.option(cfg, 'verb'));
    const request: RenderedRequest = {
      url: String(cfg.url),
      verb,
      shownVerb: verb.toLowerCase(),
      method: verb.toUpperCase(),
      body: body === undefined || body === null ? '' : String(body),
      headers,
      shownHeaders: redactHeaders(headers, this.ctx.definitions.secretValues()),
    };
    if (!this.dynamicRequest) batch.fixed = request;
    return request;
  }

  private sendOne(batch: Batch, index: number, lane: number, scheduled: bigint | null, started: ((at: bigint) => void) | null, done: (lane: number) => void): void {
    let req: RenderedRequest;
    try {
      req = this.requestFor(batch, index);
    } catch (err) {
      this.logger.error(err instanceof Error ? err.message : String(err));
      batch.schedule.stop();
      done(lane);
      return;
    }
    const request = new ChannelRequest(batch, index, lane, req, scheduled, started, done);
    // The response body and headers are decoded only when an event will carry them.
    const keep = request.wantsResponse() ? 1 : 0;
    let prepared = batch.fixed ? batch.prepared[keep] : null;
    if (!prepared) {
      prepared = this.client.prepare({ url: req.url, verb: req.verb, headers: req.headers, body: req.body || null, keepBody: keep === 1 }, keep === 1);
      if (batch.fixed) batch.prepared[keep] = prepared;
    }
    try {
      this.client.send(prepared, request, lane >= 0 ? batch.lanes[lane]! : -1);
    } catch (err) {
      this.logger.error(`Requests to ${req.url} stopped: ${err instanceof Error ? err.message : String(err)}`);
      batch.schedule.stop();
      done(lane);
    }
  }

  /** Resolves at the first matching event published after this call. */
  private nextGateEvent(filter: EventFilter): Promise<void> {
    return new Promise((resolve) => {
      let done = false;
      const waiter: GateWaiter = {
        after: this.delivered + this.ctx.bus.pending(),
        session: filter.start(null, () => {
          if (done) return;
          done = true;
          this.gateWaiters.delete(waiter);
          resolve();
        }),
      };
      if (!done) this.gateWaiters.add(waiter);
    });
  }

  /** Sees every event once, in bus order, so a gate can skip those queued before it opened. */
  private feedGates(e: Event): void {
    this.delivered += 1;
    for (const waiter of [...this.gateWaiters]) if (this.delivered > waiter.after) waiter.session.handle(e);
  }

  private stopAll(): void {
    for (const batch of this.batches) batch.schedule.stop();
    this.gateWaiters.clear();
    this.client.abortAll();
  }

  override async close(): Promise<void> {
    this.closed = true;
    this.stopAll();
    this.client.close();
    await this.loadMetrics?.close();
  }
}

/**
 * One request of a batch: receives its moments from the HTTP client and publishes the events
 * that have subscribers, in order (plain, then First, then Last), each with the timestamp of its
 * moment. An event nobody receives is not built, nor are its attributes.
 */
class ChannelRequest implements TimedRequestObserver {
  constructor(
    private readonly batch: Batch,
    private readonly index: number,
    private readonly lane: number,
    private readonly req: RenderedRequest,
    private readonly scheduled: bigint | null,
    private readonly started: ((at: bigint) => void) | null,
    private readonly done: (lane: number) => void,
  ) {}

  /** Whether an event of the outcome (end or error, plain or variant) has a subscriber. */
  wantsResponse(): boolean {
    return this.wanted('ResponseEnd') !== 0 || this.wanted('ResponseError') !== 0;
  }

  onStart(at: bigint): void {
    const batch = this.batch;
    batch.started += 1;
    this.started?.(at);
    batch.load?.started(at);
    const wanted = this.wanted('RequestStart');
    if (wanted !== 0) this.publish(EVENTS.RequestStart, wanted, at, (name, traceids, ts) => new HttpRequestEvent(name, this.req, this.index, traceids, ts));
  }

  onRequestSent(at: bigint): void {
    const wanted = this.wanted('RequestEnd');
    if (wanted !== 0) this.publish(EVENTS.RequestEnd, wanted, at, (name, traceids, ts) => new HttpRequestEvent(name, this.req, this.index, traceids, ts));
  }

  onResponseStart(at: bigint, statusCode: number): void {
    const wanted = this.wanted('ResponseStart');
    if (wanted !== 0) this.publish(EVENTS.ResponseStart, wanted, at, (name, traceids, ts) => new Event(name, { url: this.req.url, statusCode, index: this.index }, traceids, ts));
  }

  onDone(res: TimedResponse): void {
    // Aborted by teardown: nobody waits for the outcome any more.
    if (res.aborted) {
      this.done(this.lane);
      return;
    }
    const batch = this.batch;
    const record = recordOf(this.req, this.index, this.scheduled, res);
    if (record.error === null) {
      const wanted = this.wanted('ResponseEnd');
      if (wanted !== 0) {
        const attrs = responseAttributes(record, res);
        this.publish(EVENTS.ResponseEnd, wanted, record.end, (name, traceids, ts) => new HttpResponseEvent(name, attrs, traceids, ts));
      }
    } else {
      batch.failures += 1;
      const message = `HTTP ${record.method} request to ${record.url} failed: ${record.error}`;
      // One warning per batch; under load the rest would drown the log.
      if (batch.failures === 1) batch.logger.warn(message);
      else batch.logger.debug(message);
      const wanted = this.wanted('ResponseError');
      if (wanted !== 0) {
        const attrs = { ...responseAttributes(record, res), exception: record.error };
        this.publish(EVENTS.ResponseError, wanted, record.end, (name, traceids, ts) => new Event(name, attrs, traceids, ts));
      }
    }
    batch.load?.ended(record);
    this.done(this.lane);
  }

  /** Which events of the phase this request publishes: 1 the plain one, 2 the First, 4 the Last variant (those with subscribers). */
  private wanted(phase: Phase): number {
    const batch = this.batch;
    const bus = batch.bus;
    let table = batch.wanted;
    if (table === null || batch.wantedVersion !== bus.subscriptionVersion) {
      table = {} as Record<Phase, number>;
      for (const p of PHASES) {
        const events = EVENTS[p];
        table[p] = (bus.hasSubscribers(events.plain) ? 1 : 0) | (bus.hasSubscribers(events.first) ? 2 : 0) | (bus.hasSubscribers(events.last) ? 4 : 0);
      }
      batch.wanted = table;
      batch.wantedVersion = bus.subscriptionVersion;
    }
    const wanted = table[phase];
    return (wanted & 1) | (this.index === 0 ? wanted & 2 : 0) | (this.index === batch.count - 1 ? wanted & 4 : 0);
  }

  /** The plain event, then the First and/or Last variant, as `wanted` says; `build` makes each. */
  private publish(events: PhaseEvents, wanted: number, at: bigint, build: (name: string, traceids: number[], ts: number) => Event): void {
    const bus = this.batch.bus;
    const traceids = this.batch.traceids;
    const ts = hrToEpochSeconds(at);
    if (wanted & 1) bus.publish(build(events.plain, traceids, ts));
    if (wanted & 2) bus.publish(build(events.first, traceids, ts));
    if (wanted & 4) bus.publish(build(events.last, traceids, ts));
  }
}

function recordOf(req: RenderedRequest, index: number, scheduled: bigint | null, res: TimedResponse): RequestRecord {
  const statusError = res.error === null && !isSuccessStatus(res.statusCode) ? `HTTP ${res.statusCode} (${STATUS_CODES[res.statusCode] ?? 'unknown status'})` : null;
  return {
    index,
    url: req.url,
    method: req.method,
    scheduled: scheduled ?? res.start,
    start: res.start,
    sent: res.sent,
    firstByte: res.firstByte,
    firstBodyByte: res.firstBodyByte,
    end: res.end,
    bytesSent: res.bytesSent,
    bytesReceived: res.bytesReceived,
    statusCode: res.statusCode,
    error: res.error ?? statusError,
  };
}

/** The attributes of HTTPResponseEndEvent (and, with `exception`, of HTTPResponseErrorEvent). */
function responseAttributes(record: RequestRecord, res: TimedResponse): ResponseAttributes {
  return {
    url: record.url,
    body: res.body,
    headers: res.headers,
    statusCode: record.statusCode,
    index: record.index,
    requestTime: secondsBetween(record.start, record.sent),
    responseTime: secondsBetween(record.sent, record.firstByte),
    totalTime: secondsBetween(record.start, record.end),
    latency: secondsBetween(record.scheduled, record.end),
    contentLength: record.bytesReceived,
  };
}
