import { Tracker } from './Tracker.js';
import { TrackingSessions } from './TrackingSessions.js';
import type { EventFilter } from '../../core/EventFilter.js';
import { didYouMean } from '../../core/closestMatch.js';
import type { Event } from '../../core/Event.js';
import type { OptionSpec } from '../../core/Options.js';
import { isPlainObject } from '../../core/config/ConfigLoader.js';

/**
 * Measures the time between a start and an end event of the same test case. Ends are
 * paired with the oldest unmatched start of the most specific shared trace.
 */
export class DurationTracker extends Tracker {
  static readonly className = 'tracker.DurationTracker';
  static readonly description = 'Tracks the duration between a start and an end event.';
  static readonly publishes = ['MetricUpdateEvent'] as const;
  static readonly options: OptionSpec = {
    metric: { type: 'string', required: true, description: 'The metric where to write the measured value to' },
    events: { type: 'object', required: true, description: '`start`: the event to start counting from; `end`: the event to stop counting at (filter expressions)' },
  };

  override async init(): Promise<void> {
    const cfg = this.render();
    const metric = this.checkMetric(cfg.metric, 'metric');
    const events = cfg.events;
    if (!isPlainObject(events) || !events.start || !events.end) throw this.configError('`events` needs both `start` and `end`', 'events');
    for (const k of Object.keys(events)) if (k !== 'start' && k !== 'end') throw this.configError(`Unknown key \`${k}\` in events${didYouMean(k, ['start', 'end']) || ' (expected start, end)'}`, `events.${k}`);
    const startFilter = this.filterOption(events.start, 'events.start');
    const endFilter = this.filterOption(events.end, 'events.end');
    // Order 100: after every other subscriber of the same event.
    new TrackingSessions(this.ctx.bus, 100, [startFilter, endFilter], (traceids) => new DurationSession(traceids, startFilter, endFilter, (d) => this.trackMetric(metric, d, traceids), (msg) => this.logger.warn(`${msg} for ${metric}`)));
  }
}

class DurationSession {
  private readonly startsByTrace = new Map<number, Event[]>();
  private readonly allStarts: Event[] = [];
  private readonly consumed = new Set<Event>();
  private pendingEnds: Event[] = [];
  private readonly startSession;
  private readonly endSession;

  constructor(traceids: number[], start: EventFilter, end: EventFilter, private readonly record: (d: number) => void, private readonly warn: (m: string) => void) {
    this.startSession = start.start(traceids, (e) => this.onStart(e));
    this.endSession = end.start(traceids, (e) => this.onEnd(e));
  }

  handle(e: Event): void {
    this.startSession.handle(e);
    this.endSession.handle(e);
  }

  private onStart(e: Event): void {
    for (const id of e.traceids) {
      let q = this.startsByTrace.get(id);
      if (!q) this.startsByTrace.set(id, (q = []));
      q.push(e);
    }
    this.allStarts.push(e);
    this.match();
  }

  private onEnd(e: Event): void {
    this.pendingEnds.push(e);
    this.match();
  }

  private match(): void {
    const left: Event[] = [];
    for (const end of this.pendingEnds) {
      let matched = false;
      for (const id of [...end.traceids].sort((a, b) => b - a)) {
        const q = this.startsByTrace.get(id);
        while (q && q.length > 0 && this.consumed.has(q[0]!)) q.shift();
        if (q && q.length > 0) {
          const start = q.shift()!;
          this.consumed.add(start);
          this.record(end.ts - start.ts);
          matched = true;
          break;
        }
      }
      if (!matched) left.push(end);
    }
    this.pendingEnds = left;
  }

  finalize(): void {
    this.startSession.finalize();
    this.endSession.finalize();
    const starts = this.allStarts.filter((s) => !this.consumed.has(s)).sort((a, b) => a.ts - b.ts);
    const ends = this.pendingEnds.sort((a, b) => a.ts - b.ts);
    const n = Math.min(starts.length, ends.length);
    for (let i = 0; i < n; i++) this.record(ends[i]!.ts - starts[i]!.ts);
    if (starts.length > n) this.warn(`Incomplete duration traces (${starts.length - n} without end)`);
    if (ends.length > n) this.warn(`Incomplete duration traces (${ends.length - n} without start)`);
  }
}
