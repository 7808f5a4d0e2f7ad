import type { Sample } from './Summarizer.js';

/** Median as numpy computes it: the mean of the two middle values for an even count; empty gives 0. */
export function median(values: readonly number[]): number {
  const n = values.length;
  if (n === 0) return 0;
  const sorted = Float64Array.from(values).sort();
  const mid = n >> 1;
  return n % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/**
 * Drops the samples whose value is an outlier by the median-absolute-deviation
 * rule: with d = |x - median(x)| and mdev = median(d), a sample is kept when
 * d / mdev < 2, and every sample is kept when mdev is 0. Order is preserved.
 */
export function rejectOutliers(samples: readonly Sample[]): Sample[] {
  if (samples.length === 0) return [];
  const values = samples.map((s) => s[1]);
  const centre = median(values);
  const deviations = values.map((v) => Math.abs(v - centre));
  const mdev = median(deviations);
  if (mdev === 0) return [...samples];
  return samples.filter((_, i) => deviations[i] / mdev < 2);
}
