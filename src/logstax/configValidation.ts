import { LogStaxConfigError } from './LogStaxConfigError.js';

/** A mapping from the (already rendered) YAML config. */
export type ConfigMap = Readonly<Record<string, unknown>>;

const YAML_TRUE = new Set(['yes', 'true', 'on', 'y']);
const YAML_FALSE = new Set(['no', 'false', 'off', 'n']);

export function isConfigMap(value: unknown): value is ConfigMap {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function expectMap(value: unknown, where: string): ConfigMap {
  if (!isConfigMap(value)) throw new LogStaxConfigError(where, `expected a mapping, got ${describe(value)}`);
  return value;
}

/** The closest candidate within a small edit distance, for "did you mean" hints. */
export function didYouMean(word: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestDistance = Math.max(2, Math.floor(word.length / 3)) + 1;
  for (const candidate of candidates) {
    const d = editDistance(word.toLowerCase(), candidate.toLowerCase());
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}

export function suggestion(word: string, candidates: Iterable<string>): string {
  const close = didYouMean(word, candidates);
  return close === undefined ? '' : ` (did you mean \`${close}\`?)`;
}

/** Unknown options are errors, never silently ignored. */
export function checkKeys(config: ConfigMap, allowed: readonly string[], where: string): void {
  for (const key of Object.keys(config)) {
    if (!allowed.includes(key)) {
      throw new LogStaxConfigError(join(where, key), `unknown option \`${key}\`${suggestion(key, allowed)}`);
    }
  }
}

/** Booleans, plus the YAML 1.1 spellings in case a macro rendered the value to a string. */
export function optionalBool(value: unknown, where: string, fallback: boolean): boolean;
export function optionalBool(value: unknown, where: string, fallback?: undefined): boolean | undefined;
export function optionalBool(value: unknown, where: string, fallback?: boolean): boolean | undefined {
  if (value === undefined || value === null) return fallback;
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string') {
    const lower = value.trim().toLowerCase();
    if (YAML_TRUE.has(lower)) return true;
    if (YAML_FALSE.has(lower)) return false;
  }
  throw new LogStaxConfigError(where, `expected yes/no, got ${describe(value)}`);
}

export function optionalString(value: unknown, where: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  throw new LogStaxConfigError(where, `expected a string, got ${describe(value)}`);
}

/** A list of strings; a single scalar is accepted as a one-item list, as logstash does. */
export function stringList(value: unknown, where: string): string[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) return [requiredString(value, where)];
  return value.map((item, i) => requiredString(item, `${where}[${i}]`));
}

export function requiredString(value: unknown, where: string): string {
  const text = optionalString(value, where);
  if (text === undefined) throw new LogStaxConfigError(where, 'expected a string, got nothing');
  return text;
}

export function mapEntries(value: unknown, where: string): Array<[string, unknown]> {
  if (value === undefined || value === null) return [];
  return Object.entries(expectMap(value, where));
}

export function join(where: string, key: string | number): string {
  if (typeof key === 'number') return `${where}[${key}]`;
  return where === '' ? key : `${where}.${key}`;
}

export function describe(value: unknown): string {
  if (value === null || value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  return `${typeof value} ${JSON.stringify(value)}`;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost);
    }
    previous = current;
  }
  return previous[b.length];
}
