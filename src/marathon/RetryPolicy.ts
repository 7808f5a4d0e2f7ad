export interface RetryPolicy {
  /** Attempts in total, the first included (1: no retry). */
  tries: number;
  /** Seconds from an attempt's start until its retry may start. */
  interval: number;
}
