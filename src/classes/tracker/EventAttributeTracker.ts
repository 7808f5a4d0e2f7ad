import { Tracker } from './Tracker.js';
import type { EventFilter, EventFilterSession } from '../../core/EventFilter.js';
import type { Expression } from '../../core/Expression.js';
import { didYouMean } from '../../core/closestMatch.js';
import type { Event } from '../../core/Event.js';
import type { OptionSpec } from '../../core/Options.js';
import { isPlainObject } from '../../core/config/ConfigLoader.js';
import { subscriptionEvents } from './subscriptionEvents.js';

const EXTRACT_KEYS = ['metric', 'attrib', 'eval'];

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
    this.eventFilter = this.filterOption(cfg.event, 'event');
    this.traceFilter = this.filterOption(this.option(cfg, 'traceIdFrom'), 'traceIdFrom');
    const extract = cfg.extract;
    if (!Array.isArray(extract) || extract.length === 0) throw this.configError('`extract` must list at least one `{metric, attrib}` or `{metric, eval}`', 'extract');
    this.extractors = extract.map((x, i) => {
      if (!isPlainObject(x)) throw this.configError(`extract[${i}] must be a mapping`, `extract[${i}]`);
      for (const k of Object.keys(x)) if (!EXTRACT_KEYS.includes(k)) throw this.configError(`Unknown key \`${k}\` in extract[${i}]${didYouMean(k, EXTRACT_KEYS) || ' (expected metric, attrib, eval)'}`, `extract[${i}].${k}`);
      const metric = this.checkMetric(x.metric, `extract[${i}].metric`);
      const key = x.attrib !== undefined ? 'attrib' : 'eval';
      if (x[key] === undefined) throw this.configError(`extract[${i}] needs \`attrib\` or \`eval\``, `extract[${i}]`);
      return { metric, expression: this.expressionOption(x[key], `extract[${i}].${key}`) };
    });
    this.eventSession = this.eventFilter.start(null, (e) => this.onMatch(e));
    this.traceSession = this.traceFilter.start(null, (e) => this.onTraceEvent(e));
    this.ctx.bus.subscribe((e) => {
      this.eventSession.handle(e);
      this.traceSession.handle(e);
    }, { events: subscriptionEvents([], [this.eventFilter, this.traceFilter]) });
  }

  private onTraceEvent(e: Event): void {
    // A new test case: selectors such as :last and :after complete for the previous one first.
    this.eventSession.finalize();
    this.activeTraceIds = [...e.traceids];
    this.eventSession = this.eventFilter.start(null, (ev) => this.onMatch(ev));
  }

  private onMatch(e: Event): void {
    for (const x of this.extractors) {
      try {
        this.trackMetric(x.metric, x.expression.evaluate(scopeOf(x.expression, e)), this.activeTraceIds ?? e.traceids);
      } catch (err) {
        this.logger.warn(`Error while handling matched event: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
  }

  override async close(): Promise<void> {
    this.eventSession?.finalize();
  }
}

/**
 * The names an expression uses, from the event: its attributes by name, and `event` for the
 * event itself. Built per match from the expression's own names, which is much cheaper than
 * copying every attribute of every event.
 */
function scopeOf(expression: Expression, e: Event): Record<string, unknown> {
  const scope: Record<string, unknown> = {};
  for (const name of expression.names) {
    if (name === 'event') scope.event = e;
    else if (Object.hasOwn(e, name)) scope[name] = e[name];
  }
  return scope;
}
