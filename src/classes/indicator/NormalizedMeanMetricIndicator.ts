import { NormalizedMetricIndicator } from './NormalizedMetricIndicator.js';

/** `indicator.NormalizedMeanMetricIndicator`: the mean of the normalised values of all test cases. */
export class NormalizedMeanMetricIndicator extends NormalizedMetricIndicator {
  protected override aggregate(values: number[]): number {
    let sum = 0;
    for (const v of values) sum += v;
    return sum / values.length;
  }
}
