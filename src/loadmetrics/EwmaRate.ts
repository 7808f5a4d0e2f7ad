/**
 * A rate as an exponentially decaying moving average, ticked about once a second: each tick
 * folds in the rate seen since the previous tick with α = 1 − e^(−dt/t), t being the averaging
 * period in seconds (dt = 1 gives Mongoose's α = 1 − e^(−1/t)). The first tick takes the rate
 * seen as is, so a short step does not read as a slow ramp from zero.
 */
export class EwmaRate {
  private rate = 0;
  private ticked = false;
  private pending = 0;

  constructor(private readonly periodSeconds: number) {}

  /** Counts `n` more (operations or bytes) towards the next tick. */
  add(n: number): void {
    this.pending += n;
  }

  /** Folds in what was counted over the last `dtSeconds`. */
  tick(dtSeconds: number): void {
    if (!(dtSeconds > 0)) return;
    const instant = this.pending / dtSeconds;
    this.pending = 0;
    if (!this.ticked) {
      this.rate = instant;
      this.ticked = true;
      return;
    }
    this.rate += (1 - Math.exp(-dtSeconds / this.periodSeconds)) * (instant - this.rate);
  }

  /** Per second; 0 before the first tick. */
  get value(): number {
    return this.rate;
  }
}
