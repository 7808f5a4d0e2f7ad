import { join } from 'node:path';
import { IoTraceWriter } from './IoTraceWriter.js';
import { MetricsCsvWriter } from './MetricsCsvWriter.js';

/**
 * The files of one step, under `<results>/load-metrics/<step id>/`, shared by every load of
 * the step. Each file is created by its first row only.
 */
export class StepFolder {
  readonly metrics: MetricsCsvWriter;
  readonly total: MetricsCsvWriter;
  readonly thresholdTotal: MetricsCsvWriter;
  readonly trace: IoTraceWriter;
  /** Loads of the step still running. */
  users = 0;

  constructor(
    readonly id: string,
    readonly dir: string,
    onError: (err: Error) => void,
  ) {
    this.metrics = new MetricsCsvWriter(join(dir, 'metrics.csv'), onError);
    this.total = new MetricsCsvWriter(join(dir, 'metrics.total.csv'), onError);
    this.thresholdTotal = new MetricsCsvWriter(join(dir, 'metrics.threshold.total.csv'), onError);
    this.trace = new IoTraceWriter(join(dir, 'io.trace.csv'), onError);
  }

  async close(): Promise<void> {
    await Promise.all([this.metrics.close(), this.total.close(), this.thresholdTotal.close(), this.trace.close()]);
  }
}
