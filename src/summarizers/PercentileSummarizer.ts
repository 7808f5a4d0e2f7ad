import { rejectOutliers } from './rejectOutliers.js';
import type { Sample, Summarizer } from './Summarizer.js';

export interface PercentileSummarizerOptions {
  /** The percentile to compute, 0..100. */
  percentile: number;
  /** The name in reports; defaults to `PercentileSummarizer`. */
  name?: string;
  /** Keep outliers (the default); `false` applies the MAD rejection first. */
  outliers?: boolean;
}

/**
 * `percentile(values, q)` as numpy computes it with linear interpolation:
 * position (n - 1) * q / 100 between the sorted neighbours. Empty gives 0.
 */
export function percentile(values: readonly number[], q: number): number {
  const n = values.length;
  if (n === 0) return 0;
  const sorted = Float64Array.from(values).sort();
  const position = (q / 100) * (n - 1);
  const below = Math.floor(position);
  const above = Math.min(below + 1, n - 1);
  const fraction = position - below;
  const a = sorted[below];
  const b = sorted[above];
  // numpy's lerp, which works from the nearer neighbour: mirrored so results match it bit for bit.
  return fraction >= 0.5 ? b - (b - a) * (1 - fraction) : a + (b - a) * fraction;
}

/** `summarize.PercentileSummarizer`: the given percentile of the samples. */
export class PercentileSummarizer implements Summarizer {
  readonly name: string;
  readonly percentile: number;
  readonly outliers: boolean;

  constructor(options: PercentileSummarizerOptions) {
    const q: unknown = options.percentile;
    if (q === undefined) throw new Error('summarize.PercentileSummarizer needs `percentile` (0 to 100)');
    if (typeof q !== 'number' || !(q >= 0 && q <= 100)) {
      throw new Error(`summarize.PercentileSummarizer: \`percentile\` must be a number from 0 to 100, got ${typeof q === 'string' ? JSON.stringify(q) : String(q)}`);
    }
    this.percentile = q;
    this.name = options.name ?? 'PercentileSummarizer';
    this.outliers = options.outliers ?? true;
  }

  calculate(samples: Sample[]): number {
    const kept = this.outliers ? samples : rejectOutliers(samples);
    return percentile(
      kept.map((s) => s[1]),
      this.percentile,
    );
  }
}
