import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { closestMatches } from '../core/closestMatch.js';
import { BUILTIN_SUMMARIZERS, BuiltInSummarizer } from './BuiltInSummarizer.js';
import { PercentileSummarizer } from './PercentileSummarizer.js';
import type { Sample, Summarizer, SummarizerConfig, SummarizerContext, SummaryValue } from './Summarizer.js';

const PERCENTILE_CLASS = 'summarize.PercentileSummarizer';
const BUILTIN_KEYS = ['class', 'name', 'outliers'];
const PERCENTILE_KEYS = [...BUILTIN_KEYS, 'percentile'];

interface UserSummarizerInstance {
  calculate(samples: Sample[], context: SummarizerContext): unknown;
}

/**
 * Builds the summarizer of one `summarize:` entry: `"@<built-in>"` (or the
 * compact form, a bare built-in name), `summarize.PercentileSummarizer`, or a
 * user class given as `./file.mjs#ClassName`, resolved against `baseDir` (the
 * directory of the config file that names it). Errors are single lines.
 */
export async function createSummarizer(config: SummarizerConfig | string, baseDir: string): Promise<Summarizer> {
  if (typeof config === 'string') return new BuiltInSummarizer(config.replace(/^@/, ''));
  if (typeof config !== 'object' || config === null || typeof config.class !== 'string' || config.class === '') {
    throw new Error('A summarizer needs a `class`: "@<built-in>", "summarize.PercentileSummarizer" or "./file.mjs#ClassName"');
  }
  const cls = config.class;
  if (cls.startsWith('@')) {
    checkKeys(config, BUILTIN_KEYS);
    return new BuiltInSummarizer(cls.slice(1), { name: readName(config), outliers: readOutliers(config) });
  }
  if (cls === PERCENTILE_CLASS) {
    checkKeys(config, PERCENTILE_KEYS);
    return new PercentileSummarizer({ percentile: readPercentile(config), name: readName(config), outliers: readOutliers(config) });
  }
  const hash = cls.lastIndexOf('#');
  if (hash < 0) {
    const close = closestMatches(cls, [PERCENTILE_CLASS, ...BUILTIN_SUMMARIZERS.map((n) => `@${n}`)], 1);
    const hint = close.length > 0 ? ` (did you mean "${close[0]}"?)` : ': use "@<built-in>", "summarize.PercentileSummarizer" or a module "./file.mjs#ClassName"';
    throw new Error(`Unknown summarizer class "${cls}"${hint}`);
  }
  return loadUserSummarizer(config, cls.slice(0, hash), cls.slice(hash + 1), baseDir);
}

async function loadUserSummarizer(config: SummarizerConfig, file: string, exportName: string, baseDir: string): Promise<Summarizer> {
  if (file === '' || exportName === '') {
    throw new Error(`Summarizer class "${config.class}" must be a module path and a class name, as "./file.mjs#ClassName"`);
  }
  const path = resolve(baseDir, file);
  let mod: Record<string, unknown>;
  try {
    mod = (await import(pathToFileURL(path).href)) as Record<string, unknown>;
  } catch (err) {
    throw new Error(`Cannot load summarizer module "${file}" (${path}): ${firstLine(err)}`);
  }
  const Ctor = mod[exportName];
  if (typeof Ctor !== 'function') {
    const close = closestMatches(exportName, Object.keys(mod), 1);
    const hint = close.length > 0 ? ` (did you mean "${close[0]}"?)` : '';
    throw new Error(`Summarizer module "${file}" has no exported class "${exportName}"${hint}`);
  }
  let instance: Partial<UserSummarizerInstance>;
  try {
    instance = new (Ctor as new (config: SummarizerConfig) => Partial<UserSummarizerInstance>)(config);
  } catch (err) {
    throw new Error(`Summarizer class "${exportName}" from "${file}" failed to initialise: ${firstLine(err)}`);
  }
  if (typeof instance.calculate !== 'function') {
    throw new Error(`Summarizer class "${exportName}" from "${file}" has no calculate(samples, context) method`);
  }
  const user = instance as UserSummarizerInstance;
  const name = readName(config) ?? exportName;
  return {
    name,
    calculate(samples, context) {
      // A private copy: the same samples go to every summarizer of the metric.
      const copy = samples.map((s): Sample => [s[0], s[1]]);
      return checkResult(user.calculate(copy, context), name);
    },
  };
}

/** Reports must never carry NaN or a value they cannot render. */
function checkResult(value: unknown, name: string): SummaryValue {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (Array.isArray(value) && value.length === 2 && value.every((v) => typeof v === 'number' && Number.isFinite(v))) {
    return [value[0] as number, value[1] as number];
  }
  throw new Error(`Summarizer "${name}" returned ${describe(value)}; expected a finite number or [value, error]`);
}

function describe(value: unknown): string {
  if (typeof value === 'number' || value === undefined) return String(value);
  try {
    return JSON.stringify(value) ?? typeof value;
  } catch {
    return typeof value;
  }
}

function checkKeys(config: SummarizerConfig, known: string[]): void {
  for (const key of Object.keys(config)) {
    if (known.includes(key)) continue;
    const close = closestMatches(key, known, 1);
    const hint = close.length > 0 ? ` (did you mean "${close[0]}"?)` : ` (known: ${known.join(', ')})`;
    throw new Error(`Unknown option "${key}" for summarizer "${config.class}"${hint}`);
  }
}

function readName(config: SummarizerConfig): string | undefined {
  const name: unknown = config.name;
  if (name === undefined) return undefined;
  if (typeof name === 'number') return String(name);
  if (typeof name !== 'string' || name === '') throw new Error(`Summarizer "${config.class}": \`name\` must be a non-empty string`);
  return name;
}

function readOutliers(config: SummarizerConfig): boolean | undefined {
  const outliers: unknown = config.outliers;
  if (outliers === undefined || typeof outliers === 'boolean') return outliers;
  throw new Error(`Summarizer "${config.class}": \`outliers\` must be yes or no, got ${describe(outliers)}`);
}

/** Macros render to text, so "95" is as good as 95; the range is checked by the class. */
function readPercentile(config: SummarizerConfig): number {
  const raw: unknown = config.percentile;
  const numeric = typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : Number.NaN;
  return (Number.isNaN(numeric) ? raw : numeric) as number;
}

function firstLine(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  return message.split('\n')[0];
}
