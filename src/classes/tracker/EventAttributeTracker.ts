import { Tracker } from './Tracker.js';
import { EventFilter, type EventFilterSession } from '../../core/EventFilter.js';
import { Expression } from '../../core/Expression.js';
import type { Event } from '../../core/Event.js';
import type { OptionSpec } from '../../core/Options.js';
import { isPlainObject } from '../../core/config/ConfigLoader.js';

interface Extractor {
  metric: string;
  expression: Expression;
}

/** Records an attribute of (or an expression over) matching events as a metric sample. */
export class EventAttributeTracker extends Tracker {
  static readonly className = 'tracker.EventAttributeTracker';
  static readonly description = 'Extracts the value of an attribute of an event into a metric.';
  static readonly publishes = ['MetricUpdateEvent'] as const;
  static readonly options: OptionSpec = {
    event: { type: 'filter', required: true, description: 'The event filter to handle' },
    extract: { type: 'array', required: true, description: 'List of `{metric, attrib}` (an attribute path such as `responseTime` or `fields[\'name\']`) or `{metric, eval}` (an expression over `event`)' },
    traceIdFrom: { type: 'filter', default: 'ParameterUpdateEvent', description: 'Take the trace ids from the latest event matching this filter (the test case it belongs to)' },
  };

  private extractors: Extractor[] = [];
  private eventFilter!: EventFilter;
  private traceFilter!: EventFilter;
  private eventSession!: EventFilterSession;
  private traceSession!: EventFilterSession;
  private activeTraceIds: number[] | null = null;

  override async init(): Promise<void> {
    const cfg = this.render();
    try {
      this.eventFilter = new EventFilter(String(cfg.event));
    } catch (err) {
      throw this.configError(err instanceof Error ? err.message : String(err), 'event');
    }
    try {
      this.traceFilter = new EventFilter(String(this.option(cfg, 'traceIdFrom')));
    } catch (err) {
      throw this.configError(err instanceof Error ? err.message : String(err), 'traceIdFrom');
    }
    const extract = cfg.extract;
    if (!Array.isArray(extract) || extract.length === 0) throw this.configError('`extract` must list at least one `{metric, attrib}` or `{metric, eval}`', 'extract');
    this.extractors = extract.map((x, i) => {
      if (!isPlainObject(x)) throw this.configError(`extract[${i}] must be a mapping`, 'extract');
      for (const k of Object.keys(x)) if (!['metric', 'attrib', 'eval'].includes(k)) throw this.configError(`Unknown key \`${k}\` in extract[${i}] (expected metric, attrib, eval)`, 'extract');
      const metric = this.checkMetric(x.metric, 'extract');
      const source = x.attrib ?? x.eval;
      if (source === undefined) throw this.configError(`extract[${i}] needs \`attrib\` or \`eval\``, 'extract');
      try {
        return { metric, expression: new Expression(source as string) };
      } catch (err) {
        throw this.configError(err instanceof Error ? err.message : String(err), 'extract');
      }
    });
    this.eventSession = this.eventFilter.start(null, (e) => this.onMatch(e));
    this.traceSession = this.traceFilter.start(null, (e) => this.onTraceEvent(e));
    this.ctx.bus.subscribe((e) => {
      this.eventSession.handle(e);
      this.traceSession.handle(e);
    });
  }

  private onTraceEvent(e: Event): void {
    // A new test case: selectors such as :last and :after complete for the previous one first.
    this.eventSession.finalize();
    this.activeTraceIds = [...e.traceids];
    this.eventSession = this.eventFilter.start(null, (ev) => this.onMatch(ev));
  }

  private onMatch(e: Event): void {
    const attrs = { ...e };
    const scope = { ...attrs, event: attrs };
    for (const x of this.extractors) {
      try {
        this.trackMetric(x.metric, x.expression.evaluate(scope), this.activeTraceIds ?? e.traceids);
      } catch (err) {
        this.logger.warn(`Error while handling matched event: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
  }

  override async close(): Promise<void> {
    this.eventSession?.finalize();
  }
}
