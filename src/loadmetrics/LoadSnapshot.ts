import type { OpType } from './OpType.js';

/** Mean, extremes and quartiles of a distribution, in whole microseconds (mean unrounded); all 0 when empty. */
export interface Distribution {
  count: number;
  mean: number;
  min: number;
  loq: number;
  med: number;
  hiq: number;
  p90: number;
  p99: number;
  max: number;
}

/** The state of one load at one moment: a table row, a CSV row, a step summary. */
export interface LoadSnapshot {
  stepId: string;
  opType: OpType;
  /** The configured concurrency; 0: unlimited. */
  concurrencyLimit: number;
  nodeCount: number;
  /** Epoch milliseconds. */
  time: number;
  /** Operations in flight now. */
  concurrencyCurrent: number;
  /** Time-weighted mean of the operations in flight since the previous periodic output (or the start). */
  concurrencyLastMean: number;
  /** The same over the whole step. */
  concurrencyMean: number;
  successes: number;
  failures: number;
  /** Bytes transferred (sent and received) by the successful operations. */
  bytes: number;
  /** Seconds since the start, in whole milliseconds. */
  elapsed: number;
  /** Seconds: the durations of the successful operations added up. */
  durationSum: number;
  /** Successful operations per second over the whole step. */
  rateMean: number;
  /** The moving average of the same. */
  rateLast: number;
  /** Bytes per second over the whole step. */
  byteRateMean: number;
  byteRateLast: number;
  /** Start to end of the successful operations. */
  duration: Distribution;
  /** Request sent to first response byte of the successful operations. */
  latency: Distribution;
}
