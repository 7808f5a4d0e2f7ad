import { EwmaRate } from './EwmaRate.js';
import { HdrStats } from './HdrStats.js';
import type { LoadOperation } from './LoadOperation.js';
import type { Distribution, LoadSnapshot } from './LoadSnapshot.js';
import type { OpType } from './OpType.js';
import { hrToEpochSeconds } from '../http/hrToEpochSeconds.js';

export interface StepIdentity {
  stepId: string;
  opType: OpType;
  concurrencyLimit: number;
}

function distribution(stats: HdrStats): Distribution {
  return {
    count: stats.count,
    mean: stats.mean,
    min: stats.min,
    loq: stats.percentile(25),
    med: stats.percentile(50),
    hiq: stats.percentile(75),
    p90: stats.percentile(90),
    p99: stats.percentile(99),
    max: stats.max,
  };
}

const us = (from: bigint, to: bigint): number => Number((to - from) / 1000n);

/**
 * The measurements of one load over one span (a step, or its threshold window): counts,
 * bytes, the operations in flight over time, moving-average rates and the duration and
 * latency distributions. Memory stays the same however many operations it accounts.
 * As in Mongoose, durations, latencies and bytes are those of the successful operations.
 */
export class StepMetrics {
  private successes = 0;
  private failures = 0;
  private bytes = 0;
  private durationSumUs = 0;
  private readonly duration = new HdrStats();
  private readonly latency = new HdrStats();
  private readonly opRate: EwmaRate;
  private readonly byteRate: EwmaRate;
  private lastTick: bigint;
  /** Operations in flight, and their integral over time (operation·nanoseconds). */
  private active: number;
  private integral = 0;
  private lastChange: bigint;
  /** Where the current output period began: its moment and the integral then. */
  private periodStart: bigint;
  private periodIntegral = 0;

  constructor(
    private readonly identity: StepIdentity,
    private readonly startedAt: bigint,
    /** The moving averages' period, seconds. */
    averagePeriod: number,
    /** Operations already in flight at the start. */
    active = 0,
  ) {
    this.opRate = new EwmaRate(averagePeriod);
    this.byteRate = new EwmaRate(averagePeriod);
    this.lastTick = startedAt;
    this.active = active;
    this.lastChange = startedAt;
    this.periodStart = startedAt;
  }

  get inFlight(): number {
    return this.active;
  }

  /** One more (+1) or one less (−1) operation in flight from `at` on. */
  changeActive(delta: number, at: bigint): void {
    this.advance(at);
    this.active = Math.max(0, this.active + delta);
  }

  /** Counts an operation that ended. */
  account(op: LoadOperation): void {
    if (op.error !== null) {
      this.failures += 1;
      return;
    }
    this.successes += 1;
    const bytes = op.bytesSent + op.bytesReceived;
    this.bytes += bytes;
    this.opRate.add(1);
    this.byteRate.add(bytes);
    const duration = us(op.start, op.end);
    this.durationSumUs += duration;
    this.duration.record(duration);
    if (op.sent !== null && op.firstByte !== null && op.firstByte >= op.sent) this.latency.record(us(op.sent, op.firstByte));
  }

  /** Folds the operations since the previous tick into the moving averages. */
  tick(at: bigint): void {
    if (at <= this.lastTick) return;
    const dt = Number(at - this.lastTick) / 1e9;
    this.lastTick = at;
    this.opRate.tick(dt);
    this.byteRate.tick(dt);
  }

  /** The state at `at`; `endPeriod` starts a new output period (for the next last-period mean). */
  snapshot(moment: bigint, endPeriod: boolean): LoadSnapshot {
    // Operations report their end a loop turn late: never snapshot before what was already seen.
    const at = [moment, this.lastChange, this.periodStart].reduce((a, b) => (b > a ? b : a));
    this.advance(at);
    const span = Number(at - this.startedAt);
    const periodSpan = Number(at - this.periodStart);
    const seconds = span / 1e9;
    const elapsedMs = Math.floor(span / 1e6);
    const snapshot: LoadSnapshot = {
      ...this.identity,
      nodeCount: 1,
      time: hrToEpochSeconds(at) * 1000,
      concurrencyCurrent: this.active,
      concurrencyLastMean: periodSpan > 0 ? (this.integral - this.periodIntegral) / periodSpan : this.active,
      concurrencyMean: span > 0 ? this.integral / span : this.active,
      successes: this.successes,
      failures: this.failures,
      bytes: this.bytes,
      elapsed: elapsedMs / 1000,
      durationSum: this.durationSumUs / 1e6,
      rateMean: seconds > 0 ? this.successes / seconds : 0,
      rateLast: this.opRate.value,
      byteRateMean: seconds > 0 ? this.bytes / seconds : 0,
      byteRateLast: this.byteRate.value,
      duration: distribution(this.duration),
      latency: distribution(this.latency),
    };
    if (endPeriod) {
      this.periodStart = at;
      this.periodIntegral = this.integral;
    }
    return snapshot;
  }

  private advance(at: bigint): void {
    if (at > this.lastChange) {
      this.integral += this.active * Number(at - this.lastChange);
      this.lastChange = at;
    }
  }
}
