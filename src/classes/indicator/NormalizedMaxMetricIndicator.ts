import { NormalizedMetricIndicator } from './NormalizedMetricIndicator.js';

/** `indicator.NormalizedMaxMetricIndicator`: the largest normalised value over all test cases. */
export class NormalizedMaxMetricIndicator extends NormalizedMetricIndicator {
  protected override aggregate(values: number[]): number {
    let max = values[0];
    for (const v of values) if (v > max) max = v;
    return max;
  }
}
