export interface NelderMeadOptions {
  /** Size of the initial simplex along each axis. */
  step?: number;
  maxIterations?: number;
  /** Stop when the function values of the simplex differ by less than this... */
  tolerance?: number;
  /** ...and its vertices lie this close to the best one (equal values alone can straddle the minimum). */
  xTolerance?: number;
}

/**
 * Derivative-free minimization with the Nelder-Mead simplex method (reflection,
 * expansion, contraction, shrink with the standard coefficients 1, 2, 0.5, 0.5).
 */
export function nelderMead(f: (x: number[]) => number, start: readonly number[], options: NelderMeadOptions = {}): { x: number[]; value: number } {
  const { step = 0.1, maxIterations = 500, tolerance = 1e-10, xTolerance = 1e-8 } = options;
  const n = start.length;
  let simplex = [start.slice()];
  for (let i = 0; i < n; i++) {
    const p = start.slice();
    p[i] = p[i]! + step;
    simplex.push(p);
  }
  let values = simplex.map(f);
  const combine = (a: number[], b: number[], t: number): number[] => a.map((ai, i) => ai + t * (b[i]! - ai));
  for (let it = 0; it < maxIterations; it++) {
    const order = values.map((_, i) => i).sort((i, j) => values[i]! - values[j]!);
    simplex = order.map((i) => simplex[i]!);
    values = order.map((i) => values[i]!);
    const size = Math.max(...simplex.slice(1).map((p) => Math.max(...p.map((v, d) => Math.abs(v - simplex[0]![d]!)))));
    if (Math.abs(values[n]! - values[0]!) <= tolerance && size <= xTolerance) break;
    // Centroid of every vertex but the worst.
    const centroid = new Array<number>(n).fill(0);
    for (let i = 0; i < n; i++) for (let d = 0; d < n; d++) centroid[d]! += simplex[i]![d]! / n;
    const worst = simplex[n]!;
    const reflected = combine(centroid, worst, -1);
    const fr = f(reflected);
    if (fr < values[0]!) {
      const expanded = combine(centroid, worst, -2);
      const fe = f(expanded);
      [simplex[n], values[n]] = fe < fr ? [expanded, fe] : [reflected, fr];
    } else if (fr < values[n - 1]!) {
      [simplex[n], values[n]] = [reflected, fr];
    } else {
      const contracted = fr < values[n]! ? combine(centroid, reflected, 0.5) : combine(centroid, worst, 0.5);
      const fc = f(contracted);
      if (fc < Math.min(fr, values[n]!)) {
        [simplex[n], values[n]] = [contracted, fc];
      } else {
        // Shrink every vertex towards the best one.
        for (let i = 1; i <= n; i++) {
          simplex[i] = combine(simplex[0]!, simplex[i]!, 0.5);
          values[i] = f(simplex[i]!);
        }
      }
    }
  }
  const best = values.indexOf(Math.min(...values));
  return { x: simplex[best]!, value: values[best]! };
}
