import type { ParameterRange } from './ParameterRange.js';
import { RbfInterpolator } from './RbfInterpolator.js';
import { fitQuadratic } from './fitQuadratic.js';
import { nelderMead } from './nelderMead.js';

/** Points sampled from the interpolated surface along each parameter. */
const SAMPLES = 100;
/** A minimum this close to a bound (in normalized units) is taken as "at the edge". */
const EDGE = 1e-3;
/** At an edge the optimum may lie beyond it: the next point is drawn from this outer share. */
const OUTER = 0.25;

/**
 * Proposes the next point to measure, one parameter at a time: with the other
 * parameters fixed at random values, it samples the interpolated surface (multiquadric
 * RBF through every measurement) along that parameter, fits a parabola and takes its
 * minimum (Nelder-Mead, within the bounds). A minimum at a bound means the optimum may
 * be outside what was sampled, so a random value within the outer quarter next to that
 * bound is taken instead. All of it runs in normalized [0, 1] coordinates.
 */
export class ParameterExplorer {
  constructor(
    private readonly ranges: readonly ParameterRange[],
    private readonly random: () => number,
  ) {}

  /** The next point (raw values, on each parameter's grid); lower measured values are better. */
  propose(points: readonly (readonly number[])[], values: readonly number[]): number[] {
    const normalized = points.map((p) => p.map((v, i) => this.ranges[i]!.normalize(v)));
    const surface = new RbfInterpolator(normalized, values);
    return this.ranges.map((range, i) => {
      const fixed = this.ranges.map(() => this.random());
      const ts = Array.from({ length: SAMPLES }, (_, k) => k / (SAMPLES - 1));
      const ys = ts.map((t) => {
        fixed[i] = t;
        return surface.evaluate(fixed);
      });
      const { a, b, c } = fitQuadratic(ts, ys);
      // Outside [0, 1] the objective grows with the distance, which keeps the simplex inside.
      const objective = ([t]: number[]): number => {
        const inside = Math.min(1, Math.max(0, t!));
        return a * inside * inside + b * inside + c + (t! - inside) ** 2 * (1 + Math.abs(a) + Math.abs(b));
      };
      let t = Math.min(1, Math.max(0, nelderMead(objective, [0.5], { step: 0.25 }).x[0]!));
      if (t <= EDGE) t = this.random() * OUTER;
      else if (t >= 1 - EDGE) t = 1 - this.random() * OUTER;
      return range.valueAt(t);
    });
  }
}
