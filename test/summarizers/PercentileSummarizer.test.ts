import { describe, expect, it } from 'vitest';
import { PercentileSummarizer, percentile } from '../../src/summarizers/PercentileSummarizer.js';
import type { Sample, Summarizer } from '../../src/summarizers/Summarizer.js';

const series = (values: number[]): Sample[] => values.map((v, i) => [1000 + i, v]);
const context = { parameters: {}, note: () => undefined };

describe('percentile (numpy, linear)', () => {
  it('interpolates at (n - 1) * q / 100 between sorted neighbours', () => {
    expect(percentile([1, 2, 3, 4], 50)).toBe(2.5);
    expect(percentile([1, 2, 3, 4], 25)).toBe(1.75); // position 0.75
    expect(percentile([4, 3, 2, 1], 90)).toBeCloseTo(3.7, 15); // position 2.7
    // Values printed by numpy.percentile, bit for bit.
    expect(percentile([10, 1, 7, 3, 5], 33.3)).toBe(3.6639999999999997);
    expect(percentile([0.1, 0.2, 0.7], 99.9)).toBe(0.6990000000000001);
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 95)).toBe(9.549999999999999);
  });

  it('gives the extremes at 0 and 100, the value itself for one sample and 0 when empty', () => {
    expect(percentile([5, -1, 3], 0)).toBe(-1);
    expect(percentile([5, -1, 3], 100)).toBe(5);
    expect(percentile([3], 42)).toBe(3);
    expect(percentile([], 50)).toBe(0);
  });
});

describe('PercentileSummarizer', () => {
  it('computes the configured percentile of the samples', () => {
    const s = new PercentileSummarizer({ percentile: 90 });
    expect(s.name).toBe('PercentileSummarizer');
    expect(s.calculate(series([1, 2, 3, 4]))).toBeCloseTo(3.7, 15);
    expect(s.calculate([])).toBe(0);
    expect(new PercentileSummarizer({ percentile: 50, name: 'p50' }).name).toBe('p50');
  });

  it('keeps outliers by default and rejects them with outliers: false', () => {
    expect(new PercentileSummarizer({ percentile: 100 }).calculate(series([1, 2, 3, 4, 100]))).toBe(100);
    expect(new PercentileSummarizer({ percentile: 100, outliers: false }).calculate(series([1, 2, 3, 4, 100]))).toBe(4);
    expect(new PercentileSummarizer({ percentile: 0, outliers: false }).calculate(series([1, 2, 3, 4, 100]))).toBe(2);
  });

  it('requires a percentile from 0 to 100', () => {
    expect(() => new PercentileSummarizer({} as { percentile: number })).toThrow('needs `percentile` (0 to 100)');
    expect(() => new PercentileSummarizer({ percentile: 101 })).toThrow('must be a number from 0 to 100, got 101');
    expect(() => new PercentileSummarizer({ percentile: -1 })).toThrow('got -1');
    expect(() => new PercentileSummarizer({ percentile: Number.NaN })).toThrow('got NaN');
  });

  it('is usable as a Summarizer', () => {
    const s: Summarizer = new PercentileSummarizer({ percentile: 50 });
    expect(s.calculate(series([1, 3]), context)).toBe(2);
  });
});
