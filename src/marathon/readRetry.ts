import { parseTimeExpr } from '../core/parseTimeExpr.js';
import { isPlainObject } from '../core/config/ConfigLoader.js';
import type { RetryPolicy } from './RetryPolicy.js';

const DEFAULT_RETRY: RetryPolicy = { tries: 10, interval: 1 };
const YES = /^(y|yes|true|on)$/i;
const NO = /^(n|no|false|off)$/i;

/**
 * The `retry` option: `yes` (the default: 10 tries, 1 s apart), `no` (one try), or
 * `{tries, interval}` with either key defaulting as for `yes`. Throws a message naming the fault.
 */
export function readRetry(value: unknown): RetryPolicy {
  if (value === undefined || value === null || value === true || (typeof value === 'string' && YES.test(value.trim()))) return { ...DEFAULT_RETRY };
  if (value === false || (typeof value === 'string' && NO.test(value.trim()))) return { tries: 1, interval: 0 };
  if (!isPlainObject(value)) throw new Error(`\`retry\` must be yes, no or a mapping {tries, interval}, got ${JSON.stringify(value)}`);
  for (const key of Object.keys(value)) if (key !== 'tries' && key !== 'interval') throw new Error(`Unknown key \`${key}\` in retry (expected tries, interval)`);
  const tries = value.tries === undefined || value.tries === null ? DEFAULT_RETRY.tries : Number(value.tries);
  if (!Number.isInteger(tries) || tries < 1) throw new Error(`\`retry.tries\` must be a whole number of at least 1, got ${JSON.stringify(value.tries)}`);
  let interval = DEFAULT_RETRY.interval;
  if (value.interval !== undefined && value.interval !== null) {
    const zero = value.interval === 0 || value.interval === '0';
    const seconds = zero ? 0 : parseTimeExpr(value.interval);
    if (seconds === null || seconds < 0) throw new Error(`\`retry.interval\` must be a time such as 1s or 500ms, got ${JSON.stringify(value.interval)}`);
    interval = seconds;
  }
  return { tries, interval };
}
