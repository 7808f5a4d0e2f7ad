import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Policy, type StateHandlers } from './Policy.js';
import { EventFilter, type EventFilterSession } from '../../core/EventFilter.js';
import { ConfigError } from '../../core/ConfigError.js';
import { didYouMean } from '../../core/closestMatch.js';
import { toBoolean, toNumber, type OptionSpec } from '../../core/Options.js';
import { isPlainObject, type ConfigObject } from '../../core/config/ConfigLoader.js';
import { SeededRandom } from '../../core/SeededRandom.js';
import { writeFileAtomic } from '../../core/writeFileAtomic.js';
import { cartesian } from './valueRanges.js';
import { ParameterRange } from './autoexplorer/ParameterRange.js';
import { ParameterExplorer } from './autoexplorer/ParameterExplorer.js';
import { averageValues, type Average } from './autoexplorer/averageValues.js';
import { parseAverage } from './autoexplorer/parseAverage.js';

const EXPLORE_KEYS = ['parameter', 'min', 'max', 'step'];
const EVENT_KEYS = ['start', 'advance', 'wait', 'abort'];
const ALGORITHM_KEYS = ['minDistance', 'maxRuns'];
/** Where every parameter is first measured, as a share of its range. */
const INITIAL_POINTS = [0.1, 0.5, 0.9];
/** Convergence: this many most recent points all lie close to the best one. */
const RECENT = 5;

interface Snapshot {
  coords: number[][];
  values: number[];
  queue: number[][];
}

/**
 * Searches the parameter space for the point where a metric is lowest (or highest with
 * `minimize: no`). It first measures every combination of 10%, 50% and 90% of each
 * range, then proposes one point at a time from a model of the measurements (see
 * ParameterExplorer). A point is measured when its advance event and at least one value
 * of the metric (traced to the point's parameter update) arrived; the values are averaged
 * (`mean` or `pNN`, outliers rejected unless `outliers: yes`). It ends when the five most
 * recent points all lie within `algorithm.minDistance` of the best one, after
 * `algorithm.maxRuns` points (a bound the original did not have, so it always ends), or
 * on the `abort` event. With a `seed` the exploration is deterministic. `database` keeps
 * the measurements in a JSON file, so a later session continues where this one stopped.
 * It sets no flags and runs no intertest task.
 */
export class AutoExplorerPolicy extends Policy {
  static readonly className = 'policy.AutoExplorerPolicy';
  static readonly description = 'Explores the parameter space towards the point where a metric is lowest (experimental).';
  static readonly publishes = ['ParameterUpdateEvent'] as const;
  static readonly options: OptionSpec = {
    explore: {
      type: 'array',
      required: true,
      description: 'The parameters to explore: `parameter` (name), `min` (default 0), `max` (default 1), `step` (default 1; values are integers unless a bound or the step is fractional)',
    },
    metric: { type: 'string', required: true, description: 'The metric to minimize (one of config.metrics)' },
    average: { type: 'string', default: 'mean', description: 'How the values of a point are combined: `mean`, or a percentile such as `p95`' },
    outliers: { type: 'boolean', default: false, description: 'Keep outliers when averaging (by default they are rejected)' },
    minimize: { type: 'boolean', default: true, description: 'Search for the lowest value; `no` searches for the highest' },
    events: {
      type: 'object',
      required: true,
      description: '`advance` (required): the event filter that completes a point (traced to its parameter update, parameters available as macros); `wait`: wait for this event filter before each new point; `start`: before the first point; `abort`: end the exploration',
    },
    algorithm: { type: 'object', default: {}, description: '`minDistance`: the convergence distance in parameter units (default 0.1); `maxRuns`: stop after this many points (default 100)' },
    database: { type: 'string', description: 'A JSON file keeping the measured points and the queue; an existing file is continued' },
    seed: { type: 'integer', description: 'Seed of the random choices, for a reproducible exploration' },
  };

  private ranges: ParameterRange[] = [];
  private average: Average = { kind: 'mean' };
  private metric = '';
  private minDistance = 0.1;
  private minimize = true;
  private keepOutliers = false;
  private maxRuns = 100;
  private startFilter: EventFilter | null = null;
  private waitFilter: EventFilter | null = null;
  private abortFilter: EventFilter | null = null;
  private waitSession: EventFilterSession | null = null;
  private abortSession: EventFilterSession | null = null;
  private advanceSession: EventFilterSession | null = null;

  private explorer: ParameterExplorer | null = null;
  private coords: number[][] = [];
  private values: number[] = [];
  private planned: number[][] = [];
  private recent: number[][] = [];
  private runs = 0;
  /** The point being measured, its trace id and what arrived for it. */
  private current: { point: number[]; traceid: number; advanced: boolean; samples: number[] } | null = null;

  override async init(): Promise<void> {
    const cfg = this.render();
    this.ranges = this.parseRanges(cfg);
    try {
      this.average = parseAverage(String(this.option(cfg, 'average')));
    } catch (err) {
      throw this.configError(err instanceof Error ? err.message : String(err), 'average');
    }
    this.metric = String(cfg.metric);
    this.minimize = toBoolean(this.option(cfg, 'minimize'));
    this.keepOutliers = toBoolean(this.option(cfg, 'outliers'));
    const metrics = this.ctx.general.metrics.map((m) => m.name);
    if (!metrics.includes(this.metric)) throw this.configError(`Unknown metric \`${this.metric}\`${didYouMean(this.metric, metrics)}: declare it in config.metrics`, 'metric');

    const events = cfg.events;
    if (!isPlainObject(events)) throw this.configError('`events` must be a mapping with `advance`', 'events');
    for (const k of Object.keys(events)) if (!EVENT_KEYS.includes(k)) throw this.configError(`Unknown key \`${k}\` in events${didYouMean(k, EVENT_KEYS) || ` (expected ${EVENT_KEYS.join(', ')})`}`, `events.${k}`);
    if (!events.advance) throw this.configError('`events.advance` is required: the event that completes the measurement of a point', 'events');
    if (events.start) this.startFilter = this.filterOption(events.start, 'events.start');
    if (events.wait) this.waitFilter = this.filterOption(events.wait, 'events.wait');
    if (events.abort) this.abortFilter = this.filterOption(events.abort, 'events.abort');
    // The advance filter is rebuilt for every point; this checks it with the lowest values.
    try {
      this.advanceFilter(Object.fromEntries(this.ranges.map((r) => [r.name, r.min])));
    } catch (err) {
      throw this.configError(err instanceof Error ? err.message : String(err), 'events.advance');
    }

    const algorithm = this.option(cfg, 'algorithm');
    if (!isPlainObject(algorithm)) throw this.configError('`algorithm` must be a mapping (minDistance, maxRuns)', 'algorithm');
    for (const k of Object.keys(algorithm)) if (!ALGORITHM_KEYS.includes(k)) throw this.configError(`Unknown key \`${k}\` in algorithm${didYouMean(k, ALGORITHM_KEYS)} (expected ${ALGORITHM_KEYS.join(', ')})`, 'algorithm');
    try {
      if (algorithm.minDistance !== undefined) this.minDistance = toNumber(algorithm.minDistance, 'algorithm.minDistance');
      if (algorithm.maxRuns !== undefined) this.maxRuns = toNumber(algorithm.maxRuns, 'algorithm.maxRuns');
    } catch (err) {
      throw this.configError(err instanceof Error ? err.message : String(err), 'algorithm');
    }
    if (!(this.minDistance >= 0)) throw this.configError('`algorithm.minDistance` must not be negative', 'algorithm');
    if (!Number.isInteger(this.maxRuns) || this.maxRuns < 1) throw this.configError('`algorithm.maxRuns` must be a positive integer', 'algorithm');
    if (cfg.database !== undefined && existsSync(this.databasePath())) this.loadSnapshot();
    await super.init();
  }


  protected readonly states: Record<string, StateHandlers> = {
    Start: {
      enter: () => {
        this.reset();
        const seed = this.render().seed;
        const random = seed === undefined || seed === null ? Math.random : ((rng) => () => rng.next())(new SeededRandom(toNumber(seed, 'seed')));
        this.explorer = new ParameterExplorer(this.ranges, random);
        this.abortSession =
          this.abortFilter?.start(null, (e) => {
            if (this.isEnded()) return;
            this.logger.warn(`Exploration aborted by ${e.event}`);
            this.goto('End');
          }) ?? null;
        this.waitForStart(this.startFilter, 'PreCondition');
      },
    },
    PreCondition: {
      enter: () => {
        if (this.config.database !== undefined && existsSync(this.databasePath())) {
          this.loadSnapshot();
          this.logger.info(`Continuing the exploration of ${this.databasePath()}: ${this.coords.length} points measured, ${this.planned.length} queued`);
          this.goto(this.planned.length > 0 ? 'Run' : 'CheckNext');
          return;
        }
        const grids = this.ranges.map((r): [string, number[]] => [r.name, [...new Set(INITIAL_POINTS.map((p) => r.valueAt(p)))]]);
        this.planned = cartesian(grids).map((combo) => this.ranges.map((r) => combo[r.name]!));
        this.logger.info(`Exploring ${this.ranges.length} parameter(s), starting with ${this.planned.length} points`);
        this.saveSnapshot();
        this.goto('Run');
      },
    },
    Run: {
      enter: () => {
        const point = this.planned.shift();
        if (!point) {
          this.goto('CheckNext');
          return;
        }
        this.runs += 1;
        const params = Object.fromEntries(this.ranges.map((r, i) => [r.name, point[i]]));
        const traceid = this.setParameters(params);
        const current = { point, traceid, advanced: false, samples: [] as number[] };
        this.current = current;
        this.advanceSession = this.advanceFilter(params).start(traceid, () => {
          if (this.current !== current) return;
          current.advanced = true;
          this.checkMeasured();
        });
      },
      on: {
        MetricUpdateEvent: (e) => {
          const current = this.current;
          if (!current || e.name !== this.metric || !e.hasTrace(current.traceid) || typeof e.value !== 'number') return;
          current.samples.push(e.value);
          this.checkMeasured();
        },
      },
    },
    CheckNext: {
      enter: () => {
        if (this.runs >= this.maxRuns) {
          this.logger.info(`Stopping after ${this.runs} points (algorithm.maxRuns)`);
          this.goto('End');
          return;
        }
        if (this.planned.length === 0) {
          if (this.converged()) {
            this.logger.info(`Converged at ${JSON.stringify(this.best())}`);
            this.goto('End');
            return;
          }
          try {
            const oriented = this.values.map((v) => (this.minimize ? v : -v));
            this.planned.push(this.explorer!.propose(this.coords, oriented));
          } catch (err) {
            this.logger.error({ err }, `Cannot compute the next point: ${err instanceof Error ? err.message : String(err)}`);
            this.goto('End');
            return;
          }
          this.saveSnapshot();
        }
        this.goto('WaitForRun');
      },
    },
    WaitForRun: {
      enter: () => {
        if (!this.waitFilter) {
          this.goto('Run');
          return;
        }
        this.waitSession = this.waitFilter.start(null, () => {
          if (this.state !== 'WaitForRun') return;
          this.waitSession = null;
          this.goto('Run');
        });
      },
    },
    End: {
      enter: () => this.reset(),
    },
  };

  protected override filterSessions(): Array<EventFilterSession | null> {
    return [this.startSession, this.waitSession, this.abortSession, this.advanceSession];
  }

  private reset(): void {
    this.startSession = null;
    this.waitSession = null;
    this.abortSession = null;
    this.advanceSession = null;
    this.current = null;
    this.coords = [];
    this.values = [];
    this.planned = [];
    this.recent = [];
    this.runs = 0;
  }

  private advanceFilter(params: Record<string, unknown>): EventFilter {
    const events = this.render(params).events as ConfigObject;
    return new EventFilter(String(events.advance));
  }

  /** Records the point once both its advance event and a metric value arrived. */
  private checkMeasured(): void {
    const current = this.current;
    if (!current || !current.advanced || current.samples.length === 0) return;
    this.current = null;
    this.advanceSession = null;
    this.caseRunning = false;
    const value = averageValues(current.samples, this.average, !this.keepOutliers);
    this.logger.info(`Measured ${this.metric}=${value} at ${JSON.stringify(current.point)}`);
    this.coords.push(current.point);
    this.values.push(value);
    this.recent = [...this.recent, current.point].slice(-RECENT);
    this.saveSnapshot();
    this.goto('CheckNext');
  }

  private best(): number[] {
    const sign = this.minimize ? 1 : -1;
    let best = 0;
    this.values.forEach((v, i) => {
      if (sign * v < sign * this.values[best]!) best = i;
    });
    return this.coords[best]!;
  }

  private converged(): boolean {
    if (this.recent.length < RECENT) return false;
    const best = this.best();
    return this.recent.every((p) => Math.hypot(...p.map((v, i) => v - best[i]!)) <= this.minDistance);
  }

  private databasePath(): string {
    return resolve(String(this.render().database));
  }

  private saveSnapshot(): void {
    if (this.config.database === undefined) return;
    const snapshot: Snapshot = { coords: this.coords, values: this.values, queue: this.planned };
    writeFileAtomic(this.databasePath(), `${JSON.stringify(snapshot)}\n`);
  }

  private loadSnapshot(): void {
    const path = this.databasePath();
    let data: unknown;
    try {
      data = JSON.parse(readFileSync(path, 'utf8'));
    } catch (err) {
      throw this.configError(`Cannot read the database ${path}: ${err instanceof Error ? err.message : String(err)}`, 'database');
    }
    const dims = this.ranges.length;
    const isPoint = (p: unknown): p is number[] => Array.isArray(p) && p.length === dims && p.every((v) => typeof v === 'number');
    const d = data as Partial<Snapshot>;
    if (
      !isPlainObject(data) ||
      !Array.isArray(d.coords) ||
      !Array.isArray(d.values) ||
      !Array.isArray(d.queue) ||
      d.coords.length !== d.values.length ||
      !d.coords.every(isPoint) ||
      !d.queue.every(isPoint) ||
      !d.values.every((v) => typeof v === 'number')
    ) {
      throw this.configError(`The database ${path} is not a snapshot of this exploration (expected {coords, values, queue} with ${dims} parameter(s) per point)`, 'database');
    }
    this.coords = d.coords;
    this.values = d.values;
    this.planned = d.queue;
    this.recent = d.coords.slice(-RECENT);
  }

  private parseRanges(cfg: ConfigObject): ParameterRange[] {
    const list = cfg.explore;
    const raw = this.config.explore;
    if (!Array.isArray(list) || !Array.isArray(raw) || list.length === 0) throw this.configError('`explore` must list at least one parameter', 'explore');
    const names = new Set<string>();
    return list.map((entry, i) => {
      const path = `explore[${i}]`;
      const error = (message: string, key?: string): ConfigError =>
        new ConfigError(message, this.ctx.sources.locate(raw[i], key, `${this.path}.${path}${key ? `.${key}` : ''}`) ?? this.ctx.sources.locate(this.config, 'explore', `${this.path}.explore`));
      if (!isPlainObject(entry)) throw error(`${path} must be a mapping (${EXPLORE_KEYS.join(', ')})`);
      for (const k of Object.keys(entry)) if (!EXPLORE_KEYS.includes(k)) throw error(`Unknown key \`${k}\` in ${path}${didYouMean(k, EXPLORE_KEYS)} (expected ${EXPLORE_KEYS.join(', ')})`, k);
      if (typeof entry.parameter !== 'string' || entry.parameter === '') throw error(`${path} needs a \`parameter\` name`);
      if (names.has(entry.parameter)) throw error(`Parameter \`${entry.parameter}\` is explored twice`, 'parameter');
      names.add(entry.parameter);
      const num = (key: string, fallback: number): number => {
        const v = (entry as ConfigObject)[key];
        try {
          return v === undefined || v === null ? fallback : toNumber(v, `${path}.${key}`);
        } catch (err) {
          throw error(err instanceof Error ? err.message : String(err), key);
        }
      };
      try {
        return new ParameterRange(entry.parameter, num('min', 0), num('max', 1), num('step', 1));
      } catch (err) {
        if (err instanceof ConfigError) throw err;
        throw error(`${path}: ${err instanceof Error ? err.message : String(err)}`);
      }
    });
  }
}
