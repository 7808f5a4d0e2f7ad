import { Event } from '../core/Event.js';
import { hrToEpochSeconds } from '../http/hrToEpochSeconds.js';
import { loadSummaryAttributes } from './loadSummaryAttributes.js';
import type { LoadMetricsRegistry } from './LoadMetricsRegistry.js';
import type { LoadMetricsSettings } from './LoadMetricsSettings.js';
import type { LoadOperation } from './LoadOperation.js';
import type { OpType } from './OpType.js';
import type { StepFolder } from './StepFolder.js';
import { StepMetrics } from './StepMetrics.js';
import { formatStepSummary } from './StepSummary.js';
import { ThresholdWindow } from './ThresholdWindow.js';

/** What a load-generating class says about the load of one test case when it starts it. */
export interface LoadStepOptions {
  /** The trace ids of the ParameterUpdateEvent that started it: the step's identity and its events' trace ids. */
  traceids: readonly number[];
  /** The test case's parameters, which name the step. */
  parameters: Record<string, unknown>;
  /** Put before the parameters in the step id (e.g. the trigger of a task). */
  label?: string;
  opType: OpType;
  /** The configured concurrency; 0 or Infinity: unlimited. */
  concurrency: number;
  /** How many operations it will run, when known: the step then ends the moment the last one does. */
  operations?: number;
}

/** Mongoose's average period when the periodic output is off. */
const DEFAULT_AVERAGE_PERIOD = 10;

/**
 * The load one class generates for one test case (one step): the class reports each
 * operation's start and end, and the step keeps the metrics, prints the table rows, writes the
 * step's files, follows the threshold window, and at its end prints the framed final row and
 * the summary line and publishes LoadStepSummaryEvent.
 */
export class LoadStep {
  readonly id: string;
  private readonly metrics: StepMetrics;
  private readonly threshold: ThresholdWindow | null;
  private readonly folder: StepFolder;
  private readonly timers: NodeJS.Timeout[] = [];
  private readonly concurrencyLimit: number;
  private endedCount = 0;
  private finished = false;

  constructor(
    private readonly registry: LoadMetricsRegistry,
    private readonly settings: LoadMetricsSettings,
    private readonly source: string,
    private readonly options: LoadStepOptions,
    private readonly onFinish: (step: LoadStep) => void,
  ) {
    this.folder = registry.acquireFolder(options.traceids, options.label ?? '', options.parameters);
    this.id = this.folder.id;
    this.concurrencyLimit = Number.isFinite(options.concurrency) && options.concurrency > 0 ? options.concurrency : 0;
    const identity = { stepId: this.id, opType: options.opType, concurrencyLimit: this.concurrencyLimit };
    const averagePeriod = settings.period > 0 ? settings.period : DEFAULT_AVERAGE_PERIOD;
    const now = process.hrtime.bigint();
    this.metrics = new StepMetrics(identity, now, averagePeriod);
    this.threshold = settings.threshold > 0 && this.concurrencyLimit > 0 ? new ThresholdWindow(this.concurrencyLimit, settings.threshold, identity, averagePeriod) : null;
    if (settings.threshold > 0 && this.concurrencyLimit === 0) registry.warnOnce(source, `${source}: no threshold window without a concurrency limit (loadMetrics.threshold needs \`concurrency\`)`);
    this.timers.push(setInterval(() => this.tick(), 1000));
    if (settings.period > 0) {
      this.output();
      this.timers.push(setInterval(() => this.output(), settings.period * 1000));
    }
    for (const t of this.timers) t.unref();
  }

  /** The load as the threshold log lines name it: `READ-4x1@concurrency=4`. */
  private get context(): string {
    return `${this.options.opType}-${this.concurrencyLimit}x1@${this.id}`;
  }

  /** An operation started at `at`. */
  started(at: bigint = process.hrtime.bigint()): void {
    if (this.finished) return;
    this.metrics.changeActive(1, at);
    if (this.threshold) {
      this.threshold.started(at);
      if (this.threshold.update(this.metrics.inFlight, at) === 'opened') {
        this.registry.logger.info(`${this.context}: the threshold of ${this.threshold.count} active tasks count is reached, starting the additional metrics accounting`);
      }
    }
  }

  /** An operation (one started before) ended; the step ends with it when it was the last one announced. */
  ended(op: LoadOperation): void {
    if (this.finished) return;
    this.metrics.account(op);
    this.threshold?.ended(op);
    this.metrics.changeActive(-1, op.end);
    if (this.settings.trace) this.folder.trace.append(this.options.opType, op);
    if (this.threshold?.update(this.metrics.inFlight, op.end) === 'closed') this.closeThreshold(op.end, 'below');
    this.endedCount += 1;
    if (this.options.operations !== undefined && this.endedCount >= this.options.operations) this.finish();
  }

  /** Ends the step (again: nothing); operations still in flight are left out of its metrics. */
  finish(): void {
    if (this.finished) return;
    this.finished = true;
    for (const t of this.timers) clearInterval(t);
    const at = process.hrtime.bigint();
    if (this.threshold?.close()) this.closeThreshold(at, 'end');
    this.metrics.tick(at);
    const s = this.metrics.snapshot(at, true);
    this.registry.print(this.registry.table.format(s, { final: true, headerPeriod: this.settings.headerPeriod, colour: true }));
    if (this.settings.persist) this.folder.total.append(s);
    this.registry.logger.info(`Step "${this.id}" results:\n${formatStepSummary(s)}`);
    this.registry.bus.publish(new Event('LoadStepSummaryEvent', loadSummaryAttributes(s, this.source), [...this.options.traceids], hrToEpochSeconds(at)));
    this.registry.releaseFolder(this.folder);
    this.onFinish(this);
  }

  private tick(): void {
    const at = process.hrtime.bigint();
    this.metrics.tick(at);
    this.threshold?.current?.tick(at);
  }

  private output(): void {
    const s = this.metrics.snapshot(process.hrtime.bigint(), true);
    this.registry.print(this.registry.table.format(s, { final: false, headerPeriod: this.settings.headerPeriod, colour: true }));
    if (this.settings.persist) this.folder.metrics.append(s);
  }

  /** The window closed (its operations fell below the threshold, or the step ended): its total. */
  private closeThreshold(at: bigint, why: 'below' | 'end'): void {
    const window = this.threshold!;
    const m = window.result!;
    m.tick(at);
    const s = m.snapshot(at, true);
    if (why === 'below') this.registry.logger.info(`${this.context}: the active tasks count is below the threshold of ${window.count}, stopping the additional metrics accounting`);
    else this.registry.logger.info(`${this.context}: the step ended above the threshold of ${window.count}, stopping the additional metrics accounting`);
    if (this.settings.persist) this.folder.thresholdTotal.append(s);
    this.registry.bus.publish(new Event('LoadThresholdSummaryEvent', loadSummaryAttributes(s, this.source), [...this.options.traceids], hrToEpochSeconds(at)));
  }
}
