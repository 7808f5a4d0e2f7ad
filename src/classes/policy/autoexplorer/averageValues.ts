import { rejectOutliers } from './rejectOutliers.js';

/** `mean`, or a percentile (`p90`: 90). */
export type Average = { kind: 'mean' } | { kind: 'percentile'; q: number };

/**
 * The mean or percentile of the samples (percentiles interpolate linearly between the
 * neighbouring sorted values, as numpy does), after optional outlier rejection.
 */
export function averageValues(values: readonly number[], average: Average, dropOutliers: boolean): number {
  const kept = dropOutliers ? rejectOutliers(values) : [...values];
  if (kept.length === 0) throw new Error('no values to average');
  if (average.kind === 'mean') return kept.reduce((s, v) => s + v, 0) / kept.length;
  const sorted = kept.sort((a, b) => a - b);
  const pos = ((sorted.length - 1) * average.q) / 100;
  const lo = Math.floor(pos);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}
