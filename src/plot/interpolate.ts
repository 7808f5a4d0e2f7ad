import { solveLinearSystem } from '../classes/policy/autoexplorer/solveLinearSystem.js';

export type Point2 = readonly [number, number];

/**
 * Linear radial basis function interpolation (`phi(r) = r`, as the original's scipy
 * `Rbf(function='linear')`): a surface through every measured point that also fills
 * scattered, non-grid samples. Both coordinates are scaled to [0, 1] first, so two
 * parameters of very different magnitudes weigh the same. Repeated points are averaged,
 * since duplicate centres make the system singular.
 */
export class LinearRbf {
  private readonly centres: Point2[];
  private readonly weights: number[];
  private readonly offset: Point2;
  private readonly span: Point2;
  /** A single point's value, used everywhere (one centre has no surface). */
  private readonly constant: number | null;

  constructor(points: readonly Point2[], values: readonly number[]) {
    if (points.length === 0) throw new Error('Interpolation needs at least one point');
    const xs = points.map((p) => p[0]);
    const ys = points.map((p) => p[1]);
    this.offset = [Math.min(...xs), Math.min(...ys)];
    this.span = [Math.max(...xs) - this.offset[0] || 1, Math.max(...ys) - this.offset[1] || 1];
    const merged = new Map<string, { point: Point2; sum: number; n: number }>();
    points.forEach((p, i) => {
      const q = this.normalise(p);
      const key = `${q[0]},${q[1]}`;
      const entry = merged.get(key) ?? { point: q, sum: 0, n: 0 };
      entry.sum += values[i]!;
      entry.n += 1;
      merged.set(key, entry);
    });
    this.centres = [...merged.values()].map((e) => e.point);
    const y = [...merged.values()].map((e) => e.sum / e.n);
    this.constant = this.centres.length === 1 ? y[0]! : null;
    const phi = this.centres.map((a) => this.centres.map((b) => Math.hypot(a[0] - b[0], a[1] - b[1])));
    this.weights = this.constant === null ? solveLinearSystem(phi, y) : [];
  }

  evaluate(point: Point2): number {
    if (this.constant !== null) return this.constant;
    const [x, y] = this.normalise(point);
    let s = 0;
    for (let i = 0; i < this.centres.length; i++) {
      const c = this.centres[i]!;
      s += this.weights[i]! * Math.hypot(x - c[0], y - c[1]);
    }
    return s;
  }

  private normalise(p: Point2): Point2 {
    return [(p[0] - this.offset[0]) / this.span[0], (p[1] - this.offset[1]) / this.span[1]];
  }
}

/** Piecewise-linear interpolation of sorted `(x, y)` points; null outside their range. */
export function interpolateLinear(points: ReadonlyArray<readonly [number, number]>, x: number): number | null {
  if (points.length === 0) return null;
  for (let i = 0; i < points.length; i++) {
    const [x1, y1] = points[i]!;
    if (x1 === x) return y1;
    if (i > 0 && x1 > x) {
      const [x0, y0] = points[i - 1]!;
      return x0 > x ? null : y0 + ((y1 - y0) * (x - x0)) / (x1 - x0);
    }
  }
  return null;
}
