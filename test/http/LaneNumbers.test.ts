import { describe, expect, it } from 'vitest';
import { LaneNumbers } from '../../src/http/LaneNumbers.js';

describe('LaneNumbers', () => {
  it('gives overlapping takers distinct lanes and the lowest free ones first', () => {
    const lanes = new LaneNumbers();
    const a = lanes.take(3);
    const b = lanes.take(2);
    expect(a).toEqual([0, 1, 2]);
    expect(b).toEqual([3, 4]);
    lanes.give(a);
    expect(lanes.take(2)).toEqual([0, 1]);
    lanes.give(b);
    expect(lanes.take(4)).toEqual([2, 3, 4, 5]);
  });
});
