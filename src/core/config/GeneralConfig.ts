import { ConfigError } from '../ConfigError.js';
import { didYouMean } from '../closestMatch.js';
import { parseTimeExpr } from '../parseTimeExpr.js';
import type { SourceMap } from './SourceMap.js';
import { isPlainObject, type ConfigObject } from './ConfigLoader.js';

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
  readonly section: ConfigObject;

  constructor(
    private readonly root: ConfigObject,
    private readonly sources: SourceMap,
  ) {
    this.checkTopLevel();
    const section = root.config ?? {};
    if (!isPlainObject(section)) throw new ConfigError('`config` must be a mapping', sources.locate(root, 'config', 'config'));
    this.section = section;
    this.checkKeys(section, CONFIG_KEYS, 'config');
    this.title = section.title === undefined ? 'Scale Tests' : String(section.title);
    this.runs = this.readRuns(section);
    this.staleTimeout = this.readStaleTimeout(section);
    this.parameters = this.list(section, 'parameters').map((p, i) => this.readParameter(p, i));
    this.metrics = this.list(section, 'metrics').map((m, i) => this.readMetric(m, i));
    this.indicators = this.list(section, 'indicators').map((ind, i) => {
      if (!isPlainObject(ind)) throw new ConfigError('Each indicator must be a mapping', sources.locate(section.indicators, i, `config.indicators[${i}]`));
      return ind;
    });
    this.definitions = this.list(section, 'definitions').map((d, i) => this.readDefinition(d, i));
    const meta: Record<string, unknown> = {};
    for (const source of [section.meta, root.meta]) {
      if (source === undefined || source === null) continue;
      if (!isPlainObject(source)) throw new ConfigError('`meta` must be a mapping of names to values', sources.locate(root, 'meta', 'meta'));
      Object.assign(meta, source);
    }
    this.meta = meta;
    this.checkUnique(this.parameters.map((p) => p.name), 'parameters');
    this.checkUnique(this.metrics.map((m) => m.name), 'metrics');
  }

  metric(name: string): MetricConfig | undefined {
    return this.metrics.find((m) => m.name === name);
  }

  private checkTopLevel(): void {
    for (const key of Object.keys(this.root)) {
      if (!TOP_LEVEL_SECTIONS.includes(key)) {
        throw new ConfigError(`Unknown section \`${key}\`${didYouMean(key, TOP_LEVEL_SECTIONS)}`, this.sources.locate(this.root, key, key));
      }
    }
  }

  private checkKeys(obj: ConfigObject, allowed: string[], path: string): void {
    for (const key of Object.keys(obj)) {
      if (!allowed.includes(key)) {
        throw new ConfigError(`Unknown key \`${key}\` in ${path}${didYouMean(key, allowed)}`, this.sources.locate(obj, key, `${path}.${key}`));
      }
    }
  }

  private checkUnique(names: string[], what: string): void {
    const seen = new Set<string>();
    for (const n of names) {
      if (seen.has(n)) throw new ConfigError(`Duplicate name \`${n}\` in config.${what}`, this.sources.locate(this.section, what, `config.${what}`));
      seen.add(n);
    }
  }

  private list(section: ConfigObject, key: string): unknown[] {
    const v = section[key];
    if (v === undefined || v === null) return [];
    if (!Array.isArray(v)) throw new ConfigError(`\`config.${key}\` must be a list`, this.sources.locate(section, key, `config.${key}`));
    return v;
  }

  private readRuns(section: ConfigObject): number {
    const { runs, repeat } = section;
    if (runs !== undefined && repeat !== undefined && runs !== repeat) {
      throw new ConfigError(`\`config.runs\` (${String(runs)}) and \`config.repeat\` (${String(repeat)}) disagree; give one of them`, this.sources.locate(section, 'repeat', 'config.repeat'));
    }
    const value = runs ?? repeat ?? 1;
    const key = runs !== undefined ? 'runs' : 'repeat';
    const n = typeof value === 'string' ? Number(value) : value;
    if (typeof n !== 'number' || !Number.isInteger(n) || n < 1) {
      throw new ConfigError(`Expected a positive integer for \`config.${key}\`, got ${JSON.stringify(value)}`, this.sources.locate(section, key, `config.${key}`));
    }
    return n;
  }

  private readStaleTimeout(section: ConfigObject): number | null {
    const v = section.staleTimeout;
    if (v === undefined || v === null) return 600;
    if (v === 0 || v === '0') return null;
    const t = parseTimeExpr(v);
    if (t === null || t < 0) {
      throw new ConfigError(`Expected a time expression (e.g. 600, 10m, 1h) for \`config.staleTimeout\`, got ${JSON.stringify(v)}`, this.sources.locate(section, 'staleTimeout', 'config.staleTimeout'));
    }
    return t;
  }

  private readParameter(p: unknown, i: number): ParameterConfig {
    const path = `config.parameters[${i}]`;
    if (!isPlainObject(p)) throw new ConfigError('Each parameter must be a mapping with a `name`', this.sources.locate(this.section.parameters, i, path));
    this.checkKeys(p, PARAMETER_KEYS, path);
    if (typeof p.name !== 'string' || !p.name) throw new ConfigError('Missing `name` of parameter', this.sources.locate(p, undefined, path));
    return { ...p, name: p.name, default: p.default ?? 0 } as ParameterConfig;
  }

  private readMetric(m: unknown, i: number): MetricConfig {
    const path = `config.metrics[${i}]`;
    if (!isPlainObject(m)) throw new ConfigError('Each metric must be a mapping with a `name`', this.sources.locate(this.section.metrics, i, path));
    this.checkKeys(m, METRIC_KEYS, path);
    if (typeof m.name !== 'string' || !m.name) throw new ConfigError('Missing `name` of metric', this.sources.locate(m, undefined, path));
    const raw = m.summarize ?? [];
    const list = Array.isArray(raw) ? raw : [raw];
    const summarize = list.map((s, j): SummarizerEntry => {
      if (typeof s === 'string') return { class: s.startsWith('@') || s.includes('.') || s.includes('#') ? s : `@${s}`, name: s.replace(/^@/, '') };
      if (isPlainObject(s) && typeof s.class === 'string') return s as SummarizerEntry;
      throw new ConfigError('A summarizer is a built-in name (mean_err) or a mapping with a `class`', this.sources.locate(list, j, `${path}.summarize[${j}]`));
    });
    return { ...m, name: m.name, summarize } as MetricConfig;
  }

  private readDefinition(d: unknown, i: number): DefinitionConfig {
    const path = `config.definitions[${i}]`;
    if (!isPlainObject(d)) throw new ConfigError('Each definition must be a mapping with a `name`', this.sources.locate(this.section.definitions, i, path));
    this.checkKeys(d, DEFINITION_KEYS, path);
    if (typeof d.name !== 'string' || !d.name) throw new ConfigError('Missing `name` of definition', this.sources.locate(d, undefined, path));
    return { name: d.name, desc: d.desc === undefined ? undefined : String(d.desc), required: d.required === true, default: d.default, secret: d.secret === true };
  }
}
