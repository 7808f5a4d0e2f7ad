/**
 * One explored parameter: its bounds and grid. Values are multiples of `step` counted
 * from `min`, clamped to [min, max]; integers unless a bound or the step is fractional.
 */
export class ParameterRange {
  readonly integer: boolean;

  constructor(
    readonly name: string,
    readonly min: number,
    readonly max: number,
    readonly step: number,
  ) {
    if (!(step > 0)) throw new Error(`step must be a positive number, got ${step}`);
    if (max < min) throw new Error(`max (${max}) is smaller than min (${min})`);
    this.integer = [min, max, step].every(Number.isInteger);
  }

  /** The grid value nearest to `min + (max - min) * t`, for t in [0, 1]. */
  valueAt(t: number): number {
    return this.snap(this.min + (this.max - this.min) * t);
  }

  /** Where `value` lies in the range, 0 at min and 1 at max. */
  normalize(value: number): number {
    return this.max === this.min ? 0 : (value - this.min) / (this.max - this.min);
  }

  snap(value: number): number {
    const steps = Math.round((value - this.min) / this.step);
    const v = Math.min(this.max, Math.max(this.min, this.min + steps * this.step));
    // Removes binary float drift (0.1 * 3 = 0.30000000000000004).
    return this.integer ? Math.round(v) : Number.parseFloat(v.toPrecision(12));
  }
}
