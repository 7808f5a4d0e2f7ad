import { Policy, type PolicyPlan, type StateHandlers } from './Policy.js';
import { Event } from '../../core/Event.js';
import { EventFilter, type EventFilterSession } from '../../core/EventFilter.js';
import { Expression } from '../../core/Expression.js';
import { ConfigError } from '../../core/ConfigError.js';
import { didYouMean } from '../../core/closestMatch.js';
import { parseTimeExpr } from '../../core/parseTimeExpr.js';
import { toBoolean, toNumber, type OptionSpec } from '../../core/Options.js';
import { isPlainObject, type ConfigObject } from '../../core/config/ConfigLoader.js';
import { coerceScalar } from '../../core/coerce.js';
import { SeededRandom } from '../../core/SeededRandom.js';
import type { Parameters } from '../../core/ParameterBatch.js';
import { cartesian, rangeValues, sampleValues } from './valueRanges.js';

const STEP_KEYS = ['name', 'values', 'tasks', 'events', 'end_condition', 'advance_condition'];
const VALUE_KEYS = ['parameter', 'value', 'values', 'min', 'max', 'step', 'inclusive', 'sample', 'samples', 'seed'];
const RANGE_KEYS = ['min', 'max', 'step', 'inclusive', 'sample', 'samples', 'seed'];
const TASK_KEYS = ['start', 'end', 'pre_value', 'post_value'];
const EVENT_KEYS = ['start', 'end', 'fail', 'advance'];
const END_KEYS = ['events', 'linger'];
const ADVANCE_KEYS = ['events', 'timeout', 'timeout_status'];

/** A `value:` item: a constant, or an expression evaluated when the value is applied. */
interface FixedValue {
  parameter: string;
  /** A constant, or an Expression evaluated when the value is applied. */
  value: unknown;
}

interface Step {
  name: string;
  /** Parameter names in the order of the `values` items (fixed and listed interleaved). */
  order: string[];
  lists: Array<[string, unknown[]]>;
  fixed: FixedValue[];
  tasks: { start: string | null; end: string | null; preValue: string | null; postValue: string | null };
  events: { start: EventFilter | null; end: EventFilter | null; fail: EventFilter | null; advance: EventFilter | null };
  endEvents: number;
  /** Whether exhausting the values waits for the end/fail events (`end_condition` given with such events). */
  waitForEnd: boolean;
  linger: number;
  advanceEvents: Expression | number;
  timeout: number | null;
  timeoutStatus: string;
}

/**
 * Runs a list of steps; each step explores its own values. A value advances on its
 * advance events (or at once without any), after its `post_value` task; the step ends
 * when its values are exhausted or on its end/fail events. Deliberate differences from
 * the original: end/fail events work (traced to the step's parameter updates, also with a
 * start task); an advance timeout advances; `linger` waits after the step's end condition
 * before the `end` task; `sample`/`samples` draw from the range (continuous without
 * `step`); a value without advance events still runs its `post_value` task and advances;
 * `advance_condition.events` sees parameters over definitions; exhausting the values sets
 * `OK` on the last value unless that value already got a status (TIMEOUT, FAILED, ...).
 */
export class MultiStepPolicy extends Policy {
  static readonly className = 'policy.MultiStepPolicy';
  static readonly description = 'Evolves various parameters through various steps, advancing on events, timeouts or at once.';
  static readonly publishes = ['ParameterUpdateEvent', 'FlagUpdateEvent', 'RunTaskEvent', 'CompleteStepImmediatelyEvent'] as const;
  static readonly options: OptionSpec = {
    steps: {
      type: 'array',
      required: true,
      description:
        'The steps, run in order. Each has `name`; `values` (items with `parameter` and one of: `value` (a number or an expression over definitions and parameters), `values` (a list), `min`/`max`/`step` with `inclusive`, or `sample`/`samples` values drawn from min..max (optional `step` grid and `seed`)); `tasks` (`start`, `end`, `pre_value`, `post_value`: trigger names; `post_value` defaults to `intertest`, null disables it); `events` (`start`, `end`, `fail`, `advance`: event filters, traced to the step unless `:notrace`); `end_condition` (`events`: end/fail events to wait for, default 1; `linger`: seconds to wait before completing); `advance_condition` (`events`: expression, default 1; `timeout`; `timeout_status`, default TIMEOUT).',
    },
  };

  private steps: Step[] = [];
  private step: Step | null = null;
  private combos: Parameters[] = [];
  private pending: Parameters = {};
  private valuesSent = 0;
  /** Whether the last applied value already has a status flag. */
  private lastValueFlagged = false;
  private endRemaining = 0;
  private advanceRemaining = 0;
  private completing = false;
  private immediate: Event | null = null;
  private endSession: EventFilterSession | null = null;
  private failSession: EventFilterSession | null = null;
  private advanceSession: EventFilterSession | null = null;
  private timer: NodeJS.Timeout | null = null;
  /** Bumped whenever a step or a value is left, so late callbacks of the old one do nothing. */
  private stepToken = 0;
  private valueToken = 0;

  override async init(): Promise<void> {
    // Parsed once now so that a bad step is a start-up error, not a failure mid-run.
    this.parseSteps();
    await super.init();
  }

  override async close(): Promise<void> {
    this.clearTimer();
  }


  protected readonly states: Record<string, StateHandlers> = {
    Start: {
      enter: () => {
        this.leaveStep();
        this.steps = this.parseSteps();
        this.goto('StartStep');
      },
    },
    StartStep: {
      enter: () => {
        this.leaveStep();
        const step = this.steps.shift();
        if (!step) {
          this.logger.info('All steps completed');
          this.goto('End');
          return;
        }
        this.step = step;
        this.logger.info(`Executing step "${step.name}" (${this.steps.length} remaining)`);
        if (!step.events.start) {
          this.goto('RunStep');
          return;
        }
        this.logger.info('Waiting for start event');
        const token = this.stepToken;
        this.startSession = step.events.start.start(null, () => {
          if (token !== this.stepToken || this.state !== 'StartStep') return;
          this.startSession = null;
          this.goto('RunStep');
        });
      },
    },
    RunStep: {
      enter: () => {
        const step = this.currentStep();
        this.combos = cartesian(step.lists);
        this.valuesSent = 0;
        this.endRemaining = step.endEvents;
        const token = this.stepToken;
        // Empty trace sets: end and fail events count only once they derive from a value of this step.
        this.endSession = step.events.end?.start([], () => this.onEndEvent(token, 'OK')) ?? null;
        this.failSession = step.events.fail?.start([], () => this.onEndEvent(token, 'FAILED')) ?? null;
        if (step.tasks.start) this.runTask(step.tasks.start, () => token === this.stepToken && this.goto('NextStepValue'));
        else this.goto('NextStepValue');
      },
    },
    NextStepValue: {
      enter: () => {
        this.leaveValue();
        const step = this.currentStep();
        const next = this.combos.shift();
        if (!next) {
          this.logger.info('No more values for the current step');
          if (this.valuesSent > 0 && !this.lastValueFlagged) this.flag('OK');
          this.caseRunning = false;
          if (step.waitForEnd && this.endRemaining > 0) {
            this.logger.info('Waiting for custom end condition');
            this.goto('WaitEndCondition');
          } else {
            this.goto('Linger');
          }
          return;
        }
        this.pending = next;
        const token = this.valueToken;
        if (step.tasks.preValue) this.runTask(step.tasks.preValue, () => token === this.valueToken && this.goto('SendStepParameters'));
        else this.goto('SendStepParameters');
      },
    },
    SendStepParameters: {
      enter: () => this.sendValue(),
      on: {
        CompleteStepImmediatelyEvent: (e) => {
          if (e === this.immediate) this.completeValue();
        },
      },
    },
    WaitEndCondition: {},
    Linger: {
      enter: () => {
        this.leaveValue();
        this.endSession = null;
        this.failSession = null;
        const linger = this.currentStep().linger;
        if (linger <= 0) {
          this.goto('CompleteStep');
          return;
        }
        this.logger.info(`Lingering for ${linger} seconds before completing the step`);
        const token = this.stepToken;
        this.setTimer(linger, () => token === this.stepToken && this.goto('CompleteStep'));
      },
    },
    CompleteStep: {
      enter: () => {
        const end = this.currentStep().tasks.end;
        const token = this.stepToken;
        if (end) this.runTask(end, () => token === this.stepToken && this.goto('StartStep'));
        else this.goto('StartStep');
      },
    },
    End: {
      enter: () => this.leaveStep(),
    },
  };

  /** Every step's values in order; fixed expressions are evaluated against the defaults. */
  override plan(): PolicyPlan | null {
    try {
      const cases: Array<Record<string, unknown>> = [];
      for (const step of this.parseSteps()) for (const combo of cartesian(step.lists)) cases.push(this.evaluateValue(step, combo));
      return { cases, seconds: null };
    } catch {
      return null;
    }
  }

  private currentStep(): Step {
    if (!this.step) throw new Error('No step is running');
    return this.step;
  }

  protected override filterSessions(): Array<EventFilterSession | null> {
    return [this.startSession, this.endSession, this.failSession, this.advanceSession];
  }

  /** Forgets the running step: its sessions, timer and pending callbacks. */
  private leaveStep(): void {
    this.leaveValue();
    this.stepToken += 1;
    this.startSession = null;
    this.endSession = null;
    this.failSession = null;
  }

  private leaveValue(): void {
    this.valueToken += 1;
    this.advanceSession = null;
    this.immediate = null;
    this.clearTimer();
  }

  private sendValue(): void {
    const step = this.currentStep();
    const params = this.evaluateValue(step, this.pending);
    const traceid = this.setParameters(params);
    this.valuesSent += 1;
    this.lastValueFlagged = false;
    this.completing = false;
    this.endSession?.addTraceId(traceid);
    this.failSession?.addTraceId(traceid);
    const token = this.valueToken;
    this.advanceRemaining = step.events.advance ? this.evaluateAdvanceEvents(step, params) : 0;
    if (step.timeout !== null) {
      const timeout = step.timeout;
      this.setTimer(timeout, () => token === this.valueToken && this.onTimeout(timeout, step.timeoutStatus));
    }
    if (step.events.advance && this.advanceRemaining > 0) {
      this.advanceSession = step.events.advance.start(traceid, () => this.onAdvance(token));
      return;
    }
    // Published after the ParameterUpdateEvent, so the value completes after it was applied.
    this.ctx.parameterBatch.flush();
    this.immediate = new Event('CompleteStepImmediatelyEvent', {}, traceid);
    this.ctx.bus.publish(this.immediate);
  }

  private onAdvance(token: number): void {
    if (token !== this.valueToken || this.completing) return;
    this.advanceRemaining -= 1;
    if (this.advanceRemaining > 0) {
      this.logger.info(`Waiting for ${this.advanceRemaining} more advance events`);
      return;
    }
    this.completeValue();
  }

  private onTimeout(seconds: number, status: string): void {
    if (this.completing) return;
    this.logger.warn(`Step timed out after ${seconds} seconds`);
    this.flag(status);
    this.completeValue();
  }

  /** The value is done: run its post_value task, then go on with the next value. */
  private completeValue(): void {
    if (this.completing) return;
    this.completing = true;
    this.advanceSession = null;
    this.immediate = null;
    this.clearTimer();
    const post = this.currentStep().tasks.postValue;
    const token = this.valueToken;
    if (post) this.runTask(post, () => token === this.valueToken && this.goto('NextStepValue'));
    else this.goto('NextStepValue');
  }

  private onEndEvent(token: number, status: 'OK' | 'FAILED'): void {
    // Both sessions are dropped once the step met its end condition (a pending `:after` may still fire).
    if (token !== this.stepToken || (this.endSession === null && this.failSession === null)) return;
    const step = this.currentStep();
    if (status === 'OK') this.logger.info('Current step completed');
    else this.logger.warn(`Step ${step.name} failed`);
    // Before any value of this step the flag would land on the previous step's last value.
    if (this.valuesSent > 0) this.flag(status);
    this.endRemaining -= 1;
    if (this.endRemaining > 0) {
      this.logger.info(`Waiting for ${this.endRemaining} more events before completion`);
      return;
    }
    this.caseRunning = false;
    this.goto('Linger');
  }

  private flag(status: string): void {
    this.setStatus(status);
    this.lastValueFlagged = true;
  }

  private setTimer(seconds: number, fire: () => void): void {
    this.clearTimer();
    this.timer = setTimeout(() => {
      this.timer = null;
      if (this.isEnded()) return;
      try {
        fire();
      } catch (err) {
        this.logger.error({ err }, `Exception in a timer: ${err instanceof Error ? err.message : String(err)}`);
      }
      this.ctx.parameterBatch.flush();
    }, seconds * 1000);
  }

  private clearTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  /** The listed values of `combo` plus the fixed values, in the order of the `values` items. */
  private evaluateValue(step: Step, combo: Parameters): Parameters {
    const scope: Record<string, unknown> = { ...this.ctx.definitions.all(), ...this.ctx.parameterBatch.parameters, ...combo };
    for (const { parameter, value } of step.fixed) {
      scope[parameter] = value instanceof Expression ? value.evaluate(scope) : value;
    }
    return Object.fromEntries(step.order.map((name) => [name, scope[name]]));
  }

  private evaluateAdvanceEvents(step: Step, params: Parameters): number {
    const expr = step.advanceEvents;
    if (typeof expr === 'number') return expr;
    const scope = { ...this.ctx.definitions.all(), ...this.ctx.parameterBatch.parameters, ...params };
    return toNumber(expr.evaluate(scope), `the advance_condition.events of step "${step.name}"`);
  }

  // ---- configuration ----

  private parseSteps(): Step[] {
    const cfg = this.render();
    const raw = this.config.steps;
    const steps = cfg.steps;
    if (!Array.isArray(steps) || !Array.isArray(raw) || steps.length === 0) throw this.configError('`steps` must list at least one step', 'steps');
    return steps.map((step, i) => this.parseStep(step, raw[i], `steps[${i}]`));
  }

  private error(message: string, raw: unknown, key: string | number | undefined, path: string): ConfigError {
    const where = this.ctx.sources.locate(raw, key, `${this.path}.${path}`) ?? this.ctx.sources.locate(this.config, 'steps', `${this.path}.steps`);
    return new ConfigError(message, where);
  }

  /** A mapping (or absent: empty) with only the allowed keys. */
  private section(value: unknown, raw: unknown, allowed: string[], path: string): ConfigObject {
    if (value === undefined || value === null) return {};
    if (!isPlainObject(value)) throw this.error(`${path} must be a mapping (${allowed.join(', ')})`, raw, undefined, path);
    for (const key of Object.keys(value)) {
      if (!allowed.includes(key)) throw this.error(`Unknown key \`${key}\` in ${path}${didYouMean(key, allowed)} (expected ${allowed.join(', ')})`, raw, key, `${path}.${key}`);
    }
    return value;
  }

  private parseStep(value: unknown, raw: unknown, path: string): Step {
    const cfg = this.section(value, raw, STEP_KEYS, path);
    const rawCfg = (isPlainObject(raw) ? raw : {}) as ConfigObject;
    const name = cfg.name === undefined || cfg.name === null ? 'Unnamed Step' : String(cfg.name);

    const items = cfg.values;
    if (!Array.isArray(items) || items.length === 0) throw this.error(`${path}.values must list at least one parameter value`, raw, 'values', `${path}.values`);
    const rawItems = Array.isArray(rawCfg.values) ? rawCfg.values : [];
    const order: string[] = [];
    const lists: Array<[string, unknown[]]> = [];
    const fixed: FixedValue[] = [];
    items.forEach((item, j) => {
      const parsed = this.parseValueItem(item, rawItems[j], `${path}.values[${j}]`);
      if (order.includes(parsed.parameter)) throw this.error(`Parameter \`${parsed.parameter}\` is given twice in ${path}.values`, rawItems[j], 'parameter', `${path}.values[${j}]`);
      order.push(parsed.parameter);
      if ('list' in parsed) lists.push([parsed.parameter, parsed.list]);
      else fixed.push(parsed);
    });

    const tasks = this.section(cfg.tasks, rawCfg.tasks, TASK_KEYS, `${path}.tasks`);
    const task = (key: string): string | null => {
      const v = tasks[key];
      if (v === undefined || v === null || v === '') return null;
      if (typeof v !== 'string') throw this.error(`${path}.tasks.${key} must be a trigger name`, rawCfg.tasks, key, `${path}.tasks.${key}`);
      return v;
    };

    const events = this.section(cfg.events, rawCfg.events, EVENT_KEYS, `${path}.events`);
    const filter = (key: string): EventFilter | null => {
      const v = events[key];
      if (v === undefined || v === null || v === '') return null;
      try {
        return new EventFilter(String(v));
      } catch (err) {
        throw this.error(err instanceof Error ? err.message : String(err), rawCfg.events, key, `${path}.events.${key}`);
      }
    };
    const stepEvents = { start: filter('start'), end: filter('end'), fail: filter('fail'), advance: filter('advance') };

    const endCfg = this.section(cfg.end_condition, rawCfg.end_condition, END_KEYS, `${path}.end_condition`);
    const hasEndEvents = stepEvents.end !== null || stepEvents.fail !== null;
    if (endCfg.events !== undefined && endCfg.events !== null && !hasEndEvents) {
      throw this.error(`${path}.end_condition.events needs \`events.end\` or \`events.fail\` to count`, rawCfg.end_condition, 'events', `${path}.end_condition.events`);
    }
    const endEvents = endCfg.events === undefined || endCfg.events === null ? 1 : this.count(endCfg.events, rawCfg.end_condition, 'events', `${path}.end_condition.events`);
    const linger = this.seconds(endCfg.linger, rawCfg.end_condition, 'linger', `${path}.end_condition.linger`) ?? 0;

    const advCfg = this.section(cfg.advance_condition, rawCfg.advance_condition, ADVANCE_KEYS, `${path}.advance_condition`);
    let advanceEvents: Expression | number = 1;
    if (advCfg.events !== undefined && advCfg.events !== null && advCfg.events !== '') {
      if (!stepEvents.advance) throw this.error(`${path}.advance_condition.events needs \`events.advance\` to count`, rawCfg.advance_condition, 'events', `${path}.advance_condition.events`);
      const v = coerceScalar(advCfg.events);
      if (typeof v === 'number') advanceEvents = v;
      else advanceEvents = this.expression(v, rawCfg.advance_condition, 'events', `${path}.advance_condition.events`);
    }
    const timeoutStatus = advCfg.timeout_status === undefined || advCfg.timeout_status === null ? 'TIMEOUT' : String(advCfg.timeout_status);

    return {
      name,
      order,
      lists,
      fixed,
      tasks: {
        start: task('start'),
        end: task('end'),
        preValue: task('pre_value'),
        // An absent post_value runs intertest; an explicit null or empty string disables it.
        postValue: 'post_value' in tasks ? task('post_value') : 'intertest',
      },
      events: stepEvents,
      endEvents,
      waitForEnd: cfg.end_condition !== undefined && cfg.end_condition !== null && hasEndEvents,
      linger,
      advanceEvents,
      timeout: this.seconds(advCfg.timeout, rawCfg.advance_condition, 'timeout', `${path}.advance_condition.timeout`),
      timeoutStatus,
    };
  }

  private parseValueItem(item: unknown, raw: unknown, path: string): FixedValue | { parameter: string; list: unknown[] } {
    const spec = this.section(item, raw, VALUE_KEYS, path);
    if (typeof spec.parameter !== 'string' || spec.parameter === '') throw this.error(`${path} needs a \`parameter\` name`, raw, undefined, path);
    const parameter = spec.parameter;
    const given = (keys: string[]): string[] => keys.filter((k) => spec[k] !== undefined && spec[k] !== null);
    if ('value' in spec) {
      const extra = given(['values', ...RANGE_KEYS]);
      if (extra.length > 0) throw this.error(`${path}: \`value\` cannot be combined with \`${extra[0]}\``, raw, extra[0], `${path}.${extra[0]}`);
      const v = coerceScalar(spec.value);
      if (v === null || v === undefined || v === '') throw this.error(`${path}.value is empty`, raw, 'value', `${path}.value`);
      return { parameter, value: typeof v === 'string' ? this.expression(v, raw, 'value', `${path}.value`) : v };
    }
    if ('values' in spec) {
      const extra = given(RANGE_KEYS);
      if (extra.length > 0) throw this.error(`${path}: \`values\` cannot be combined with \`${extra[0]}\``, raw, extra[0], `${path}.${extra[0]}`);
      if (!Array.isArray(spec.values) || spec.values.length === 0) throw this.error(`Value for parameter ${parameter} is expected to be a non-empty array`, raw, 'values', `${path}.values`);
      return { parameter, list: spec.values.map(coerceScalar) };
    }
    if (given(['min', 'max', 'step', 'sample', 'samples']).length === 0) {
      throw this.error(`${path} needs \`value\`, \`values\`, or a range (\`min\`, \`max\`, \`step\`)`, raw, undefined, path);
    }
    return { parameter, list: this.rangeItem(spec, raw, path) };
  }

  private rangeItem(spec: ConfigObject, raw: unknown, path: string): unknown[] {
    const num = (key: string, fallback: number): number => {
      const v = spec[key];
      if (v === undefined || v === null) return fallback;
      try {
        return toNumber(v, `${path}.${key}`);
      } catch (err) {
        throw this.error(err instanceof Error ? err.message : String(err), raw, key, `${path}.${key}`);
      }
    };
    const inclusive = spec.inclusive === undefined || spec.inclusive === null ? true : toBoolean(spec.inclusive);
    const sampled = [spec.sample, spec.samples].filter((v) => v !== undefined && v !== null);
    if (sampled.length === 2 && num('sample', 0) !== num('samples', 0)) {
      throw this.error(`${path}: \`sample\` and \`samples\` are two spellings of one option; give one`, raw, 'samples', `${path}.samples`);
    }
    if (spec.seed !== undefined && spec.seed !== null && sampled.length === 0) {
      throw this.error(`${path}: \`seed\` only applies to \`sample\`/\`samples\``, raw, 'seed', `${path}.seed`);
    }
    let values: number[];
    try {
      if (sampled.length > 0) {
        const count = spec.samples === undefined || spec.samples === null ? num('sample', 0) : num('samples', 0);
        if (!Number.isInteger(count) || count < 1) throw new Error(`the sample count must be a positive integer, got ${count}`);
        const seed = spec.seed === undefined || spec.seed === null ? null : num('seed', 0);
        const random = seed === null ? Math.random : ((rng) => () => rng.next())(new SeededRandom(seed));
        const step = spec.step === undefined || spec.step === null ? null : num('step', 1);
        values = sampleValues(num('min', 0), num('max', 1), step, count, inclusive, random);
      } else {
        values = rangeValues(num('min', 0), num('max', 1), num('step', 1), inclusive);
      }
    } catch (err) {
      if (err instanceof ConfigError) throw err;
      throw this.error(`${path}: ${err instanceof Error ? err.message : String(err)}`, raw, undefined, path);
    }
    if (values.length === 0) throw this.error(`${path} produces no values`, raw, undefined, path);
    return values;
  }

  private expression(source: unknown, raw: unknown, key: string, path: string): Expression {
    try {
      return new Expression(String(source));
    } catch (err) {
      throw this.error(`${path}: ${err instanceof Error ? err.message : String(err)}`, raw, key, path);
    }
  }

  private count(value: unknown, raw: unknown, key: string, path: string): number {
    const n = coerceScalar(value);
    if (typeof n !== 'number' || !Number.isInteger(n) || n < 1) throw this.error(`${path} must be a positive integer, got ${JSON.stringify(value)}`, raw, key, path);
    return n;
  }

  /** Seconds of a time expression; null when absent or zero. */
  private seconds(value: unknown, raw: unknown, key: string, path: string): number | null {
    if (value === undefined || value === null || value === 0 || value === '0' || value === '') return null;
    const s = parseTimeExpr(value);
    if (s === null || !Number.isFinite(s) || s < 0) throw this.error(`${path} must be a time such as 10s or 500ms, got ${JSON.stringify(value)}`, raw, key, path);
    return s;
  }
}
