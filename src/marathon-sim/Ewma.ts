/** Exponentially weighted moving average of a rate, ticked every 5 s like Dropwizard's EWMA. */
export class Ewma {
  static readonly TICK_SECONDS = 5;
  private rate = 0;
  private initialised = false;
  private uncounted = 0;

  private constructor(private readonly alpha: number) {}

  static minutes(minutes: number): Ewma {
    return new Ewma(1 - Math.exp(-Ewma.TICK_SECONDS / 60 / minutes));
  }

  update(n: number): void {
    this.uncounted += n;
  }

  tick(): void {
    const instantRate = this.uncounted / Ewma.TICK_SECONDS;
    this.uncounted = 0;
    if (this.initialised) this.rate += this.alpha * (instantRate - this.rate);
    else {
      this.rate = instantRate;
      this.initialised = true;
    }
  }

  /** Events per second. */
  ratePerSecond(): number {
    return this.rate;
  }
}
