import { describe, expect, it } from 'vitest';
import { median, rejectOutliers } from '../../src/summarizers/rejectOutliers.js';
import type { Sample } from '../../src/summarizers/Summarizer.js';

const series = (values: number[]): Sample[] => values.map((v, i) => [100 + i, v]);

describe('median (numpy)', () => {
  it('takes the middle value, or the mean of the two middle values', () => {
    expect(median([7, 1, 3, 5, 2, 6, 4])).toBe(4);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([5])).toBe(5);
    expect(median([])).toBe(0);
  });
});

describe('rejectOutliers', () => {
  it('drops points with |x - median| / mdev >= 2: [1,2,3,4,100] keeps [2,3,4]', () => {
    // median 3, d = [2,1,0,1,97], mdev 1: 1 goes because its score is exactly 2.
    expect(rejectOutliers(series([1, 2, 3, 4, 100]))).toEqual([
      [101, 2],
      [102, 3],
      [103, 4],
    ]);
  });

  it('keeps everything when mdev is 0: [5,5,5,5,6]', () => {
    expect(rejectOutliers(series([5, 5, 5, 5, 6]))).toEqual(series([5, 5, 5, 5, 6]));
  });

  it('uses averaged medians for even counts and keeps the order', () => {
    // median 11.5, d = [1.5,.5,.5,1.5,38.5,2.5], mdev 1.5: scores 1, .33, .33, 1, 25.7, 1.67.
    expect(rejectOutliers(series([10, 12, 11, 13, 50, 9])).map((s) => s[1])).toEqual([10, 12, 11, 13, 9]);
  });

  it('returns an empty input unchanged', () => {
    expect(rejectOutliers([])).toEqual([]);
  });
});
