/** Removes binary float drift (0.1 * 3 = 0.30000000000000004) from generated values. */
function tidy(x: number): number {
  return Number.parseFloat(x.toPrecision(12));
}

/** min, min+step, ... up to max (included when `inclusive` and aligned to step). */
export function rangeValues(min: number, max: number, step: number, inclusive = true): number[] {
  if (!(step > 0)) throw new Error(`step must be a positive number, got ${step}`);
  if (max < min) throw new Error(`max (${max}) is smaller than min (${min})`);
  const out: number[] = [];
  const eps = step * 1e-9;
  for (let i = 0; ; i++) {
    const v = tidy(min + i * step);
    if (inclusive ? v > max + eps : v >= max - eps) break;
    out.push(v);
    if (out.length > 10_000_000) throw new Error('range produces more than 10,000,000 values');
  }
  return out;
}

/**
 * `count` values drawn uniformly from the range: without replacement from the grid when
 * a step is given (sorted, like a subset of the range), continuous otherwise.
 */
export function sampleValues(min: number, max: number, step: number | null, count: number, inclusive: boolean, random: () => number): number[] {
  if (step !== null) {
    const grid = rangeValues(min, max, step, inclusive);
    if (count >= grid.length) return grid;
    // Partial Fisher-Yates: picks `count` distinct grid points.
    const idx = grid.map((_, i) => i);
    for (let i = 0; i < count; i++) {
      const j = i + Math.floor(random() * (idx.length - i));
      [idx[i], idx[j]] = [idx[j]!, idx[i]!];
    }
    return idx.slice(0, count).sort((a, b) => a - b).map((i) => grid[i]!);
  }
  return Array.from({ length: count }, () => tidy(min + random() * (max - min)));
}

/** Cartesian product; the first list is the outermost loop. */
export function cartesian<T>(lists: Array<[string, T[]]>): Array<Record<string, T>> {
  let acc: Array<Record<string, T>> = [{}];
  for (const [name, values] of lists) {
    const next: Array<Record<string, T>> = [];
    for (const combo of acc) for (const v of values) next.push({ ...combo, [name]: v });
    acc = next;
  }
  return acc;
}
