/**
 * Drops outliers by the median absolute deviation: a value is kept when
 * `|x - median| / median(|x - median|) < 2`. When that deviation is 0 every value is kept.
 */
export function rejectOutliers(values: readonly number[]): number[] {
  if (values.length === 0) return [];
  const m = median(values);
  const d = values.map((x) => Math.abs(x - m));
  const mdev = median(d);
  if (mdev === 0) return [...values];
  return values.filter((_, i) => d[i]! / mdev < 2);
}

/** The middle value, or the mean of the two middle values for an even count. */
function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}
