import { solveLinearSystem } from './solveLinearSystem.js';

/** Coefficients of `a x^2 + b x + c`. */
export interface Quadratic {
  a: number;
  b: number;
  c: number;
}

/**
 * Least-squares fit of a parabola through the points, from the 3x3 normal equations.
 * The x values should be of order 1 (normalized), which keeps those equations well
 * conditioned. Fewer than three distinct x values give a lower-degree fit.
 */
export function fitQuadratic(xs: readonly number[], ys: readonly number[]): Quadratic {
  const distinct = new Set(xs).size;
  if (distinct === 0) throw new Error('cannot fit a quadratic to no points');
  const mean = ys.reduce((s, y) => s + y, 0) / ys.length;
  if (distinct === 1) return { a: 0, b: 0, c: mean };
  // Sums of x^k (k = 0..4) and of x^k * y (k = 0..2).
  const sx = [0, 0, 0, 0, 0];
  const sxy = [0, 0, 0];
  xs.forEach((x, i) => {
    let p = 1;
    for (let k = 0; k <= 4; k++) {
      sx[k]! += p;
      if (k <= 2) sxy[k]! += p * ys[i]!;
      p *= x;
    }
  });
  if (distinct === 2) {
    const [intercept, slope] = solveLinearSystem(
      [
        [sx[0]!, sx[1]!],
        [sx[1]!, sx[2]!],
      ],
      [sxy[0]!, sxy[1]!],
    );
    return { a: 0, b: slope!, c: intercept! };
  }
  const [c, b, a] = solveLinearSystem(
    [
      [sx[0]!, sx[1]!, sx[2]!],
      [sx[1]!, sx[2]!, sx[3]!],
      [sx[2]!, sx[3]!, sx[4]!],
    ],
    [sxy[0]!, sxy[1]!, sxy[2]!],
  );
  return { a: a!, b: b!, c: c! };
}
