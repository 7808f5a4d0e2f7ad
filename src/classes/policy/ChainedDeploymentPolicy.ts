import { Policy, type StateHandlers } from './Policy.js';
import type { EventFilter, EventFilterSession } from '../../core/EventFilter.js';
import { didYouMean } from '../../core/closestMatch.js';
import { toBoolean, toNumber, type OptionSpec } from '../../core/Options.js';
import { isPlainObject } from '../../core/config/ConfigLoader.js';
import { coerceScalar } from '../../core/coerce.js';

const EVENT_KEYS = ['start', 'success', 'failure'];

/**
 * Applies the values of one parameter one after the other. Each value waits for one
 * success or failure event (or `value` of them with `waitForValueEvents`), sets OK, or
 * FAILED when any of them was a failure, and runs `intertest` before the next value.
 * It starts at once unless `events.start` is given: the original waited for a
 * MarathonStartedEvent, which hangs without a Marathon observer, so configs written for
 * it add `events: {start: MarathonStartedEvent}`. Events are not trace-filtered, as in
 * the original; a failure marks only its own value (the original never reset it).
 */
export class ChainedDeploymentPolicy extends Policy {
  static readonly className = 'policy.ChainedDeploymentPolicy';
  static readonly description = 'Deploys the values of one parameter one after the other, waiting for success or failure events between them.';
  static readonly publishes = ['ParameterUpdateEvent', 'FlagUpdateEvent', 'RunTaskEvent'] as const;
  static readonly options: OptionSpec = {
    parameter: { type: 'string', required: true, description: 'The parameter to change' },
    values: { type: 'array', required: true, description: 'The values to apply, in order', example: [1, 2, 4] },
    waitForValueEvents: { type: 'boolean', default: false, description: 'Wait for `value` success/failure events per value instead of one' },
    events: {
      type: 'object',
      required: true,
      description: '`success`: event filter (or list) completing a value with OK; `failure`: event filter (or list) completing it with FAILED; `start`: wait for this event filter before the first value (default: start at once)',
    },
  };

  private values: unknown[] = [];
  private remaining = 0;
  private successful = true;
  private success: EventFilter[] = [];
  private failure: EventFilter[] = [];
  private startFilter: EventFilter | null = null;
  private sessions: EventFilterSession[] = [];
  /** Bumped when a value is left, so a late intertest completion of an old value does nothing. */
  private valueToken = 0;

  override async init(): Promise<void> {
    const events = this.config.events;
    if (!isPlainObject(events)) throw this.configError('`events` must be a mapping with `success` (and optionally `failure`, `start`)', 'events');
    for (const k of Object.keys(events)) if (!EVENT_KEYS.includes(k)) throw this.configError(`Unknown key \`${k}\` in events${didYouMean(k, EVENT_KEYS) || ` (expected ${EVENT_KEYS.join(', ')})`}`, `events.${k}`);
    const filters = (value: unknown, key: string): EventFilter[] => {
      if (value === undefined || value === null) return [];
      return Array.isArray(value) ? value.map((v, i) => this.filterOption(v, `${key}[${i}]`)) : [this.filterOption(value, key)];
    };
    const cfg = this.render().events as Record<string, unknown>;
    this.success = filters(cfg.success, 'events.success');
    this.failure = filters(cfg.failure, 'events.failure');
    if (cfg.start) this.startFilter = this.filterOption(cfg.start, 'events.start');
    if (this.success.length === 0 && this.failure.length === 0) throw this.configError('`events.success` (or `events.failure`) must name at least one event', 'events');
    const values = this.render().values;
    if (!Array.isArray(values) || values.length === 0) throw this.configError('`values` must list at least one value', 'values');
    if (toBoolean(this.option(this.config, 'waitForValueEvents'))) {
      for (const v of values) {
        const n = coerceScalar(v);
        if (typeof n !== 'number' || !Number.isInteger(n) || n < 0) throw this.configError(`With waitForValueEvents every value is an event count; ${JSON.stringify(v)} is not a non-negative integer`, `values[${values.indexOf(v)}]`);
      }
    }
    await super.init();
  }

  protected override filterSessions(): Array<EventFilterSession | null> {
    return [this.startSession, ...this.sessions];
  }

  protected override listensTo(): Array<string | EventFilter | null> {
    return [this.startFilter, ...this.success, ...this.failure];
  }

  protected readonly states: Record<string, StateHandlers> = {
    Start: {
      enter: () => {
        this.leaveValue();
        this.waitForStart(this.startFilter, 'Run');
      },
    },
    Run: {
      enter: () => {
        this.values = (this.render().values as unknown[]).map(coerceScalar);
        this.goto('Deploy');
      },
    },
    Deploy: {
      enter: () => {
        this.leaveValue();
        if (this.values.length === 0) {
          this.goto('End');
          return;
        }
        const value = this.values.shift();
        const cfg = this.render();
        this.remaining = toBoolean(this.option(cfg, 'waitForValueEvents')) ? toNumber(value, 'a value') : 1;
        this.successful = true;
        this.setParameter(String(cfg.parameter), value);
        if (this.remaining <= 0) {
          // Nothing to wait for: publish the value before its intertest task.
          this.ctx.parameterBatch.flush();
          this.finishValue();
        } else {
          const token = this.valueToken;
          this.sessions = [
            ...this.success.map((f) => f.start(null, () => this.onEvent(token, true))),
            ...this.failure.map((f) => f.start(null, () => this.onEvent(token, false))),
          ];
        }
        this.goto('Waiting');
      },
    },
    Waiting: {
      on: {
        StalledEvent: () => {
          this.logger.warn('No activity while waiting for the deployment events; moving on');
          this.setStatus('STALLED');
          this.goto('Deploy');
        },
      },
    },
    End: {
      enter: () => this.leaveValue(),
    },
  };

  private leaveValue(): void {
    this.valueToken += 1;
    this.sessions = [];
  }

  private onEvent(token: number, success: boolean): void {
    if (token !== this.valueToken || this.sessions.length === 0) return;
    if (!success) {
      this.successful = false;
      this.logger.warn('A deployment failed');
    }
    this.remaining -= 1;
    if (this.remaining > 0) return;
    this.sessions = [];
    this.finishValue();
  }

  private finishValue(): void {
    this.setStatus(this.successful ? 'OK' : 'FAILED');
    this.caseRunning = false;
    const token = this.valueToken;
    this.runTask('intertest', () => token === this.valueToken && this.goto('Deploy'));
  }
}
