import { MIB } from './ConsoleTable.js';
import { formatFixedSize } from './formatFixedSize.js';
import { formatFixedWidth } from './formatFixedWidth.js';
import type { LoadSnapshot } from './LoadSnapshot.js';

/**
 * The step summary line in Mongoose's pattern:
 * `<OP>-<concurrency>x<nodes>: c=(..); n=(succ/fail); t[s]=(elapsed/durations); size=(..);
 * TP[op/s]=(mean/last); BW[MB/s]=(mean/last); dur[us]=(avg/min/max); lat[us]=(avg/min/max)`.
 */
export function formatStepSummary(s: LoadSnapshot): string {
  const d = s.duration;
  const l = s.latency;
  return (
    `${s.opType}-${s.concurrencyLimit}x${s.nodeCount}: ` +
    `c=(${formatFixedWidth(s.concurrencyLastMean, 6)}); ` +
    `n=(${s.successes}/${s.failures}); ` +
    `t[s]=(${formatFixedWidth(s.elapsed, 7)}/${formatFixedWidth(s.durationSum, 7)}); ` +
    `size=(${formatFixedSize(s.bytes)}); ` +
    `TP[op/s]=(${formatFixedWidth(s.rateMean, 7)}/${formatFixedWidth(s.rateLast, 7)}); ` +
    `BW[MB/s]=(${formatFixedWidth(s.byteRateMean / MIB, 6)}/${formatFixedWidth(s.byteRateLast / MIB, 6)}); ` +
    `dur[us]=(${Math.trunc(d.mean)}/${d.min}/${d.max}); ` +
    `lat[us]=(${Math.trunc(l.mean)}/${l.min}/${l.max})`
  );
}
