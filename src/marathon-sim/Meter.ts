import { Ewma } from './Ewma.js';
import type { JsonObject } from './types.js';

const TICK_MS = Ewma.TICK_SECONDS * 1000;

/** Dropwizard-style meter: a count plus mean and 1/5/15-minute moving rates. */
export class Meter {
  private count = 0;
  private readonly startMs: number;
  private lastTickMs: number;
  private readonly m1 = Ewma.minutes(1);
  private readonly m5 = Ewma.minutes(5);
  private readonly m15 = Ewma.minutes(15);

  constructor(private readonly nowMs: () => number) {
    this.startMs = nowMs();
    this.lastTickMs = this.startMs;
  }

  mark(n = 1): void {
    this.tickIfDue();
    this.count += n;
    this.m1.update(n);
    this.m5.update(n);
    this.m15.update(n);
  }

  /** Fields as Dropwizard's JSON writes them for a meter (timers reuse the rate fields). */
  snapshot(): { count: number; m15_rate: number; m1_rate: number; m5_rate: number; mean_rate: number } {
    this.tickIfDue();
    const elapsedSeconds = (this.nowMs() - this.startMs) / 1000;
    return {
      count: this.count,
      m15_rate: this.m15.ratePerSecond(),
      m1_rate: this.m1.ratePerSecond(),
      m5_rate: this.m5.ratePerSecond(),
      mean_rate: this.count === 0 || elapsedSeconds <= 0 ? 0 : this.count / elapsedSeconds,
    };
  }

  toJson(): JsonObject {
    return { ...this.snapshot(), units: 'events/second' };
  }

  /** Ticks are applied lazily, on the next mark or read, as Dropwizard does. */
  private tickIfDue(): void {
    const age = this.nowMs() - this.lastTickMs;
    if (age < TICK_MS) return;
    const ticks = Math.floor(age / TICK_MS);
    this.lastTickMs += ticks * TICK_MS;
    for (let i = 0; i < ticks; i++) {
      this.m1.tick();
      this.m5.tick();
      this.m15.tick();
    }
  }
}
