import { Policy, type PolicyPlan, type StateHandlers } from './Policy.js';
import type { EventFilter, EventFilterSession } from '../../core/EventFilter.js';
import { didYouMean } from '../../core/closestMatch.js';
import type { OptionSpec } from '../../core/Options.js';
import { toNumber, toBoolean } from '../../core/Options.js';
import { evaluateExpression } from '../../core/Expression.js';
import { isPlainObject, type ConfigObject } from '../../core/config/ConfigLoader.js';
import { coerceScalar } from '../../core/coerce.js';
import { SeededRandom } from '../../core/SeededRandom.js';
import { cartesian, rangeValues, sampleValues } from './valueRanges.js';
import type { Event } from '../../core/Event.js';

const MATRIX_KEYS = ['type', 'values', 'min', 'max', 'step', 'samples', 'sample', 'inclusive', 'seed'];
const MATRIX_TYPES = ['discrete', 'range', 'sample'];
const EVENT_KEYS = ['signal', 'signalEventCount', 'start'];

/**
 * Runs one test case for every combination of the matrix values. A case ends when the
 * configured number of signal events arrived; its status is the signal's key.
 */
export class MultivariableExplorerPolicy extends Policy {
  static readonly className = 'policy.MultivariableExplorerPolicy';
  static readonly description = 'Runs one scale test for every product of the parameters defined in the matrix.';
  static readonly publishes = ['ParameterUpdateEvent', 'FlagUpdateEvent', 'RunTaskEvent'] as const;
  static readonly options: OptionSpec = {
    matrix: {
      type: 'object',
      required: true,
      description:
        'Parameter name to value spec: `type: discrete` (or `discreet`) with `values`; `type: range` with `min`/`max`/`step` (fractional allowed, max included when aligned); `type: sample` with `min`/`max`/`samples` (uniform, optional `step` grid and `seed`).',
    },
    events: {
      type: 'object',
      required: true,
      description:
        '`signal`: status -> event filter (or a list of filters, status OK) that ends a test case; `signalEventCount`: how many signal events end a case (expression with the matrix parameters and `_i`, default 1); `start`: wait for this event before the first case.',
    },
  };

  private combos: Array<Record<string, unknown>> = [];
  private progress = 0;
  private remaining = 0;
  private signals: Array<{ status: string; filter: EventFilter }> = [];
  private signalSessions: Array<{ status: string; session: EventFilterSession }> = [];
  private startFilter: EventFilter | null = null;
  private waitingForTask = false;

  override async init(): Promise<void> {
    const events = this.config.events;
    if (!isPlainObject(events)) throw this.configError('`events` must be a mapping with a `signal`', 'events');
    for (const k of Object.keys(events)) {
      if (!EVENT_KEYS.includes(k)) throw this.configError(`Unknown key \`${k}\` in events${didYouMean(k, EVENT_KEYS) || ` (expected ${EVENT_KEYS.join(', ')})`}`, `events.${k}`);
    }
    const signal = events.signal;
    const pairs: Array<[string, unknown, string]> = Array.isArray(signal)
      ? signal.map((s, i) => ['OK', s, `events.signal[${i}]`])
      : isPlainObject(signal)
        ? Object.entries(signal).map(([status, s]) => [status, s, `events.signal.${status}`])
        : typeof signal === 'string'
          ? [['OK', signal, 'events.signal']]
          : [];
    if (pairs.length === 0) throw this.configError('`events.signal` configuration must have at least 1 event defined', 'events');
    this.signals = pairs.map(([status, expr, key]) => ({ status, filter: this.filterOption(expr, key) }));
    if (events.start) this.startFilter = this.filterOption(events.start, 'events.start');
    // Checked now when it has no macros (with macros it is only known per test case).
    const count = events.signalEventCount;
    if (count !== undefined && !(typeof count === 'string' && count.includes('{{'))) this.expressionOption(count, 'events.signalEventCount');
    const matrix = this.config.matrix;
    if (!isPlainObject(matrix) || Object.keys(matrix).length === 0) throw this.configError('`matrix` must map at least one parameter to its values', 'matrix');
    for (const [name, spec] of Object.entries(matrix)) {
      if (!isPlainObject(spec)) throw this.configError(`matrix.${name} must be a mapping (type, values, min, max, ...)`, `matrix.${name}`);
      for (const k of Object.keys(spec)) if (!MATRIX_KEYS.includes(k)) throw this.configError(`Unknown key \`${k}\` in matrix.${name}${didYouMean(k, MATRIX_KEYS) || ` (expected ${MATRIX_KEYS.join(', ')})`}`, `matrix.${name}.${k}`);
    }
    // Build once now so a bad matrix is a start-up error, not a failure mid-run.
    this.buildValues(this.render());
    await super.init();
  }

  private buildValues(cfg: ConfigObject): Array<[string, unknown[]]> {
    const matrix = cfg.matrix as Record<string, ConfigObject>;
    return Object.entries(matrix).map(([name, spec]): [string, unknown[]] => {
      const fail = (message: string, key?: string): Error => this.configError(message, key ? `matrix.${name}.${key}` : `matrix.${name}`);
      const type = String(spec.type ?? (spec.values !== undefined ? 'discrete' : 'sample'));
      const num = (k: string, d: number): number => {
        if (spec[k] === undefined) return d;
        try {
          return toNumber(spec[k], `matrix.${name}.${k}`);
        } catch (err) {
          throw fail(err instanceof Error ? err.message : String(err), k);
        }
      };
      const bounds = (): { min: number; max: number; inclusive: boolean } => {
        const min = num('min', 0);
        const max = num('max', 1);
        if (max < min) throw fail(`max (${max}) is smaller than min (${min})`, 'max');
        return { min, max, inclusive: spec.inclusive === undefined ? true : toBoolean(spec.inclusive) };
      };
      const step = (d: number): number => {
        const value = num('step', d);
        if (!(value > 0)) throw fail(`step must be a positive number, got ${value}`, 'step');
        return value;
      };
      let values: unknown[];
      switch (type) {
        case 'discrete':
        case 'discreet':
          if (!Array.isArray(spec.values) || spec.values.length === 0) throw fail(`a ${type} parameter needs a non-empty \`values\` list`, spec.values === undefined ? undefined : 'values');
          values = spec.values.map(coerceScalar);
          break;
        case 'range': {
          const { min, max, inclusive } = bounds();
          values = rangeValues(min, max, step(1), inclusive);
          break;
        }
        case 'sample': {
          const random = new SeededRandom(spec.seed === undefined ? undefined : num('seed', 0));
          const countKey = spec.samples === undefined && spec.sample !== undefined ? 'sample' : 'samples';
          const count = num(countKey, 10);
          if (!Number.isInteger(count) || count < 1) throw fail(`\`${countKey}\` must be a positive integer, got ${count}`, countKey);
          const { min, max, inclusive } = bounds();
          values = sampleValues(min, max, spec.step === undefined ? null : step(1), count, inclusive, () => random.next());
          break;
        }
        default:
          throw fail(`Unknown matrix value type "${type}"${didYouMean(type, MATRIX_TYPES) || ' (expected discrete, range or sample)'}`, 'type');
      }
      if (values.length === 0) throw fail(`No values between min ${String(spec.min ?? 0)} and max ${String(spec.max ?? 1)} (inclusive: ${String(spec.inclusive ?? true)})`);
      return [name, values];
    });
  }

  override plan(): PolicyPlan {
    return { cases: cartesian(this.buildValues(this.render())), seconds: null };
  }

  /** The `any` handler of Waiting feeds the signal sessions. */
  protected override listensTo(): Array<string | EventFilter | null> {
    return [this.startFilter, ...this.signals.map((s) => s.filter)];
  }

  protected readonly states: Record<string, StateHandlers> = {
    Start: {
      enter: () => {
        this.waitForStart(this.startFilter, 'Run');
      },
    },
    Run: {
      enter: () => {
        const lists = this.buildValues(this.render());
        this.combos = cartesian(lists);
        this.progress = 0;
        this.logger.info(`Exploring ${lists.length} variables with ${this.combos.length} permutations`);
        this.goto('Deploy');
      },
    },
    Deploy: {
      enter: () => {
        const params = this.combos.shift();
        if (!params) {
          this.goto('End');
          return;
        }
        this.progress += 1;
        const events = this.render(params).events as ConfigObject;
        const countExpr = events.signalEventCount ?? 1;
        const scope = { ...this.ctx.definitions.all(), ...params, _i: this.progress };
        this.remaining = toNumber(evaluateExpression(countExpr as string | number, scope), 'events.signalEventCount');
        this.setParameters(params);
        this.waitingForTask = false;
        this.signalSessions = this.signals.map(({ status, filter }) => ({
          status,
          session: filter.start(null, (e) => this.onSignal(status, e)),
        }));
        this.logger.info('Initiating a test sequence');
        this.goto('Waiting');
      },
    },
    Waiting: {
      any: (e) => {
        if (this.waitingForTask || e.event === 'ParameterUpdateEvent') return;
        for (const { session } of this.signalSessions) {
          session.handle(e);
          if (this.waitingForTask) break;
        }
      },
      on: {
        StalledEvent: () => {
          this.logger.warn('No activity while waiting for the signal events; moving on');
          this.setStatus('STALLED');
          this.finishCase();
        },
      },
    },
    End: {},
  };

  /** All signals of a case are counted once; late extras are ignored (no skipped cases). */
  private onSignal(status: string, _event: Event): void {
    if (this.waitingForTask) return;
    this.logger.info(`Run completed with status: ${status}`);
    this.setStatus(status);
    this.remaining -= 1;
    if (this.remaining > 0) {
      this.logger.info(`Waiting for ${this.remaining} more events`);
      return;
    }
    this.finishCase();
  }

  private finishCase(): void {
    this.waitingForTask = true;
    this.caseRunning = false;
    this.runTask('intertest', () => this.goto('Deploy'));
  }
}
