import { ConfigError } from './ConfigError.js';
import { editDistance } from './closestMatch.js';
import { isPlainObject, type ConfigObject } from './config/ConfigLoader.js';
import type { SourceMap } from './config/SourceMap.js';
import { inspectMacros } from './Macros.js';

/**
 * Names that exist only while running: the request index of HTTP requests (`i`, `_i`), the
 * pid JMXObserver connects to, and the token the auth tasks define.
 */
const RUNTIME_NAMES = new Set(['i', '_i', 'cmdlinepid', 'dcos_auth_token']);

export interface MacroScope {
  /** Definitions (declared or given) and parameters (declared or set by a policy). */
  names: ReadonlySet<string>;
  meta: ReadonlySet<string>;
}

/**
 * Checks the `{{macros}}` of one component config before anything runs. Definite mistakes
 * (unterminated, unknown function, eval() that does not parse) are errors. A name nothing
 * defines is an error when it is a near miss of a defined name, since that is a typo;
 * otherwise it is only a warning, because a task or policy may still set it at run time.
 */
export function checkMacros(config: ConfigObject, scope: MacroScope, sources: SourceMap, path: string, warn: (message: string) => void): ConfigError[] {
  const errors: ConfigError[] = [];
  const visit = (value: unknown, owner: object, key: string | number, keyPath: string): void => {
    if (Array.isArray(value)) {
      value.forEach((v, i) => visit(v, value, i, `${keyPath}[${i}]`));
      return;
    }
    if (isPlainObject(value)) {
      for (const [k, v] of Object.entries(value)) visit(v, value, k, `${keyPath}.${k}`);
      return;
    }
    if (typeof value !== 'string' || !value.includes('{{')) return;
    const { problems, names } = inspectMacros(value);
    for (const problem of problems) errors.push(new ConfigError(problem, sources.locate(owner, key, keyPath)));
    for (const { name, macro } of names) {
      const isMeta = name.startsWith('meta:');
      // Other prefixed names (refmeta: of the plot reporters) are filled in by their class.
      if (!isMeta && name.includes(':')) continue;
      const bare = isMeta ? name.slice('meta:'.length) : name;
      const known = isMeta ? scope.meta : scope.names;
      if (known.has(bare) || (!isMeta && RUNTIME_NAMES.has(bare))) continue;
      const near = nearMiss(bare, known);
      if (near !== null) {
        const what = isMeta ? 'meta value' : 'parameter or definition';
        errors.push(new ConfigError(`Macro {{${macro}}}: \`${name}\` is not a declared ${what} (did you mean \`${isMeta ? 'meta:' : ''}${near}\`?)`, sources.locate(owner, key, keyPath)));
      } else {
        warn(`${keyPath}: macro {{${macro}}} reads \`${name}\`, which no parameter, definition or meta value declares; it renders empty unless set at run time`);
      }
    }
  };
  for (const [k, v] of Object.entries(config)) visit(v, config, k, `${path}.${k}`);
  return errors;
}

/** The closest known name within typo distance, or null. Short names need a closer match. */
function nearMiss(name: string, known: Iterable<string>): string | null {
  if (name.length < 3) return null;
  const limit = name.length <= 4 ? 1 : 2;
  let best: string | null = null;
  let bestDistance = Infinity;
  for (const candidate of known) {
    const d = editDistance(name, candidate);
    if (d <= limit && d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}

/**
 * The parameters the policies set, read from their configs: `matrix` and `parameters` keys,
 * and `parameter` values (ChainedDeploymentPolicy, TimeEvolutionPolicy's `evolve`,
 * MultiStepPolicy's step `values`). Configs written for the original set parameters that
 * `config.parameters` does not declare, and macros may read them.
 */
export function policyParameterNames(policies: unknown): Set<string> {
  const names = new Set<string>();
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) {
      for (const v of value) visit(v);
      return;
    }
    if (!isPlainObject(value)) return;
    for (const [k, v] of Object.entries(value)) {
      if ((k === 'matrix' || k === 'parameters') && isPlainObject(v)) for (const name of Object.keys(v)) names.add(name);
      else if (k === 'parameter' && typeof v === 'string') names.add(v);
      visit(v);
    }
  };
  visit(policies);
  return names;
}
