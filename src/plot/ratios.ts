import { LinearRbf, interpolateLinear, type Point2 } from './interpolate.js';
import { formatValue } from '../core/Macros.js';

/** value / reference; null where there is no reference or it is 0 (no meaningful ratio). */
export function ratioOf(value: number, reference: number | null): number | null {
  if (reference === null || reference === 0 || !Number.isFinite(reference)) return null;
  const r = value / reference;
  return Number.isFinite(r) ? r : null;
}

/** Averages the values measured more than once at the same coordinates. */
function mergeDuplicates<P extends readonly number[]>(points: readonly P[], values: readonly number[]): Array<[P, number]> {
  const merged = new Map<string, { point: P; sum: number; n: number }>();
  points.forEach((p, i) => {
    const key = p.join(',');
    const e = merged.get(key) ?? { point: p, sum: 0, n: 0 };
    e.sum += values[i]!;
    e.n += 1;
    merged.set(key, e);
  });
  return [...merged.values()].map((e) => [e.point, e.sum / e.n]);
}

/** A reference series over one parameter: exact where measured, linear in between, none outside. */
export class ReferenceLine {
  readonly points: Array<[number, number]>;

  constructor(xs: readonly number[], values: readonly number[]) {
    this.points = mergeDuplicates(xs.map((x) => [x] as const), values)
      .map(([[x], v]): [number, number] => [x, v])
      .sort((a, b) => a[0] - b[0]);
  }

  at(x: number): number | null {
    return interpolateLinear(this.points, x);
  }
}

/**
 * A reference surface over two parameters: exact at its measured points, interpolated
 * inside their bounding box, none outside (a ratio to an extrapolated reference would
 * be invented data).
 */
export class ReferenceSurface {
  private readonly exact = new Map<string, number>();
  private readonly rbf: LinearRbf | null;
  private readonly box: [number, number, number, number];

  constructor(points: readonly Point2[], values: readonly number[]) {
    const merged = mergeDuplicates(points, values);
    for (const [p, v] of merged) this.exact.set(p.join(','), v);
    const xs = merged.map(([p]) => p[0]);
    const ys = merged.map(([p]) => p[1]);
    this.box = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
    this.rbf = merged.length >= 3 ? new LinearRbf(merged.map(([p]) => p), merged.map(([, v]) => v)) : null;
  }

  at(p: Point2): number | null {
    const hit = this.exact.get(p.join(','));
    if (hit !== undefined) return hit;
    const [x0, x1, y0, y1] = this.box;
    if (!this.rbf || p[0] < x0 || p[0] > x1 || p[1] < y0 || p[1] > y1) return null;
    return this.rbf.evaluate(p);
  }
}

/**
 * The reference test case with the same values of the parameters both runs have
 * (compared as rendered text, so 2 and "2" match); a parameter only one run has is
 * ignored, so a reference from before a parameter was added still compares.
 */
export function findReferenceCase<T extends { parameters: Record<string, unknown> }>(reference: readonly T[], parameters: Record<string, unknown>): T | undefined {
  return reference.find((r) => {
    const shared = Object.keys(parameters).filter((n) => n in r.parameters);
    return shared.length > 0 && shared.every((n) => formatValue(r.parameters[n]) === formatValue(parameters[n]));
  });
}
