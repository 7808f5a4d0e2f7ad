import { Policy, type StateHandlers } from './Policy.js';
import type { EventFilter, EventFilterSession } from '../../core/EventFilter.js';
import { ConfigError } from '../../core/ConfigError.js';
import { didYouMean } from '../../core/closestMatch.js';
import { parseTimeExpr } from '../../core/parseTimeExpr.js';
import { toNumber, type OptionSpec } from '../../core/Options.js';
import { isPlainObject, type ConfigObject } from '../../core/config/ConfigLoader.js';
import { rangeValues } from './valueRanges.js';

const EVOLVE_KEYS = ['parameter', 'interval', 'step', 'min', 'max'];

interface Evolution {
  parameter: string;
  interval: number;
  /** min, min+step, ... up to max (included when aligned): the value never passes max. */
  values: number[];
  index: number;
  /** performance.now() when the next change is due. */
  due: number;
  active: boolean;
}

/**
 * Changes parameters monotonically as time passes: each `evolve` entry starts at `min`
 * and adds `step` every `interval` seconds up to `max`. The last value is held for one
 * more interval, then the policy ends (or earlier, on the `end` event). Changes due at
 * the same moment are published as one ParameterUpdateEvent. Deliberate differences from
 * the original: intervals are timed by the clock, not by TickEvents (so `--clock-fps 0`
 * works); a step that would pass `max` ends the evolution instead of overshooting; a
 * missing `max` is a configuration error instead of a crash.
 */
export class TimeEvolutionPolicy extends Policy {
  static readonly className = 'policy.TimeEvolutionPolicy';
  static readonly description = 'Changes parameters monotonically as the time evolves.';
  static readonly publishes = ['ParameterUpdateEvent'] as const;
  static readonly options: OptionSpec = {
    evolve: {
      type: 'array',
      required: true,
      description: 'The parameters to evolve: `parameter` (name), `interval` (seconds or a time expression, default 1), `step` (default 1), `min` (the initial value, default 0), `max` (the final value, required).',
    },
    events: { type: 'object', default: {}, description: '`start`: wait for this event filter before evolving; `end`: terminate when this event filter matches' },
  };

  private evolutions: Evolution[] = [];
  private startFilter: EventFilter | null = null;
  private endFilter: EventFilter | null = null;
  private endSession: EventFilterSession | null = null;
  private timer: NodeJS.Timeout | null = null;

  override async init(): Promise<void> {
    const events = this.config.events ?? {};
    if (!isPlainObject(events)) throw this.configError('`events` must be a mapping with `start`/`end`', 'events');
    for (const k of Object.keys(events)) if (k !== 'start' && k !== 'end') throw this.configError(`Unknown event key \`${k}\`${didYouMean(k, ['start', 'end'])} (expected start or end)`, `events.${k}`);
    if (events.start) this.startFilter = this.filterOption(events.start, 'events.start');
    if (events.end) this.endFilter = this.filterOption(events.end, 'events.end');
    // Parsed once now so that a bad entry is a start-up error, not a failure mid-run.
    this.parseEvolutions();
    await super.init();
  }

  override async close(): Promise<void> {
    this.clearTimer();
  }

  protected override filterSessions(): Array<EventFilterSession | null> {
    return [this.startSession, this.endSession];
  }

  protected override listensTo(): Array<string | EventFilter | null> {
    return [this.startFilter, this.endFilter];
  }

  protected readonly states: Record<string, StateHandlers> = {
    Start: {
      enter: () => {
        this.stop();
        this.waitForStart(this.startFilter, 'Run');
      },
    },
    Run: {
      enter: () => {
        this.evolutions = this.parseEvolutions();
        this.logger.info(`Starting the evolution of ${this.evolutions.length} parameter(s)`);
        this.endSession =
          this.endFilter?.start(null, () => {
            if (this.state !== 'Run') return;
            this.logger.info('End event matched');
            this.goto('End');
          }) ?? null;
        const now = performance.now();
        for (const e of this.evolutions) {
          e.due = now + e.interval * 1000;
          this.setParameter(e.parameter, e.values[0]);
        }
        this.schedule();
      },
    },
    End: {
      enter: () => this.stop(),
    },
  };

  private stop(): void {
    this.clearTimer();
    this.startSession = null;
    this.endSession = null;
  }

  /** Waits until the next change is due; a change of value counts as activity for stall detection. */
  private schedule(): void {
    this.clearTimer();
    const active = this.evolutions.filter((e) => e.active);
    if (active.length === 0) {
      this.logger.info('All evolutions completed');
      this.goto('End');
      return;
    }
    const due = Math.min(...active.map((e) => e.due));
    this.timer = setTimeout(() => {
      this.timer = null;
      if (this.state !== 'Run') return;
      try {
        this.evolve();
      } catch (err) {
        this.logger.error({ err }, `Evolution failed: ${err instanceof Error ? err.message : String(err)}`);
        this.goto('End');
      }
      this.ctx.parameterBatch.flush();
    }, Math.max(0, due - performance.now()));
  }

  private evolve(): void {
    const now = performance.now();
    let changed = false;
    for (const e of this.evolutions) {
      // Timers can fire a little early; changes due within a millisecond go together.
      if (!e.active || e.due > now + 1) continue;
      if (e.index + 1 >= e.values.length) {
        e.active = false;
        continue;
      }
      e.index += 1;
      // The overshoot is not carried over, as in the original: the next interval starts now.
      e.due = now + e.interval * 1000;
      this.setParameter(e.parameter, e.values[e.index]);
      changed = true;
    }
    if (changed) this.lastTransitionTs = performance.now();
    this.schedule();
  }

  private clearTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private parseEvolutions(): Evolution[] {
    const cfg = this.render();
    const list = cfg.evolve;
    const raw = this.config.evolve;
    if (!Array.isArray(list) || !Array.isArray(raw) || list.length === 0) throw this.configError('`evolve` must list at least one parameter to evolve', 'evolve');
    const names = new Set<string>();
    return list.map((entry, i) => {
      const path = `evolve[${i}]`;
      const error = (message: string, key?: string): ConfigError =>
        new ConfigError(message, this.ctx.sources.locate(raw[i], key, `${this.path}.${path}${key ? `.${key}` : ''}`) ?? this.ctx.sources.locate(this.config, 'evolve', `${this.path}.evolve`));
      if (!isPlainObject(entry)) throw error(`${path} must be a mapping (${EVOLVE_KEYS.join(', ')})`);
      for (const k of Object.keys(entry)) if (!EVOLVE_KEYS.includes(k)) throw error(`Unknown key \`${k}\` in ${path}${didYouMean(k, EVOLVE_KEYS)} (expected ${EVOLVE_KEYS.join(', ')})`, k);
      if (typeof entry.parameter !== 'string' || entry.parameter === '') throw error(`${path} needs a \`parameter\` name`);
      if (names.has(entry.parameter)) throw error(`Parameter \`${entry.parameter}\` is evolved twice`, 'parameter');
      names.add(entry.parameter);
      if (entry.max === undefined || entry.max === null) throw error(`${path} needs \`max\`: the final value of \`${entry.parameter}\`, after which the test is completed`);
      const num = (key: string, fallback: number): number => {
        const v = (entry as ConfigObject)[key];
        if (v === undefined || v === null) return fallback;
        try {
          return toNumber(v, `${path}.${key}`);
        } catch (err) {
          throw error(err instanceof Error ? err.message : String(err), key);
        }
      };
      const interval = entry.interval === undefined || entry.interval === null ? 1 : parseTimeExpr(entry.interval);
      if (interval === null || !(interval > 0)) throw error(`${path}.interval must be a positive time such as 1, 2s or 500ms, got ${JSON.stringify(entry.interval)}`, 'interval');
      let values: number[];
      try {
        values = rangeValues(num('min', 0), num('max', 0), num('step', 1), true);
      } catch (err) {
        throw error(`${path}: ${err instanceof Error ? err.message : String(err)}`);
      }
      return { parameter: entry.parameter, interval, values, index: 0, due: 0, active: true };
    });
  }
}
