import { build, type Histogram } from 'hdr-histogram-js';

/** Longest value recorded as is (24 h in µs); longer ones count as this. */
const HIGHEST_US = 24 * 3600 * 1e6;

/**
 * Count, sum, min, max and percentiles of non-negative whole microseconds in bounded memory:
 * an HDR histogram with 3 significant digits (about 115 kB whatever the count), in its
 * pure-JavaScript form (no WebAssembly to load). The mean, min and max are exact; a
 * percentile is within 0.1% of the exact nearest-rank value, and never outside [min, max].
 */
export class HdrStats {
  private readonly histogram: Histogram = build({ lowestDiscernibleValue: 1, highestTrackableValue: HIGHEST_US, numberOfSignificantValueDigits: 3, bitBucketSize: 32, autoResize: false, useWebAssembly: false });
  count = 0;
  sum = 0;
  min = 0;
  max = 0;

  record(us: number): void {
    const value = Math.min(Math.max(0, Math.trunc(us)), HIGHEST_US);
    this.histogram.recordValue(value);
    this.min = this.count === 0 ? value : Math.min(this.min, value);
    this.max = Math.max(this.max, value);
    this.count += 1;
    this.sum += value;
  }

  /** 0 when nothing was recorded. */
  get mean(): number {
    return this.count === 0 ? 0 : this.sum / this.count;
  }

  /** The value at percentile `p` (0-100) by nearest rank; 0 when nothing was recorded. */
  percentile(p: number): number {
    if (this.count === 0) return 0;
    return Math.min(this.max, Math.max(this.min, this.histogram.getValueAtPercentile(p)));
  }
}
