import { ConfigError } from './ConfigError.js';
import { didYouMean } from './closestMatch.js';
import type { SourceMap } from './config/SourceMap.js';
import { parseTimeExpr } from './parseTimeExpr.js';

export type OptionType = 'string' | 'number' | 'integer' | 'boolean' | 'time' | 'object' | 'array' | 'any' | 'filter' | 'expression';

export interface OptionDef {
  type: OptionType | OptionType[];
  required?: boolean;
  default?: unknown;
  description: string;
  /** Other accepted spellings of this key (e.g. `relaunch` for `restart`). */
  aliases?: string[];
  /** Allowed values for enumerations. */
  enum?: readonly unknown[];
  example?: unknown;
}

export type OptionSpec = Record<string, OptionDef>;

/** Keys every component accepts besides its own options. */
const COMMON_KEYS = ['class'];

const MACRO = /\{\{[\s\S]*?\}\}/;

function typeOk(type: OptionType, value: unknown): boolean {
  switch (type) {
    case 'any':
      return true;
    case 'string':
    case 'filter':
      return typeof value === 'string';
    case 'expression':
      return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
    case 'number':
      return typeof value === 'number' || (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value)));
    case 'integer':
      return (typeof value === 'number' && Number.isInteger(value)) || (typeof value === 'string' && /^\s*-?\d+\s*$/.test(value));
    case 'boolean':
      return typeof value === 'boolean';
    case 'time':
      return parseTimeExpr(value) !== null || value === 0 || value === '0';
    case 'object':
      return value !== null && typeof value === 'object' && !Array.isArray(value);
    case 'array':
      return Array.isArray(value);
  }
}

/** A rendered macro value is text: whether it reads as `type`. Objects and lists cannot be told. */
function renderedTypeOk(type: OptionType, text: string): boolean {
  switch (type) {
    case 'boolean':
      return /^(y|yes|true|on|1|n|no|false|off|0)$/i.test(text.trim());
    case 'number':
    case 'integer':
    case 'time':
      return typeOk(type, text);
    default:
      return true;
  }
}

/**
 * Checks a component config against its option spec: unknown keys (with a suggestion),
 * missing required keys and wrong types. A value holding `{{macros}}` is checked once
 * rendered, when `render` can render it now (it reads only definitions and meta values);
 * otherwise its type is only known at run time.
 */
export function validateOptions(
  config: Record<string, unknown>,
  spec: OptionSpec,
  where: { sources: SourceMap; path: string; className: string; extraKeys?: string[]; render?: (text: string) => string | undefined },
): ConfigError[] {
  const errors: ConfigError[] = [];
  const known = new Map<string, string>();
  for (const [key, def] of Object.entries(spec)) {
    known.set(key, key);
    for (const a of def.aliases ?? []) known.set(a, key);
  }
  for (const k of [...COMMON_KEYS, ...(where.extraKeys ?? [])]) known.set(k, k);
  for (const [key, value] of Object.entries(config)) {
    const canonical = known.get(key);
    if (!canonical) {
      errors.push(
        new ConfigError(
          `Unknown option \`${key}\` for ${where.className}${didYouMean(key, known.keys())}`,
          where.sources.locate(config, key, `${where.path}.${key}`),
        ),
      );
      continue;
    }
    const def = spec[canonical];
    if (!def || value === null || value === undefined) continue;
    const types = Array.isArray(def.type) ? def.type : [def.type];
    if (typeof value === 'string' && MACRO.test(value)) {
      const rendered = where.render?.(value);
      if (rendered !== undefined && !types.some((t) => renderedTypeOk(t, rendered))) {
        errors.push(
          new ConfigError(
            `Expected ${types.join(' or ')} for \`${key}\` of ${where.className}, got ${JSON.stringify(rendered)} (from ${JSON.stringify(value)})`,
            where.sources.locate(config, key, `${where.path}.${key}`),
          ),
        );
      }
      continue;
    }
    if (!types.some((t) => typeOk(t, value))) {
      errors.push(
        new ConfigError(
          `Expected ${types.join(' or ')} for \`${key}\` of ${where.className}, got ${JSON.stringify(value)}`,
          where.sources.locate(config, key, `${where.path}.${key}`),
        ),
      );
    } else if (def.enum && !def.enum.includes(value)) {
      errors.push(
        new ConfigError(
          `\`${key}\` of ${where.className} must be one of ${def.enum.map((e) => JSON.stringify(e)).join(', ')}, got ${JSON.stringify(value)}`,
          where.sources.locate(config, key, `${where.path}.${key}`),
        ),
      );
    }
  }
  for (const [key, def] of Object.entries(spec)) {
    if (!def.required) continue;
    const present = [key, ...(def.aliases ?? [])].some((k) => config[k] !== undefined && config[k] !== null);
    if (!present) {
      errors.push(new ConfigError(`Missing required option \`${key}\` for ${where.className}`, where.sources.locate(config, undefined, where.path)));
    }
  }
  return errors;
}

/** Reads an option by its name or any alias, falling back to the spec default. */
export function optionValue(config: Record<string, unknown>, spec: OptionSpec, key: string): unknown {
  const def = spec[key];
  for (const k of [key, ...(def?.aliases ?? [])]) {
    if (config[k] !== undefined && config[k] !== null) return config[k];
  }
  return def?.default;
}

/** A rendered option as a number; macros render to strings, so numeric strings count. */
export function toNumber(value: unknown, what: string): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && value.trim() !== '') {
    const n = Number(value);
    if (Number.isFinite(n)) return n;
  }
  if (typeof value === 'boolean') return value ? 1 : 0;
  throw new ConfigError(`Expected a number for ${what}, got ${JSON.stringify(value)}`);
}

/** YAML 1.1 booleans also arrive as strings after macro rendering. */
export function toBoolean(value: unknown): boolean {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number') return value !== 0;
  if (typeof value === 'string') return /^(y|yes|true|on|1)$/i.test(value.trim());
  return Boolean(value);
}
