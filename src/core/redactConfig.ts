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

/** Values of secret-looking keys anywhere in the config (e.g. a task's `password:`), for log redaction. */
export function collectSecrets(value: unknown, key: string | null = null, out: string[] = []): string[] {
  if (Array.isArray(value)) for (const v of value) collectSecrets(v, null, out);
  else if (value !== null && typeof value === 'object') for (const [k, v] of Object.entries(value)) collectSecrets(v, k, out);
  else if (key !== null && looksSecret(key) && (typeof value === 'string' || typeof value === 'number') && String(value).length >= 3 && !String(value).includes('{{')) out.push(String(value));
  return out;
}

/** Replaces every secret value in a text by `***`. */
export function scrubText(text: string, secrets: Iterable<string>): string {
  let out = text;
  for (const s of secrets) if (s.length >= 3) out = out.split(s).join('***');
  return out;
}
