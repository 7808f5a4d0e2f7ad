import { jsonSafe } from '../../core/Event.js';

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object') {
    const obj = value as Record<string, unknown>;
    return Object.fromEntries(Object.keys(obj).sort().map((k) => [k, sortKeys(obj[k])]));
  }
  return value;
}

/** JSON with keys sorted at every level and a 2-space indent, as the original raw dumps. */
export function sortedJson(value: unknown): string {
  return `${JSON.stringify(sortKeys(jsonSafe(value)), null, 2)}\n`;
}
