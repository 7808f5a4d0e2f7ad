import { Histogram } from './Histogram.js';
import { Meter } from './Meter.js';
import type { JsonObject } from './types.js';

/** Dropwizard-style timer: a histogram of durations (seconds) plus the call rate. */
export class Timer {
  private readonly histogram = new Histogram();
  private readonly meter: Meter;

  constructor(nowMs: () => number) {
    this.meter = new Meter(nowMs);
  }

  update(seconds: number): void {
    this.histogram.update(seconds);
    this.meter.mark();
  }

  toJson(): JsonObject {
    return {
      ...this.histogram.snapshot(),
      ...this.meter.snapshot(),
      duration_units: 'seconds',
      rate_units: 'calls/second',
    };
  }
}
