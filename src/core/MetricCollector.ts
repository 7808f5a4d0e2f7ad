import { Event, nowSeconds } from './Event.js';
import type { EventBus } from './EventBus.js';
import type { Logger } from './Logger.js';
import { Timeseries } from './Timeseries.js';
import type { GeneralConfig } from './config/GeneralConfig.js';
import type { Summarizer, SummaryValue } from '../summarizers/Summarizer.js';
import type { Parameters } from './ParameterBatch.js';

/** One test case: a unique parameter combination, pooled over runs. */
export class Axis {
  readonly traceids = new Set<number>();
  readonly flags: Record<string, unknown> = {};
  readonly series = new Map<string, Timeseries>();
  readonly notes: string[] = [];
  readonly runs = new Set<number>();

  constructor(
    readonly parameters: Parameters,
    metrics: string[],
  ) {
    for (const m of metrics) this.series.set(m, new Timeseries());
  }

  matches(parameters: Parameters): boolean {
    const keys = new Set([...Object.keys(parameters), ...Object.keys(this.parameters)]);
    for (const k of keys) if (!sameValue(this.parameters[k], parameters[k])) return false;
    return true;
  }
}

function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a === 'object' || typeof b === 'object') return JSON.stringify(a) === JSON.stringify(b);
  return false;
}

export interface RawAxis {
  parameters: Parameters;
  values: Record<string, Array<[number, number]>>;
  flags: Record<string, unknown>;
}

export interface SummarizedAxis {
  parameters: Parameters;
  /** null: the test case has no sample of that metric (nothing to summarize). */
  values: Record<string, Record<string, SummaryValue | null>>;
  flags: Record<string, unknown>;
}

/**
 * Collects metric samples into axes (one per parameter combination) and summarizes them.
 * Samples are attributed to an axis through the trace ids of its ParameterUpdateEvents.
 */
export class MetricCollector {
  readonly axes: Axis[] = [];
  private readonly byTrace = new Map<number, Axis>();
  private readonly metricNames: string[];
  started: number | null = null;
  /** Current run number (1-based), set by the session. */
  run = 1;

  constructor(
    private readonly bus: EventBus,
    private readonly logger: Logger,
    general: GeneralConfig,
    private readonly summarizers: Map<string, Summarizer[]>,
  ) {
    this.metricNames = general.metrics.map((m) => m.name);
    bus.subscribe((e) => this.onParameterUpdate(e), { order: 1, events: ['ParameterUpdateEvent'] });
    bus.subscribe((e) => this.onFlagUpdate(e), { order: 1, events: ['FlagUpdateEvent'] });
  }

  private onParameterUpdate(event: Event): void {
    if (this.started === null) this.started = event.ts;
    const parameters = event.parameters as Parameters;
    let axis = this.axes.find((a) => a.matches(parameters));
    if (!axis) {
      axis = new Axis({ ...parameters }, this.metricNames);
      this.axes.push(axis);
    }
    axis.runs.add(this.run);
    for (const id of event.traceids) {
      axis.traceids.add(id);
      this.byTrace.set(id, axis);
    }
  }

  private onFlagUpdate(event: Event): void {
    for (const id of event.traceids) {
      const axis = this.byTrace.get(id);
      if (axis) axis.flags[String(event.name)] = event.value;
    }
  }

  /** The axis a set of trace ids belongs to (the newest matching id wins). */
  axisFor(traceids: Iterable<number>): Axis | undefined {
    let best: Axis | undefined;
    let bestId = -1;
    for (const id of traceids) {
      const axis = this.byTrace.get(id);
      if (axis && id > bestId) {
        best = axis;
        bestId = id;
      }
    }
    return best;
  }

  trackMetric(name: string, value: unknown, traceids: Iterable<number>): void {
    const series = this.metricNames.includes(name);
    if (!series) throw new Error(`Metric ${name} does not exist (declare it in config.metrics)`);
    // null, '' and non-numbers are "no measurement", never a sample of 0.
    const num = typeof value === 'number' ? value : typeof value === 'boolean' ? Number(value) : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
    if (!Number.isFinite(num)) {
      this.logger.debug(`Ignoring non-numeric value ${JSON.stringify(value)} for metric ${name}`);
      return;
    }
    // Trackers mostly pass an event's own id array, which the Event constructor copies anyway.
    const ids = Array.isArray(traceids) ? (traceids as number[]) : [...traceids];
    const axis = this.axisFor(ids);
    if (!axis) {
      // Before the first test case nothing can own a sample (an observer polling early).
      if (this.started === null) this.logger.debug(`Unable to find related axis to the received metric update (${name}=${num})`);
      else this.logger.warn(`Unable to find related axis to the received metric update (${name}=${num})`);
      return;
    }
    if (this.logger.isLevelEnabled('debug')) this.logger.debug(`Metric ${name} changed to ${num}`);
    // One clock reading for both: the sample and its event describe the same moment.
    const ts = nowSeconds();
    axis.series.get(name)!.push(ts, num, this.run);
    // One per sample: not built when nobody receives it (it would only be counted).
    if (this.bus.hasSubscribers('MetricUpdateEvent')) this.bus.publish(new Event('MetricUpdateEvent', { name, value: num }, ids, ts));
  }

  raw(): RawAxis[] {
    return this.axes.map((axis) => ({
      parameters: { ...axis.parameters },
      values: Object.fromEntries([...axis.series].map(([m, ts]) => [m, ts.samples()])),
      flags: { ...axis.flags },
    }));
  }

  sum(): SummarizedAxis[] {
    return this.axes.map((axis) => {
      const values: Record<string, Record<string, SummaryValue | null>> = {};
      for (const [metric, ts] of axis.series) {
        const out: Record<string, SummaryValue | null> = {};
        const samples = ts.samples();
        for (const s of this.summarizers.get(metric) ?? []) {
          // A test case that produced no sample has no value (not a mean of 0).
          if (samples.length === 0) {
            out[s.name] = null;
            continue;
          }
          out[s.name] = s.calculate(samples, {
            parameters: axis.parameters,
            note: (msg) => {
              const text = `${metric} (${s.name}): ${msg}`;
              if (!axis.notes.includes(text)) axis.notes.push(text);
            },
          });
        }
        values[metric] = out;
      }
      return { parameters: { ...axis.parameters }, values, flags: { ...axis.flags } };
    });
  }
}
