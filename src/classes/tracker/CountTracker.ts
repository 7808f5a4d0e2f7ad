import { Tracker } from './Tracker.js';
import { TrackingSessions } from './TrackingSessions.js';
import { EventFilter } from '../../core/EventFilter.js';
import { Expression } from '../../core/Expression.js';
import type { OptionSpec } from '../../core/Options.js';
import { toNumber } from '../../core/Options.js';

/** Counts the events of each test case (one sample per test case, even 0). */
export class CountTracker extends Tracker {
  static readonly className = 'tracker.CountTracker';
  static readonly description = 'Tracks the occurrences of an event within the tracking session.';
  static readonly publishes = ['MetricUpdateEvent'] as const;
  static readonly options: OptionSpec = {
    metric: { type: 'string', required: true, description: 'The metric where to write the measured value to' },
    events: { type: 'filter', required: true, description: 'The event to count (a filter expression)' },
    step: { type: 'expression', default: 1, description: 'The increment per event: a number or an expression with `event`, the definitions and the parameters' },
  };

  override async init(): Promise<void> {
    const cfg = this.render();
    const metric = this.checkMetric(cfg.metric, 'metric');
    let filter: EventFilter;
    let step: Expression;
    try {
      filter = new EventFilter(String(cfg.events));
    } catch (err) {
      throw this.configError(err instanceof Error ? err.message : String(err), 'events');
    }
    try {
      step = new Expression(this.option(cfg, 'step') as string | number);
    } catch (err) {
      throw this.configError(err instanceof Error ? err.message : String(err), 'step');
    }
    new TrackingSessions(this.ctx.bus, 5, (traceids, parameters) => {
      let count = 0;
      const session = filter.start(traceids, (event) => {
        try {
          count += toNumber(step.evaluate({ ...this.ctx.definitions.all(), ...parameters, event: { ...event } }), 'step');
        } catch (err) {
          this.logger.warn(`Error while counting ${event.event}: ${err instanceof Error ? err.message : String(err)}`);
        }
      });
      return {
        handle: (e) => session.handle(e),
        finalize: () => {
          session.finalize();
          this.trackMetric(metric, count, traceids);
        },
      };
    });
  }
}
