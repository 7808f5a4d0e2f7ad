/** The axis scales the manual lists: `log` is base 10, as in matplotlib. */
export const AXIS_SCALES = ['linear', 'log', 'log2', 'log10'] as const;
export type AxisScale = (typeof AXIS_SCALES)[number];

export function isLogScale(scale: AxisScale): boolean {
  return scale !== 'linear';
}

/** The coordinate a heat map interpolates in: logarithmic axes interpolate in log space, so the surface looks right on them. */
export function toScaleSpace(scale: AxisScale, value: number): number {
  return isLogScale(scale) ? Math.log10(value) : value;
}

/** Round tick values (1, 2, 2.5, 5 × 10^k) covering [min, max], about `count` of them. */
export function niceTicks(min: number, max: number, count = 6): number[] {
  if (!Number.isFinite(min) || !Number.isFinite(max)) return [];
  if (min === max) return [min];
  const raw = (max - min) / Math.max(1, count - 1);
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * magnitude).find((s) => s >= raw) ?? 10 * magnitude;
  const ticks: number[] = [];
  for (let v = Math.ceil(min / step - 1e-9) * step; v <= max + step * 1e-9; v += step) ticks.push(Number(v.toPrecision(12)));
  return ticks;
}

/** Powers of two within [min, max], for `log2` axes (the base-10 ticks a log scale gets by default read badly there). */
export function powerOfTwoTicks(min: number, max: number): number[] {
  if (!(min > 0) || !(max > 0)) return [];
  const ticks: number[] = [];
  for (let e = Math.floor(Math.log2(min)); e <= Math.ceil(Math.log2(max)); e++) {
    const v = 2 ** e;
    if (v >= min * (1 - 1e-9) && v <= max * (1 + 1e-9)) ticks.push(v);
  }
  // Too many labels overlap: keep every n-th power.
  const stride = Math.ceil(ticks.length / 12);
  return ticks.filter((_, i) => i % stride === 0);
}

/**
 * Ticks for a base-10 log axis: 1, 2, 5 × 10^k within [min, max], or every 1..9 × 10^k
 * when the range is too short for that (chart.js's own labels crowd there).
 */
export function logTicks(min: number, max: number): number[] {
  if (!(min > 0) || !(max > 0)) return [];
  const within = (mantissas: number[]): number[] => {
    const ticks: number[] = [];
    for (let e = Math.floor(Math.log10(min)); e <= Math.ceil(Math.log10(max)); e++) {
      for (const m of mantissas) {
        const v = Number((m * 10 ** e).toPrecision(12));
        if (v >= min * (1 - 1e-9) && v <= max * (1 + 1e-9)) ticks.push(v);
      }
    }
    return ticks;
  };
  let ticks = within([1, 2, 5]);
  if (ticks.length < 3) ticks = within([1, 2, 3, 4, 5, 6, 7, 8, 9]);
  if (ticks.length > 12) ticks = within([1]);
  const stride = Math.ceil(ticks.length / 12);
  return ticks.filter((_, i) => i % stride === 0);
}

/** A short label for a tick or a value: up to 4 significant digits, exponents for very large or small numbers. */
export function formatNumber(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a >= 1e6 || a < 1e-3) return v.toExponential(2).replace(/\.?0+e/, 'e').replace('e+', 'e');
  return String(Number(v.toPrecision(4)));
}
