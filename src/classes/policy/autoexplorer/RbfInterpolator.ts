import { solveLinearSystem } from './solveLinearSystem.js';

/**
 * Radial basis function interpolation with the multiquadric kernel
 * `phi(r) = sqrt((r / epsilon)^2 + 1)`: a smooth surface through every measured point.
 * `epsilon` is the average spacing of the points (as scipy's Rbf picks it), so the
 * kernel width follows the data. Points measured more than once are averaged first,
 * since duplicate centres make the system singular.
 */
export class RbfInterpolator {
  private readonly centres: number[][];
  private readonly weights: number[];
  private readonly epsilon: number;

  constructor(points: readonly (readonly number[])[], values: readonly number[]) {
    if (points.length === 0) throw new Error('RBF interpolation needs at least one point');
    const merged = new Map<string, { point: number[]; sum: number; n: number }>();
    points.forEach((p, i) => {
      const key = p.join(',');
      const entry = merged.get(key) ?? { point: [...p], sum: 0, n: 0 };
      entry.sum += values[i]!;
      entry.n += 1;
      merged.set(key, entry);
    });
    this.centres = [...merged.values()].map((e) => e.point);
    const y = [...merged.values()].map((e) => e.sum / e.n);
    this.epsilon = averageSpacing(this.centres);
    const phi = this.centres.map((a) => this.centres.map((b) => this.kernel(distance(a, b))));
    this.weights = solveLinearSystem(phi, y);
  }

  evaluate(x: readonly number[]): number {
    let s = 0;
    for (let i = 0; i < this.centres.length; i++) s += this.weights[i]! * this.kernel(distance(x, this.centres[i]!));
    return s;
  }

  private kernel(r: number): number {
    const q = r / this.epsilon;
    return Math.sqrt(q * q + 1);
  }
}

function distance(a: readonly number[], b: readonly number[]): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i]! - b[i]!) ** 2;
  return Math.sqrt(s);
}

/** (volume of the bounding box / number of points)^(1/dimensions), ignoring flat dimensions. */
function averageSpacing(points: readonly (readonly number[])[]): number {
  const dims = points[0]!.length;
  let volume = 1;
  let used = 0;
  for (let d = 0; d < dims; d++) {
    const xs = points.map((p) => p[d]!);
    const edge = Math.max(...xs) - Math.min(...xs);
    if (edge > 0) {
      volume *= edge;
      used += 1;
    }
  }
  return used === 0 ? 1 : (volume / points.length) ** (1 / used);
}
