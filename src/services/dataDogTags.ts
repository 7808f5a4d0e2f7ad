import { formatValue } from '../core/Expression.js';

/** DataDog `name:value` tags for every entry of a mapping (the meta, a test case's parameters). */
export function dataDogTags(values: Record<string, unknown>): string[] {
  return Object.entries(values).map(([k, v]) => `${k}:${formatValue(v)}`);
}
