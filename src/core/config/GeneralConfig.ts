import { ConfigError, ConfigErrors } from '../ConfigError.js';
import { didYouMean } from '../closestMatch.js';
import { parseTimeExpr } from '../parseTimeExpr.js';
import type { SourceMap } from './SourceMap.js';
import type { SourceLocation } from '../ConfigError.js';
import { isPlainObject, type ConfigObject } from './ConfigLoader.js';
import { LoadMetricsSettingError, readLoadMetricsSettings, type LoadMetricsSettings } from '../../loadmetrics/LoadMetricsSettings.js';

export interface ParameterConfig {
  name: string;
  default: unknown;
  desc?: string;
  units?: string;
  uuid?: string;
  title?: string;
}

export interface SummarizerEntry {
  class: string;
  name?: string;
  [key: string]: unknown;
}

export interface MetricConfig {
  name: string;
  summarize: SummarizerEntry[];
  title?: string;
  desc?: string;
  units?: string;
  uuid?: string;
}

export interface DefinitionConfig {
  name: string;
  desc?: string;
  required: boolean;
  default?: unknown;
  secret: boolean;
  /** Where it was declared, for the "missing required definition" error. */
  location?: SourceLocation;
}

export const TOP_LEVEL_SECTIONS = ['config', 'define', 'meta', 'policies', 'channels', 'observers', 'trackers', 'tasks', 'reporters'];
const CONFIG_KEYS = ['title', 'runs', 'repeat', 'staleTimeout', 'parameters', 'metrics', 'indicators', 'definitions', 'meta', 'report', 'loadMetrics', 'tls'];
const PARAMETER_KEYS = ['name', 'default', 'desc', 'units', 'uuid', 'title'];
const METRIC_KEYS = ['name', 'summarize', 'title', 'desc', 'units', 'uuid'];
const DEFINITION_KEYS = ['name', 'desc', 'required', 'default', 'secret'];

/** The `config:` section, normalised and validated. */
export class GeneralConfig {
  readonly title: string;
  readonly runs: number;
  /** Seconds; null disables stall detection. */
  readonly staleTimeout: number | null;
  readonly parameters: ParameterConfig[];
  readonly metrics: MetricConfig[];
  readonly indicators: ConfigObject[];
  readonly definitions: DefinitionConfig[];
  readonly meta: Record<string, unknown>;
  /** `config.loadMetrics`: the load metrics of every load-generating class; null: off unless a class turns them on. */
  readonly loadMetrics: LoadMetricsSettings | null;
  readonly section: ConfigObject;

  /** Every problem found in the section; thrown together unless `collect` was asked for. */
  readonly errors: ConfigError[] = [];
  /** The loaded entry of each normalised parameter, metric and definition. */
  private readonly origins = new WeakMap<object, ConfigObject>();

  /**
   * Reads the section. Each problem is recorded and a safe default used instead, so one
   * pass finds them all; they are thrown together as ConfigErrors unless `collect` is set,
   * in which case the caller reads `errors` (to add the component errors to them).
   */
  constructor(
    private readonly root: ConfigObject,
    private readonly sources: SourceMap,
    options: { collect?: boolean } = {},
  ) {
    this.checkTopLevel();
    let section = root.config ?? {};
    if (!isPlainObject(section)) {
      this.fail('`config` must be a mapping', sources.locate(root, 'config', 'config'));
      section = {};
    }
    this.section = section as ConfigObject;
    this.checkKeys(this.section, CONFIG_KEYS, 'config');
    this.title = this.section.title === undefined ? 'Scale Tests' : String(this.section.title);
    this.runs = this.readRuns(this.section);
    this.staleTimeout = this.readStaleTimeout(this.section);
    this.parameters = this.readList('parameters', (p, i) => this.readParameter(p, i));
    this.metrics = this.readList('metrics', (m, i) => this.readMetric(m, i));
    this.indicators = this.readList('indicators', (ind, i) => {
      if (isPlainObject(ind)) return ind;
      this.fail('Each indicator must be a mapping', sources.locate(this.section.indicators, i, `config.indicators[${i}]`));
      return null;
    });
    this.definitions = this.readList('definitions', (d, i) => this.readDefinition(d, i));
    const meta: Record<string, unknown> = {};
    for (const [owner, key, path] of [[this.section, 'meta', 'config.meta'], [root, 'meta', 'meta']] as const) {
      const source = owner[key];
      if (source === undefined || source === null) continue;
      if (!isPlainObject(source)) this.fail('`meta` must be a mapping of names to values', sources.locate(owner, key, path));
      else Object.assign(meta, source);
    }
    this.meta = meta;
    this.loadMetrics = this.readLoadMetrics();
    this.checkUnique('parameters', this.parameters);
    this.checkUnique('metrics', this.metrics);
    if (!options.collect && this.errors.length > 0) throw new ConfigErrors(this.errors);
  }

  metric(name: string): MetricConfig | undefined {
    return this.metrics.find((m) => m.name === name);
  }

  /** Remembers the loaded entry a normalised one came from, for errors found later. */
  private normalised<T extends object>(raw: ConfigObject, value: T): T {
    this.origins.set(value, raw);
    return value;
  }

  private fail(message: string, where: ReturnType<SourceMap['locate']>): void {
    this.errors.push(new ConfigError(message, where));
  }

  private checkTopLevel(): void {
    for (const key of Object.keys(this.root)) {
      if (!TOP_LEVEL_SECTIONS.includes(key)) {
        this.fail(`Unknown section \`${key}\`${didYouMean(key, TOP_LEVEL_SECTIONS)}`, this.sources.locate(this.root, key, key));
      }
    }
  }

  private checkKeys(obj: ConfigObject, allowed: string[], path: string): void {
    for (const key of Object.keys(obj)) {
      if (!allowed.includes(key)) {
        this.fail(`Unknown key \`${key}\` in ${path}${didYouMean(key, allowed)}`, this.sources.locate(obj, key, `${path}.${key}`));
      }
    }
  }

  /** Points at the second entry of a duplicated name, where the mistake usually is. */
  private checkUnique(what: 'parameters' | 'metrics', entries: Array<{ name: string }>): void {
    const seen = new Set<string>();
    for (const entry of entries) {
      if (seen.has(entry.name)) {
        const raw = this.origins.get(entry);
        const index = (this.section[what] as unknown[]).indexOf(raw);
        this.fail(`Duplicate name \`${entry.name}\` in config.${what}`, this.sources.locate(raw, 'name', `config.${what}[${index}].name`));
      }
      seen.add(entry.name);
    }
  }

  /** The valid entries of a list of `config:`; a bad entry is recorded and skipped. */
  private readList<T>(key: string, read: (item: unknown, index: number) => T | null): T[] {
    const v = this.section[key];
    if (v === undefined || v === null) return [];
    if (!Array.isArray(v)) {
      this.fail(`\`config.${key}\` must be a list`, this.sources.locate(this.section, key, `config.${key}`));
      return [];
    }
    const out: T[] = [];
    v.forEach((item, i) => {
      const value = read(item, i);
      if (value !== null) out.push(value);
    });
    return out;
  }

  private readRuns(section: ConfigObject): number {
    const { runs, repeat } = section;
    if (runs !== undefined && repeat !== undefined && runs !== repeat) {
      this.fail(`\`config.runs\` (${String(runs)}) and \`config.repeat\` (${String(repeat)}) disagree; give one of them`, this.sources.locate(section, 'repeat', 'config.repeat'));
      return 1;
    }
    const value = runs ?? repeat ?? 1;
    const key = runs !== undefined ? 'runs' : 'repeat';
    const n = typeof value === 'string' ? Number(value) : value;
    if (typeof n !== 'number' || !Number.isInteger(n) || n < 1) {
      this.fail(`Expected a positive integer for \`config.${key}\`, got ${JSON.stringify(value)}`, this.sources.locate(section, key, `config.${key}`));
      return 1;
    }
    return n;
  }

  private readStaleTimeout(section: ConfigObject): number | null {
    const v = section.staleTimeout;
    if (v === undefined || v === null) return 600;
    if (v === 0 || v === '0') return null;
    const t = parseTimeExpr(v);
    if (t === null || t < 0) {
      this.fail(`Expected a time expression (e.g. 600, 10m, 1h) for \`config.staleTimeout\`, got ${JSON.stringify(v)}`, this.sources.locate(section, 'staleTimeout', 'config.staleTimeout'));
      return 600;
    }
    return t;
  }

  private readLoadMetrics(): LoadMetricsSettings | null {
    try {
      return readLoadMetricsSettings(this.section.loadMetrics, null);
    } catch (err) {
      if (!(err instanceof LoadMetricsSettingError)) throw err;
      const value = this.section.loadMetrics;
      this.fail(err.message, err.key === undefined ? this.sources.locate(this.section, 'loadMetrics', 'config.loadMetrics') : this.sources.locate(value, err.key, `config.loadMetrics.${err.key}`));
      return null;
    }
  }

  private readParameter(p: unknown, i: number): ParameterConfig | null {
    const path = `config.parameters[${i}]`;
    if (!isPlainObject(p)) {
      this.fail('Each parameter must be a mapping with a `name`', this.sources.locate(this.section.parameters, i, path));
      return null;
    }
    this.checkKeys(p, PARAMETER_KEYS, path);
    if (typeof p.name !== 'string' || !p.name) {
      this.fail('Missing `name` of parameter', this.sources.locate(p, undefined, path));
      return null;
    }
    return this.normalised(p, { ...p, name: p.name, default: p.default ?? 0 } as ParameterConfig);
  }

  private readMetric(m: unknown, i: number): MetricConfig | null {
    const path = `config.metrics[${i}]`;
    if (!isPlainObject(m)) {
      this.fail('Each metric must be a mapping with a `name`', this.sources.locate(this.section.metrics, i, path));
      return null;
    }
    this.checkKeys(m, METRIC_KEYS, path);
    if (typeof m.name !== 'string' || !m.name) {
      this.fail('Missing `name` of metric', this.sources.locate(m, undefined, path));
      return null;
    }
    const raw = m.summarize ?? [];
    const list = Array.isArray(raw) ? raw : [raw];
    const summarize: SummarizerEntry[] = [];
    list.forEach((s, j) => {
      if (typeof s === 'string') summarize.push({ class: s.startsWith('@') || s.includes('.') || s.includes('#') ? s : `@${s}`, name: s.replace(/^@/, '') });
      else if (isPlainObject(s) && typeof s.class === 'string') summarize.push(s as SummarizerEntry);
      else this.fail('A summarizer is a built-in name (mean_err) or a mapping with a `class`', this.sources.locate(list, j, `${path}.summarize[${j}]`));
    });
    return this.normalised(m, { ...m, name: m.name, summarize } as MetricConfig);
  }

  /** Where summarizer `j` of metric `metric` was written, for errors found when creating it. */
  summarizerLocation(metric: MetricConfig, j: number): SourceLocation | undefined {
    const raw = this.origins.get(metric);
    if (!raw) return undefined;
    const path = `config.metrics[${(this.section.metrics as unknown[]).indexOf(raw)}].summarize`;
    return Array.isArray(raw.summarize) ? this.sources.locate(raw.summarize, j, `${path}[${j}]`) : this.sources.locate(raw, 'summarize', path);
  }

  private readDefinition(d: unknown, i: number): DefinitionConfig | null {
    const path = `config.definitions[${i}]`;
    if (!isPlainObject(d)) {
      this.fail('Each definition must be a mapping with a `name`', this.sources.locate(this.section.definitions, i, path));
      return null;
    }
    this.checkKeys(d, DEFINITION_KEYS, path);
    if (typeof d.name !== 'string' || !d.name) {
      this.fail('Missing `name` of definition', this.sources.locate(d, undefined, path));
      return null;
    }
    return { name: d.name, desc: d.desc === undefined ? undefined : String(d.desc), required: d.required === true, default: d.default, secret: d.secret === true, location: this.sources.locate(d, 'name', `${path}.name`) };
  }
}

