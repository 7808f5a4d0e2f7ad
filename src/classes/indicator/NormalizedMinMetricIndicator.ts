import { NormalizedMetricIndicator } from './NormalizedMetricIndicator.js';

/** `indicator.NormalizedMinMetricIndicator`: the smallest normalised value over all test cases. */
export class NormalizedMinMetricIndicator extends NormalizedMetricIndicator {
  protected override aggregate(values: number[]): number {
    let min = values[0];
    for (const v of values) if (v < min) min = v;
    return min;
  }
}
