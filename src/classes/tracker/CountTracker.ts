import { Tracker } from './Tracker.js';
import { TrackingSessions } from './TrackingSessions.js';
import type { OptionSpec } from '../../core/Options.js';
import { toNumber } from '../../core/Options.js';

const NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

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
    const filter = this.filterOption(cfg.events, 'events');
    const step = this.expressionOption(this.option(cfg, 'step'), 'step');
    // A plain number (the usual `1`) needs no evaluation per event.
    const rawStep = this.option(cfg, 'step');
    const constant = typeof rawStep === 'number' ? rawStep : typeof rawStep === 'string' && NUMBER.test(rawStep.trim()) ? Number(rawStep) : null;
    new TrackingSessions(this.ctx.bus, 5, [filter], (traceids, parameters) => {
      let count = 0;
      const scope: Record<string, unknown> = { ...this.ctx.definitions.all(), ...parameters };
      const session = filter.start(traceids, (event) => {
        if (constant !== null) {
          count += constant;
          return;
        }
        try {
          scope.event = event;
          count += toNumber(step.evaluate(scope), 'step');
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
