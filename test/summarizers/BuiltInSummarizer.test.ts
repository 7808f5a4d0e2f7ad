import { describe, expect, it } from 'vitest';
import { BUILTIN_SUMMARIZERS, BuiltInSummarizer } from '../../src/summarizers/BuiltInSummarizer.js';
import type { Sample, SummarizerContext, SummaryValue } from '../../src/summarizers/Summarizer.js';

const series = (values: number[]): Sample[] => values.map((v, i) => [1000 + i, v]);

function run(fn: string, values: number[], options: { outliers?: boolean } = {}): { value: SummaryValue; notes: string[] } {
  const notes: string[] = [];
  const context: SummarizerContext = { parameters: {}, note: (m) => notes.push(m) };
  return { value: new BuiltInSummarizer(fn, options).calculate(series(values), context), notes };
}
const calc = (fn: string, values: number[], options: { outliers?: boolean } = {}): SummaryValue => run(fn, values, options).value;

function expectPair(value: SummaryValue, mean: number, err: number): void {
  expect(Array.isArray(value)).toBe(true);
  const [m, e] = value as [number, number];
  expect(m).toBeCloseTo(mean, 12);
  expect(Math.abs(e - err) / err).toBeLessThan(1e-9);
}

describe('BuiltInSummarizer', () => {
  it('sum, min, max, mean', () => {
    expect(calc('sum', [3, -2, 5, 0.5])).toBe(6.5);
    expect(calc('min', [3, -2, 5, 0.5])).toBe(-2);
    expect(calc('max', [3, -2, 5, 0.5])).toBe(5);
    expect(calc('mean', [3, -2, 5, 0.5])).toBe(1.625);
  });

  it('median is the true median', () => {
    // The original returned 5 here (index round(n/2)).
    expect(calc('median', [7, 1, 3, 5, 2, 6, 4])).toBe(4);
    expect(calc('median', [1, 2, 3])).toBe(2);
    expect(calc('median', [4, 1, 3, 2])).toBe(2.5);
  });

  it('mode is the most frequent value, ties going to the smallest', () => {
    expect(calc('mode', [2, 2, 5])).toBe(2);
    expect(calc('mode', [3, 1, 3, 1, 2])).toBe(1);
    expect(calc('mode', [9, -1, 5, 5, -1])).toBe(-1);
    expect(calc('mode', [4, 8, 8, 8, 4])).toBe(8);
  });

  it('variance and sdeviation use the sample formulas (n - 1)', () => {
    const data = [2, 4, 4, 4, 5, 5, 7, 9]; // mean 5, squared deviations 32
    expect(calc('variance', data)).toBeCloseTo(32 / 7, 14);
    expect(calc('sdeviation', data)).toBeCloseTo(2.138089935299395, 14);
    expect(calc('variance', [1, 2, 3, 4])).toBeCloseTo(5 / 3, 14);
    expect(calc('variance', [42])).toBe(0);
    expect(calc('sdeviation', [42])).toBe(0);
  });

  it('mean_err is the mean and t(0.975, n-1) * s / sqrt(n) with the sample sd', () => {
    // s = 1.2909944487358056, t = 3.182446305284263: 3.182446305284263 * 1.2909944487358056 / 2
    expectPair(calc('mean_err', [1, 2, 3, 4]), 2.5, 2.0542602567605206);
    expectPair(calc('mean_err', [1, 2, 3]), 2, 4.302652729749464 / Math.sqrt(3));
    expectPair(calc('mean_err', [1, 2]), 1.5, 6.353102368087347);
    expectPair(calc('mean_err', [10.5, 11.25, 9.75, 10, 12, 11]), 10.75, 0.8780208503211788);
  });

  it('mean_err of one sample has error 0 and notes it', () => {
    const { value, notes } = run('mean_err', [7]);
    expect(value).toEqual([7, 0]);
    expect(notes).toEqual(['mean_err of 1 sample: error is 0']);
    expect(run('mean_err', [1, 2]).notes).toEqual([]);
  });

  it('confidence_interval is an alias of mean_err', () => {
    expect(calc('confidence_interval', [1, 2, 3, 4])).toEqual(calc('mean_err', [1, 2, 3, 4]));
    expect(new BuiltInSummarizer('confidence_interval').name).toBe('confidence_interval');
  });

  it('empty series give 0 ([0, 0] for mean_err)', () => {
    for (const fn of BUILTIN_SUMMARIZERS) {
      const expected = fn === 'mean_err' || fn === 'confidence_interval' ? [0, 0] : 0;
      expect(calc(fn, [])).toEqual(expected);
    }
  });

  it('never gives NaN', () => {
    for (const fn of BUILTIN_SUMMARIZERS) {
      for (const data of [[], [1], [1, 1], [0, 0, 0], [-3, 3]]) {
        const value = calc(fn, data);
        for (const v of Array.isArray(value) ? value : [value]) expect(Number.isFinite(v)).toBe(true);
      }
    }
  });

  it('keeps outliers by default and rejects them with outliers: false', () => {
    expect(calc('mean', [1, 2, 3, 4, 100])).toBe(22);
    expect(calc('mean', [1, 2, 3, 4, 100], { outliers: false })).toBe(3);
    expect(calc('max', [1, 2, 3, 4, 100], { outliers: false })).toBe(4);
    expect(calc('sum', [5, 5, 5, 5, 6], { outliers: false })).toBe(26);
    const { value, notes } = run('mean_err', [1, 2, 3, 4, 100], { outliers: false });
    expectPair(value, 3, 4.302652729749464 / Math.sqrt(3));
    expect(notes).toEqual([]);
  });

  it('is named after its function unless given a name', () => {
    expect(new BuiltInSummarizer('mean').name).toBe('mean');
    expect(new BuiltInSummarizer('mean_err', { name: 'Mean (With Error)' }).name).toBe('Mean (With Error)');
  });

  it('rejects unknown functions with a suggestion', () => {
    expect(() => new BuiltInSummarizer('meen')).toThrow('Unknown built-in summarizer "meen" (did you mean "mean"?)');
    expect(() => new BuiltInSummarizer('mean_error')).toThrow('(did you mean "mean_err"?)');
    expect(() => new BuiltInSummarizer('toString')).toThrow('Unknown built-in summarizer "toString"');
  });
});
