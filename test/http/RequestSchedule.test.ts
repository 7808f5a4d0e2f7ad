import { describe, expect, it } from 'vitest';
import { RequestSchedule, type SchedulePlan } from '../../src/http/RequestSchedule.js';

/** Runs `plan` with requests that complete after `ms` each; records the lane of every request and the lanes in flight at its start. */
async function lanesOf(plan: SchedulePlan, ms = 2): Promise<{ lanes: number[]; overlaps: number[][] }> {
  const inFlight = new Set<number>();
  const lanes: number[] = [];
  const overlaps: number[][] = [];
  const schedule = new RequestSchedule(plan, (_index, lane, _scheduled, started, done) => {
    lanes.push(lane);
    overlaps.push([...inFlight]);
    if (lane >= 0) inFlight.add(lane);
    started?.(process.hrtime.bigint());
    setTimeout(() => {
      inFlight.delete(lane);
      done(lane);
    }, ms);
  });
  await schedule.run();
  return { lanes, overlaps };
}

describe('RequestSchedule lanes', () => {
  it('back to back: every request holds a lane below the concurrency that no request in flight holds', async () => {
    const { lanes, overlaps } = await lanesOf({ count: 40, concurrency: 5, pacing: { kind: 'backToBack' } });
    expect(lanes).toHaveLength(40);
    expect(new Set(lanes)).toEqual(new Set([0, 1, 2, 3, 4]));
    lanes.forEach((lane, i) => expect(overlaps[i]).not.toContain(lane));
  });

  it('uses only as many lanes as there are requests', async () => {
    const { lanes } = await lanesOf({ count: 3, concurrency: 50, pacing: { kind: 'backToBack' } });
    expect(lanes.sort()).toEqual([0, 1, 2]);
  });

  it('at a rate with a concurrency limit: lanes below it, never shared in flight', async () => {
    const { lanes, overlaps } = await lanesOf({ count: 30, concurrency: 3, pacing: { kind: 'rate', perSecond: 2000 } }, 5);
    expect(Math.max(...lanes)).toBeLessThan(3);
    expect(Math.min(...lanes)).toBe(0);
    lanes.forEach((lane, i) => expect(overlaps[i]).not.toContain(lane));
  });

  it('at a rate without a limit: no lanes (-1), the shared dispatcher carries the requests', async () => {
    const { lanes } = await lanesOf({ count: 5, concurrency: Infinity, pacing: { kind: 'rate', perSecond: 1000 } });
    expect(lanes).toEqual([-1, -1, -1, -1, -1]);
  });

  it('spaced requests: one lane per worker', async () => {
    const { lanes, overlaps } = await lanesOf({ count: 6, concurrency: 2, pacing: { kind: 'interval', seconds: 0.001 } });
    expect(new Set(lanes)).toEqual(new Set([0, 1]));
    lanes.forEach((lane, i) => expect(overlaps[i]).not.toContain(lane));
  });
});
