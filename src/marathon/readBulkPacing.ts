import type { BulkPacing } from './BulkPacing.js';

const absent = (v: unknown): boolean => v === undefined || v === null || v === '';

/** A whole count of at least 1; numeric strings count, fractions are truncated as the original did. */
function count(value: unknown, key: string): number | null {
  if (absent(value)) return null;
  const n = Math.trunc(Number(value));
  if (!Number.isFinite(n) || n < 1 || typeof value === 'boolean') throw new Error(`\`${key}\` must be a number of at least 1, got ${JSON.stringify(value)}`);
  return n;
}

/** `parallel`, `burst` and `rate` of a (rendered) deploy item; throws a message naming the fault. */
export function readBulkPacing(item: Record<string, unknown>): BulkPacing {
  const parallel = count(item.parallel, 'parallel');
  const burst = count(item.burst, 'burst');
  if (parallel !== null && burst !== null) throw new Error('Please specify either a `burst` or a `parallel` parameter, but not both');
  let rate: number | null = null;
  if (!absent(item.rate)) {
    rate = Number(item.rate);
    if (!Number.isFinite(rate) || rate <= 0 || typeof item.rate === 'boolean') throw new Error(`\`rate\` must be a positive number of requests per second, got ${JSON.stringify(item.rate)}`);
  }
  return { parallel, burst, rate };
}
