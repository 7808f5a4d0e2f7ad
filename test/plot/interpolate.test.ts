import { describe, it, expect } from 'vitest';
import { LinearRbf, interpolateLinear } from '../../src/plot/interpolate.js';
import { ReferenceLine, ReferenceSurface, findReferenceCase, ratioOf } from '../../src/plot/ratios.js';
import { plotLayout, prettySummarizer, summaryPair, failureOf, PlotDimensionError } from '../../src/plot/plotData.js';
import type { GeneralConfig } from '../../src/core/config/GeneralConfig.js';

describe('heat map interpolation', () => {
  it('passes through every measured point of a grid and stays within its range', () => {
    const points: Array<[number, number]> = [];
    for (const x of [1, 2, 4, 8]) for (const y of [10, 100, 1000]) points.push([x, y]);
    const values = points.map(([x, y]) => x * Math.log10(y));
    const rbf = new LinearRbf(points, values);
    points.forEach((p, i) => expect(rbf.evaluate(p)).toBeCloseTo(values[i]!, 9));
    const mid = rbf.evaluate([3, 500]);
    expect(mid).toBeGreaterThan(Math.min(...values));
    expect(mid).toBeLessThan(Math.max(...values));
  });

  it('averages repeated points and handles a single point', () => {
    expect(new LinearRbf([[1, 1], [1, 1], [2, 2]], [1, 3, 5]).evaluate([1, 1])).toBeCloseTo(2, 9);
    expect(new LinearRbf([[1, 1]], [7]).evaluate([5, 5])).toBe(7);
  });

  it('interpolates lines only inside their range', () => {
    const pts: Array<[number, number]> = [[1, 10], [3, 30]];
    expect(interpolateLinear(pts, 2)).toBe(20);
    expect(interpolateLinear(pts, 3)).toBe(30);
    expect(interpolateLinear(pts, 0)).toBeNull();
    expect(interpolateLinear(pts, 4)).toBeNull();
  });
});

describe('reference ratios', () => {
  it('divides by the reference, with no ratio where there is no reference or it is 0', () => {
    expect(ratioOf(3, 2)).toBe(1.5);
    expect(ratioOf(3, 0)).toBeNull();
    expect(ratioOf(3, null)).toBeNull();
  });

  it('merges repeated reference points and sorts them', () => {
    const line = new ReferenceLine([4, 1, 1], [40, 10, 20]);
    expect(line.points).toEqual([[1, 15], [4, 40]]);
    expect(line.at(2)).toBeCloseTo(23.333, 3);
  });

  it('gives a reference surface exactly at its points, interpolated inside and none outside', () => {
    const s = new ReferenceSurface([[0, 0], [1, 0], [0, 1], [1, 1]], [1, 2, 3, 4]);
    expect(s.at([1, 1])).toBe(4);
    expect(s.at([0.5, 0.5])).toBeGreaterThan(1);
    expect(s.at([2, 2])).toBeNull();
  });

  it('finds the reference test case by the parameters both runs have', () => {
    const ref = [{ parameters: { x: 1 } }, { parameters: { x: 2 } }];
    expect(findReferenceCase(ref, { x: '2', y: 5 })).toBe(ref[1]);
    expect(findReferenceCase(ref, { x: 3 })).toBeUndefined();
    expect(findReferenceCase(ref, { z: 1 })).toBeUndefined();
  });
});

describe('plot data', () => {
  const general = (names: string[]) => ({ parameters: names.map((name) => ({ name, default: 0 })), metrics: [], title: 'T', metric: () => undefined }) as unknown as GeneralConfig;
  const c = (parameters: Record<string, unknown>) => ({ parameters, flags: {} });

  it('plots the parameters that vary and lists the fixed ones', () => {
    const layout = plotLayout(general(['x', 'y', 'z']), [c({ x: 1, y: 9, z: 'a' }), c({ x: 2, y: 9, z: 'b' })], undefined);
    expect(layout.axes.map((a) => a.name)).toEqual(['x', 'z']);
    expect(layout.axes[1]!.categories).toEqual(['a', 'b']);
    expect(layout.fixed).toEqual([['y', 9]]);
  });

  it('uses the first parameter when nothing varies, and rejects no parameters', () => {
    expect(plotLayout(general(['x', 'y']), [c({ x: 1, y: 2 })], undefined).axes.map((a) => a.name)).toEqual(['x']);
    expect(() => plotLayout(general([]), [], undefined)).toThrow('Requested to dump a plot without having any parameters');
  });

  it('rejects more than two varying parameters, pointing to the HTML report', () => {
    const cases = [c({ a: 1, b: 1, c: 1 }), c({ a: 2, b: 2, c: 2 })];
    expect(() => plotLayout(general(['a', 'b', 'c']), cases, undefined)).toThrow(PlotDimensionError);
    expect(() => plotLayout(general(['a', 'b', 'c']), cases, undefined)).toThrow(/reporter\.PlotReporter cannot draw 3 varying parameters \(a, b, c\).*reporter\.HTMLReporter/);
  });

  it('reads summaries, names and failures', () => {
    expect(summaryPair(3)).toEqual([3, 0]);
    expect(summaryPair([3, 0.5])).toEqual([3, 0.5]);
    expect(summaryPair(Number.NaN)).toBeNull();
    expect(prettySummarizer('mean_err')).toBe('mean (err)');
    expect(failureOf({ status: 'OK' })).toBeNull();
    expect(failureOf({ status: 'TIMEOUT' })).toBe('TIMEOUT');
    expect(failureOf({})).toBeNull();
  });
});
