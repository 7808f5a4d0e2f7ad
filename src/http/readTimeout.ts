import { parseTimeExpr } from '../core/parseTimeExpr.js';

/** A rendered `timeout` option in seconds; null when absent; throws on anything else. */
export function readTimeout(value: unknown): number | null {
  if (value === undefined || value === null || value === '') return null;
  const seconds = parseTimeExpr(value);
  if (seconds === null || seconds <= 0) throw new Error(`Expected a positive time for \`timeout\` (e.g. 5, 500ms, 2s), got ${JSON.stringify(value)}`);
  return seconds;
}
