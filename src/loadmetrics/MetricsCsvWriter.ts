import { CsvFile } from './CsvFile.js';
import { MIB } from './ConsoleTable.js';
import type { LoadSnapshot } from './LoadSnapshot.js';

/** Mongoose's metrics file columns, shared by metrics.csv, metrics.total.csv and metrics.threshold.total.csv. */
export const METRICS_CSV_COLUMNS = [
  'DateTimeISO8601', 'TypeLoad', 'Concurrency', 'NodeCount', 'ConcurrencyCurr', 'ConcurrencyMean', 'CountSucc', 'CountFail', 'Size',
  'JobDuration[s]', 'DurationSum[s]', 'TPAvg[op/s]', 'TPLast[op/s]', 'BWAvg[MB/s]', 'BWLast[MB/s]',
  'DurationAvg[us]', 'DurationMin[us]', 'DurationLoQ[us]', 'DurationMed[us]', 'DurationHiQ[us]', 'DurationMax[us]',
  'LatencyAvg[us]', 'LatencyMin[us]', 'LatencyLoQ[us]', 'LatencyMed[us]', 'LatencyHiQ[us]', 'LatencyMax[us]',
] as const;

/** The cells of one snapshot, in METRICS_CSV_COLUMNS order. */
export function metricsCsvRow(s: LoadSnapshot): Array<string | number> {
  const d = s.duration;
  const l = s.latency;
  return [
    new Date(s.time).toISOString(), s.opType, s.concurrencyLimit, s.nodeCount, s.concurrencyCurrent, s.concurrencyLastMean, s.successes, s.failures, s.bytes,
    s.elapsed, s.durationSum, s.rateMean, s.rateLast, s.byteRateMean / MIB, s.byteRateLast / MIB,
    d.mean, d.min, d.loq, d.med, d.hiq, d.max,
    l.mean, l.min, l.loq, l.med, l.hiq, l.max,
  ];
}

/** One of the metrics files of a step folder. */
export class MetricsCsvWriter {
  private readonly file: CsvFile;

  constructor(path: string, onError: (err: Error) => void) {
    this.file = new CsvFile(path, METRICS_CSV_COLUMNS, onError);
  }

  append(s: LoadSnapshot): void {
    this.file.append(metricsCsvRow(s));
  }

  close(): Promise<void> {
    return this.file.close();
  }
}
