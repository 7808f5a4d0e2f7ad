import { performance } from 'node:perf_hooks';
import { Histogram } from './Histogram.js';
import { Meter } from './Meter.js';
import { Timer } from './Timer.js';
import type { JsonObject } from './types.js';

function sortedObject(entries: Iterable<[string, JsonObject]>): JsonObject {
  return Object.fromEntries([...entries].sort(([a], [b]) => a.localeCompare(b)));
}

/** Named gauges, counters, histograms, meters and timers, rendered as Dropwizard's JSON servlet does. */
export class MetricsRegistry {
  private readonly gauges = new Map<string, () => number>();
  private readonly counters = new Map<string, number>();
  private readonly histograms = new Map<string, Histogram>();
  private readonly meters = new Map<string, Meter>();
  private readonly timers = new Map<string, Timer>();

  constructor(private readonly nowMs: () => number = () => performance.now()) {}

  /** A gauge is read when the snapshot is taken. */
  gauge(name: string, read: () => number): void {
    this.gauges.set(name, read);
  }

  increment(name: string, by = 1): void {
    this.counters.set(name, (this.counters.get(name) ?? 0) + by);
  }

  histogram(name: string): Histogram {
    let histogram = this.histograms.get(name);
    if (!histogram) {
      histogram = new Histogram();
      this.histograms.set(name, histogram);
    }
    return histogram;
  }

  meter(name: string): Meter {
    let meter = this.meters.get(name);
    if (!meter) {
      meter = new Meter(this.nowMs);
      this.meters.set(name, meter);
    }
    return meter;
  }

  timer(name: string): Timer {
    let timer = this.timers.get(name);
    if (!timer) {
      timer = new Timer(this.nowMs);
      this.timers.set(name, timer);
    }
    return timer;
  }

  /** The /metrics document; it holds no arrays, so flattening it into dotted names always works. */
  snapshot(): JsonObject {
    return {
      version: '3.0.0',
      gauges: sortedObject([...this.gauges].map(([name, read]) => [name, { value: read() }])),
      counters: sortedObject([...this.counters].map(([name, count]) => [name, { count }])),
      histograms: sortedObject([...this.histograms].map(([name, h]) => [name, { ...h.snapshot() }])),
      meters: sortedObject([...this.meters].map(([name, m]) => [name, m.toJson()])),
      timers: sortedObject([...this.timers].map(([name, t]) => [name, t.toJson()])),
    };
  }
}
