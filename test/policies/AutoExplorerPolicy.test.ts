import { describe, it, expect } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { runConfig, workdir } from '../helpers/driver.js';
import { policyActions } from './eventLog.js';
import { solveLinearSystem } from '../../src/classes/policy/autoexplorer/solveLinearSystem.js';
import { RbfInterpolator } from '../../src/classes/policy/autoexplorer/RbfInterpolator.js';
import { fitQuadratic } from '../../src/classes/policy/autoexplorer/fitQuadratic.js';
import { nelderMead } from '../../src/classes/policy/autoexplorer/nelderMead.js';
import { rejectOutliers } from '../../src/classes/policy/autoexplorer/rejectOutliers.js';
import { averageValues } from '../../src/classes/policy/autoexplorer/averageValues.js';
import { parseAverage } from '../../src/classes/policy/autoexplorer/parseAverage.js';
import { ParameterRange } from '../../src/classes/policy/autoexplorer/ParameterRange.js';

/** A config whose metric `cost` is what `cmdline` prints; a point completes when the command exits. */
function config(policy: Record<string, unknown>, cmdline: string, params: string[] = ['x']): string {
  return stringify({
    config: { parameters: params.map((name) => ({ name })), metrics: [{ name: 'cost', summarize: ['mean'] }] },
    policies: [{ class: 'policy.AutoExplorerPolicy', metric: 'cost', events: { advance: 'CmdlineExitZeroEvent' }, ...policy }],
    channels: [{ class: 'channel.CmdlineChannel', shell: true, restart: false, cmdline }],
    trackers: [{ class: 'tracker.EventAttributeTracker', event: 'LogLineEvent[kind=stdout]', extract: [{ metric: 'cost', eval: 'float(event.line)' }] }],
    reporters: [{ class: 'reporter.RawEventsReporter' }, { class: 'reporter.RawReporter' }],
  });
}

async function run(policy: Record<string, unknown>, cmdline: string, params?: string[]) {
  const r = await runConfig(config(policy, cmdline, params));
  expect(r.code, r.logs.join('\n')).toBe(0);
  return r;
}

const PARABOLA = 'echo $(( ({{x}} - 3) * ({{x}} - 3) ))';

describe('AutoExplorerPolicy', () => {
  it('measures 10%, 50% and 90% of the range, then converges on the minimum and stops when the last five points are there', async () => {
    const r = await run({ explore: [{ parameter: 'x', min: 0, max: 6, step: 1 }] }, PARABOLA);
    expect(policyActions(r)).toEqual(['x=1', 'x=3', 'x=5', 'x=3', 'x=3', 'x=3', 'x=3', 'x=3']);
  });

  it('searches for the highest value with minimize: no', async () => {
    const r = await run({ explore: [{ parameter: 'x', min: 0, max: 6 }], minimize: false }, 'echo $(( 10 - ({{x}} - 3) * ({{x}} - 3) ))');
    expect(policyActions(r)).toEqual(['x=1', 'x=3', 'x=5', 'x=3', 'x=3', 'x=3', 'x=3', 'x=3']);
  });

  it('is deterministic with a seed and stops after algorithm.maxRuns points', async () => {
    const policy = {
      explore: [
        { parameter: 'a', min: 0, max: 4 },
        { parameter: 'b', min: 0, max: 4 },
      ],
      seed: 42,
      algorithm: { maxRuns: 11 },
    };
    const cmdline = 'echo $(( ({{a}} - 1) * ({{a}} - 1) + ({{b}} - 3) * ({{b}} - 3) ))';
    const first = policyActions(await run(policy, cmdline, ['a', 'b']));
    expect(first).toHaveLength(11);
    // The initial grid: every combination of 0, 2 and 4 (10%, 50%, 90% rounded to the step).
    expect(first.slice(0, 9)).toEqual(['a=0,b=0', 'a=0,b=2', 'a=0,b=4', 'a=2,b=0', 'a=2,b=2', 'a=2,b=4', 'a=4,b=0', 'a=4,b=2', 'a=4,b=4']);
    expect(policyActions(await run(policy, cmdline, ['a', 'b']))).toEqual(first);
  });

  it('ends on the abort event', async () => {
    const r = await run({ explore: [{ parameter: 'x', min: 0, max: 6 }], events: { advance: 'CmdlineExitZeroEvent', abort: 'LogLineEvent[line="0"]' } }, PARABOLA);
    expect(policyActions(r)).toEqual(['x=1', 'x=3']);
  });

  it('keeps its measurements in the database and continues from it', async () => {
    const database = join(workdir(), 'explore.json');
    const policy = { explore: [{ parameter: 'x', min: 0, max: 6 }], database };
    await run(policy, PARABOLA);
    expect(existsSync(database)).toBe(true);
    const snapshot = JSON.parse(readFileSync(database, 'utf8')) as { coords: number[][]; values: number[]; queue: number[][] };
    expect(snapshot.coords).toEqual([[1], [3], [5], [3], [3], [3], [3], [3]]);
    expect(snapshot.values).toEqual([4, 0, 4, 0, 0, 0, 0, 0]);
    expect(snapshot.queue).toEqual([]);
    // The stored points converged already: nothing is left to measure.
    expect(policyActions(await run(policy, PARABOLA))).toEqual([]);
  });

  it.each([
    [{ explore: [{ parameter: 'x' }], metric: 'latency' }, 'Unknown metric `latency`'],
    [{ explore: [{ parameter: 'x' }], average: 'median' }, 'Unknown average value `median`'],
    [{ explore: [{ parameter: 'x', mx: 3 }] }, 'Unknown key `mx` in explore[0]'],
    [{ explore: [{ parameter: 'x' }], events: { wait: 'TickEvent' } }, '`events.advance` is required'],
    [{ explore: [{ parameter: 'x' }], algorithm: { maxRuns: 0 } }, '`algorithm.maxRuns` must be a positive integer'],
  ])('rejects a bad configuration with a clear error (%#)', async (policy, message) => {
    const r = await runConfig(config(policy, 'echo 1'));
    expect(r.code).toBe(2);
    expect(r.logs.join('\n')).toContain(message);
  });
});

describe('AutoExplorerPolicy numerics', () => {
  it('solves linear systems with pivoting and refuses singular ones', () => {
    const x = solveLinearSystem(
      [
        [0, 2, 1],
        [1, 1, 1],
        [2, 1, 0],
      ],
      [5, 4, 4],
    );
    x.forEach((v, i) => expect(v).toBeCloseTo([1, 2, 1][i]!, 12));
    expect(() =>
      solveLinearSystem(
        [
          [1, 2],
          [2, 4],
        ],
        [1, 2],
      ),
    ).toThrow('singular');
  });

  it('interpolates exactly through the measured points, averaging repeated ones', () => {
    const rbf = new RbfInterpolator([[0, 0], [1, 0], [0, 1], [1, 1], [1, 1]], [1, 2, 3, 4, 6]);
    expect(rbf.evaluate([0, 0])).toBeCloseTo(1, 9);
    expect(rbf.evaluate([0, 1])).toBeCloseTo(3, 9);
    expect(rbf.evaluate([1, 1])).toBeCloseTo(5, 9);
  });

  it('fits a parabola and finds its minimum with Nelder-Mead', () => {
    const xs = [0, 0.25, 0.5, 0.75, 1];
    const q = fitQuadratic(xs, xs.map((x) => 2 * x * x - 3 * x + 1));
    expect(q.a).toBeCloseTo(2, 9);
    expect(q.b).toBeCloseTo(-3, 9);
    expect(q.c).toBeCloseTo(1, 9);
    const { x } = nelderMead(([t]) => (t! - 0.75) ** 2 + 1, [0]);
    expect(x[0]).toBeCloseTo(0.75, 4);
    const rosen = nelderMead(([a, b]) => (1 - a!) ** 2 + 100 * (b! - a! * a!) ** 2, [-1, 1], { maxIterations: 5000, tolerance: 1e-14 });
    expect(rosen.x[0]).toBeCloseTo(1, 3);
    expect(rosen.x[1]).toBeCloseTo(1, 3);
  });

  it('averages with mean or a linear percentile, rejecting outliers by the median absolute deviation', () => {
    expect(rejectOutliers([1, 2, 3, 4, 100])).toEqual([2, 3, 4]);
    expect(rejectOutliers([5, 5, 5, 5, 6])).toEqual([5, 5, 5, 5, 6]);
    expect(averageValues([1, 2, 3, 4, 100], parseAverage('mean'), true)).toBe(3);
    expect(averageValues([1, 2, 3, 4, 100], parseAverage('mean'), false)).toBe(22);
    expect(averageValues([1, 2, 3, 4], parseAverage('p50'), false)).toBe(2.5);
    expect(averageValues([10, 20, 30], parseAverage('p90'), false)).toBeCloseTo(28, 12);
  });

  it('snaps values to the step grid within the bounds', () => {
    const ints = new ParameterRange('x', 0, 6, 1);
    expect([0.1, 0.5, 0.9].map((p) => ints.valueAt(p))).toEqual([1, 3, 5]);
    const fractions = new ParameterRange('y', 0, 1, 0.1);
    expect(fractions.valueAt(0.33)).toBe(0.3);
    expect(fractions.snap(7)).toBe(1);
  });
});
