import { describe, expect, it } from 'vitest';
import { lnBeta, lnGamma, tPpf } from '../../src/summarizers/studentT.js';

function expectRel(actual: number, expected: number, tolerance = 1e-9): void {
  expect(Math.abs(actual - expected) / Math.abs(expected)).toBeLessThan(tolerance);
}

describe('tPpf', () => {
  it('matches the two-sided 95% table values (scipy t.ppf(0.975, df))', () => {
    const table: Array<[number, number]> = [
      [1, 12.706204736174698],
      [2, 4.302652729749464],
      [3, 3.182446305284263],
      [4, 2.7764451051977934],
      [5, 2.5705818356363146],
      [10, 2.228138851986274],
      [30, 2.0422724563012373],
      [100, 1.9839715185235518],
      [1000, 1.9623390808264078],
    ];
    for (const [df, t] of table) expectRel(tPpf(0.975, df), t);
  });

  it('matches other probabilities and fractional df', () => {
    expectRel(tPpf(0.95, 1), 6.313751514675037);
    expectRel(tPpf(0.995, 2), 9.924843200918287);
    expectRel(tPpf(0.95, 10), 1.8124611228116756);
    expectRel(tPpf(0.995, 30), 2.7499956535672254);
    expectRel(tPpf(0.6, 7.5), 0.26250189880429486);
    expectRel(tPpf(1e-10, 3), -2225.769284683093);
  });

  it('tends to the normal quantile for large df', () => {
    expectRel(tPpf(0.975, Infinity), 1.959963984540054);
    expectRel(tPpf(0.975, 1e12), 1.959963984540054, 1e-11);
    expect(tPpf(0.975, 1e5)).toBeGreaterThan(tPpf(0.975, 1e6));
    expect(tPpf(0.975, 1e4)).toBeGreaterThan(tPpf(0.975, 1e4 + 1));
  });

  it('agrees with the closed forms for df 1 and 2, from the centre to the far tails', () => {
    for (const p of [1e-300, 1e-100, 1e-12, 1e-3, 0.1, 0.3, 0.45, 0.4999999, 0.5000001, 0.7, 0.9, 0.999]) {
      const cauchy = p < 0.25 ? -1 / Math.tan(Math.PI * p) : Math.tan(Math.PI * (p - 0.5));
      expectRel(tPpf(p, 1), cauchy, 1e-12);
      if (p > 1e-200) expectRel(tPpf(p, 2), (2 * p - 1) / Math.sqrt(2 * p * (1 - p)), 1e-12);
    }
  });

  it('is antisymmetric, 0 at the median and infinite at the ends', () => {
    expect(tPpf(0.025, 7)).toBeCloseTo(-tPpf(0.975, 7), 12);
    expect(tPpf(0.5, 3)).toBe(0);
    expect(tPpf(0, 3)).toBe(-Infinity);
    expect(tPpf(1, 3)).toBe(Infinity);
  });

  it('rejects arguments outside the domain', () => {
    expect(() => tPpf(1.5, 3)).toThrow(RangeError);
    expect(() => tPpf(Number.NaN, 3)).toThrow(RangeError);
    expect(() => tPpf(0.9, 0)).toThrow(RangeError);
    expect(() => tPpf(0.9, Number.NaN)).toThrow(RangeError);
  });
});

describe('lnGamma and lnBeta', () => {
  it('match known values', () => {
    expectRel(lnGamma(0.5), Math.log(Math.sqrt(Math.PI)), 1e-14);
    expectRel(lnGamma(10), Math.log(362880), 1e-14);
    expectRel(lnGamma(3.5), Math.log((15 / 8) * Math.sqrt(Math.PI)), 1e-14);
    expect(Math.abs(lnGamma(1))).toBeLessThan(1e-14);
    expectRel(lnBeta(2, 3), Math.log(1 / 12), 1e-14);
    expectRel(lnBeta(0.5, 0.5), Math.log(Math.PI), 1e-14);
    // B(a, 1/2) ~ sqrt(pi / a) for large a: the forms without cancellation.
    expectRel(lnBeta(5e5, 0.5), lnGamma(5e5) + lnGamma(0.5) - lnGamma(5e5 + 0.5), 1e-9);
    expectRel(lnBeta(20, 30), lnGamma(20) + lnGamma(30) - lnGamma(50), 1e-13);
  });
});
