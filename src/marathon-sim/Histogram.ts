/** Sliding window of the most recent samples, summarised the way Dropwizard's snapshots are. */
export class Histogram {
  static readonly WINDOW = 1028;
  private count = 0;
  private readonly window: number[] = [];

  update(value: number): void {
    this.count += 1;
    this.window.push(value);
    if (this.window.length > Histogram.WINDOW) this.window.shift();
  }

  snapshot(): {
    count: number; max: number; mean: number; min: number; p50: number; p75: number; p95: number;
    p98: number; p99: number; p999: number; stddev: number;
  } {
    const values = [...this.window].sort((a, b) => a - b);
    const n = values.length;
    const mean = n === 0 ? 0 : values.reduce((s, v) => s + v, 0) / n;
    const variance = n < 2 ? 0 : values.reduce((s, v) => s + (v - mean) ** 2, 0) / (n - 1);
    return {
      count: this.count,
      max: n === 0 ? 0 : (values[n - 1] ?? 0),
      mean,
      min: n === 0 ? 0 : (values[0] ?? 0),
      p50: Histogram.quantile(values, 0.5),
      p75: Histogram.quantile(values, 0.75),
      p95: Histogram.quantile(values, 0.95),
      p98: Histogram.quantile(values, 0.98),
      p99: Histogram.quantile(values, 0.99),
      p999: Histogram.quantile(values, 0.999),
      stddev: Math.sqrt(variance),
    };
  }

  /** Dropwizard's interpolation: position q*(n+1) between the sorted neighbours. */
  private static quantile(sorted: readonly number[], q: number): number {
    const n = sorted.length;
    if (n === 0) return 0;
    const pos = q * (n + 1);
    if (pos < 1) return sorted[0] ?? 0;
    if (pos >= n) return sorted[n - 1] ?? 0;
    const lower = sorted[Math.floor(pos) - 1] ?? 0;
    const upper = sorted[Math.floor(pos)] ?? 0;
    return lower + (pos - Math.floor(pos)) * (upper - lower);
  }
}
