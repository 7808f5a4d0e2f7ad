import { MIB } from './ConsoleTable.js';
import type { Distribution, LoadSnapshot } from './LoadSnapshot.js';

const STATS: Record<string, string> = {
  Mean: 'mean',
  Min: 'minimum',
  P25: 'low quartile (25th percentile)',
  P50: 'median',
  P75: 'high quartile (75th percentile)',
  P90: '90th percentile',
  P99: '99th percentile',
  Max: 'maximum',
};

/** The attributes of LoadStepSummaryEvent and LoadThresholdSummaryEvent, for the event catalogue. */
export const LOAD_SUMMARY_ATTRIBUTES: Record<string, string> = {
  stepId: 'The step id: the test case parameters (`name=value,...`), as the table and the step folder show it',
  source: 'The component that generated the load, e.g. `channels[0]`',
  opType: 'The operation type: CREATE (POST), READ (GET, HEAD), UPDATE (PUT, PATCH), DELETE or NOOP',
  concurrencyLimit: 'The configured concurrency (0: unlimited)',
  concurrency: 'The mean number of operations in flight over the step (time-weighted)',
  successes: 'Successful operations',
  failures: 'Failed operations',
  bytes: 'Bytes sent and received by the successful operations',
  elapsed: 'Seconds from the start of the step to its end',
  durationSum: 'Seconds: the durations of the successful operations added up',
  throughput: 'Successful operations per second over the step',
  throughputLast: 'The moving average of the same at the end of the step',
  bandwidth: 'MB (2^20 bytes) per second over the step',
  bandwidthLast: 'The moving average of the same at the end of the step',
  ...Object.fromEntries(Object.entries(STATS).map(([k, what]) => [`duration${k}`, `Seconds, ${what} of the durations (start to end) of the successful operations; null without any`])),
  ...Object.fromEntries(Object.entries(STATS).map(([k, what]) => [`latency${k}`, `Seconds, ${what} of the latencies (request sent to first response byte) of the successful operations; null without any`])),
};

function seconds(prefix: string, d: Distribution): Record<string, number | null> {
  const values: Record<string, number> = { Mean: d.mean, Min: d.min, P25: d.loq, P50: d.med, P75: d.hiq, P90: d.p90, P99: d.p99, Max: d.max };
  return Object.fromEntries(Object.entries(values).map(([k, v]) => [`${prefix}${k}`, d.count === 0 ? null : v / 1e6]));
}

/** The event attributes of a final snapshot. */
export function loadSummaryAttributes(s: LoadSnapshot, source: string): Record<string, unknown> {
  return {
    stepId: s.stepId,
    source,
    opType: s.opType,
    concurrencyLimit: s.concurrencyLimit,
    concurrency: s.concurrencyMean,
    successes: s.successes,
    failures: s.failures,
    bytes: s.bytes,
    elapsed: s.elapsed,
    durationSum: s.durationSum,
    throughput: s.rateMean,
    throughputLast: s.rateLast,
    bandwidth: s.byteRateMean / MIB,
    bandwidthLast: s.byteRateLast / MIB,
    ...seconds('duration', s.duration),
    ...seconds('latency', s.latency),
  };
}
