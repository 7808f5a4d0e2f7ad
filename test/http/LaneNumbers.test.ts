import { describe, expect, it } from 'vitest';
import { LaneNumbers } from '../../src/http/LaneNumbers.js';

describe('LaneNumbers', () => {
  it('never hands out a lane that is held, and reuses given-back lanes (the last first) before new numbers', () => {
    const lanes = new LaneNumbers();
    const a = [lanes.take(), lanes.take(), lanes.take()];
    const b = [lanes.take(), lanes.take()];
    expect(a).toEqual([0, 1, 2]);
    expect(b).toEqual([3, 4]);
    for (const lane of a) lanes.give(lane);
    expect([lanes.take(), lanes.take()]).toEqual([2, 1]);
    for (const lane of b) lanes.give(lane);
    expect([lanes.take(), lanes.take(), lanes.take(), lanes.take()]).toEqual([4, 3, 0, 5]);
  });
});
