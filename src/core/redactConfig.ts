import type { Definitions } from './Definitions.js';
import { looksSecret } from './Definitions.js';

/**
 * A copy of the config for reporters' outputs with secrets replaced by `***`: values of
 * secret-looking keys, secret definitions, and any occurrence of a secret value.
 */
export function redactConfig(value: unknown, definitions: Definitions): unknown {
  const secrets = definitions.secretValues();
  const walk = (v: unknown, key: string | null, parentKey: string | null): unknown => {
    if (Array.isArray(v)) return v.map((x) => walk(x, null, key));
    if (v !== null && typeof v === 'object') {
      return Object.fromEntries(Object.entries(v as Record<string, unknown>).map(([k, x]) => [k, walk(x, k, key)]));
    }
    if (v === null || v === undefined) return v;
    if (key !== null && (looksSecret(key) || (parentKey === 'define' && definitions.isSecret(key)))) return '***';
    if (typeof v === 'string') {
      let s = v;
      for (const secret of secrets) if (secret.length >= 3) s = s.split(secret).join('***');
      return s;
    }
    return v;
  };
  return walk(value, null, null);
}
