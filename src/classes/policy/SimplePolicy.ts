import { Policy, type PolicyPlan, type StateHandlers } from './Policy.js';
import type { EventFilter, EventFilterSession } from '../../core/EventFilter.js';
import { didYouMean } from '../../core/closestMatch.js';
import { parseTimeExpr } from '../../core/parseTimeExpr.js';
import type { OptionSpec } from '../../core/Options.js';
import type { Event } from '../../core/Event.js';
import { isPlainObject } from '../../core/config/ConfigLoader.js';
import { coerceValues } from '../../core/coerce.js';

/**
 * Submits one parameter change and ends when the end event arrives or the timeout
 * passes. No exploration, no repetition within a run.
 */
export class SimplePolicy extends Policy {
  static readonly className = 'policy.SimplePolicy';
  static readonly description = 'Submits a single parameter change and terminates when the designated end condition is met.';
  static readonly publishes = ['ParameterUpdateEvent', 'FlagUpdateEvent'] as const;
  static readonly options: OptionSpec = {
    parameters: { type: 'object', default: {}, description: 'The parameter values to submit', example: { apps: 1 } },
    events: { type: 'object', default: {}, description: '`start`: wait for this event filter before submitting; `end`: terminate when this event filter matches' },
    timeout: { type: 'time', description: 'Maximum running time, counted from Start (includes the wait for the start event)' },
  };

  private deadline: number | null = null;
  private endSession: EventFilterSession | null = null;
  private startFilter: EventFilter | null = null;
  private endFilter: EventFilter | null = null;

  override async init(): Promise<void> {
    const events = this.config.events ?? {};
    if (!isPlainObject(events)) throw this.configError('`events` must be a mapping with `start`/`end`', 'events');
    for (const k of Object.keys(events)) if (k !== 'start' && k !== 'end') throw this.configError(`Unknown event key \`${k}\`${didYouMean(k, ['start', 'end'])} (expected start or end)`, `events.${k}`);
    if (events.start) this.startFilter = this.filterOption(events.start, 'events.start');
    if (events.end) this.endFilter = this.filterOption(events.end, 'events.end');
    await super.init();
  }

  override plan(): PolicyPlan {
    const params = this.render().parameters;
    return { cases: [isPlainObject(params) ? coerceValues(params) : {}], seconds: null };
  }

  protected readonly states: Record<string, StateHandlers> = {
    Start: {
      enter: () => {
        const cfg = this.render();
        const timeout = cfg.timeout === undefined ? null : parseTimeExpr(cfg.timeout);
        this.deadline = timeout === null ? null : performance.now() + timeout * 1000;
        this.waitForStart(this.startFilter, 'Run');
      },
      any: (e) => this.checkTimeout(e),
    },
    Run: {
      enter: () => {
        this.endSession = this.endFilter?.start(null, () => {
          this.logger.info('End event matched');
          this.goto('End');
        }) ?? null;
        const params = this.render().parameters;
        this.setParameters(isPlainObject(params) ? coerceValues(params) : {});
      },
      any: (e) => this.checkTimeout(e),
    },
    End: {},
  };

  protected override filterSessions(): Array<EventFilterSession | null> {
    return [this.startSession, this.endSession];
  }

  /** The `any` handlers only check the timeout on TickEvent. */
  protected override listensTo(): Array<string | EventFilter | null> {
    return ['TickEvent', this.startFilter, this.endFilter];
  }

  private checkTimeout(e: Event): void {
    if (e.event === 'TickEvent' && this.deadline !== null && performance.now() > this.deadline) {
      this.logger.warn(`Policy timed out after ${String(this.config.timeout)}`);
      this.goto('End');
    }
  }
}
