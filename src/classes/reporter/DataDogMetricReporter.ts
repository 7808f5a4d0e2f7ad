import { hostname } from 'node:os';
import { Reporter } from './Reporter.js';
import type { Event } from '../../core/Event.js';
import type { OptionSpec } from '../../core/Options.js';
import { toBoolean } from '../../core/Options.js';
import { parseTimeExpr } from '../../core/parseTimeExpr.js';
import { isPlainObject } from '../../core/config/ConfigLoader.js';
import { DataDogClient } from '../../services/DataDogClient.js';
import type { DataDogSeries } from '../../services/DataDogSeries.js';
import { dataDogClientOptions } from '../../services/dataDogClientOptions.js';
import { DATADOG_OPTIONS } from '../../services/dataDogOptions.js';
import { dataDogTags } from '../../services/dataDogTags.js';
import { indicatorDataDogSeries } from '../../services/indicatorDataDogSeries.js';
import { parseDataDogSelection, type DataDogSelection } from '../../services/parseDataDogSelection.js';
import { summarizedDataDogSeries } from '../../services/summarizedDataDogSeries.js';
import { registerSecret } from '../../services/registerSecret.js';

const REPORT_KEYS = ['metrics', 'raw', 'summarized', 'indicators'];
/** Series kept for the next flush while DataDog cannot be reached; the oldest go first beyond this. */
const MAX_PENDING = 100_000;

/**
 * Submits metric values to DataDog: raw samples while the test runs (flushed every
 * flushInterval), and at the end summarized values and indicators. A failed flush is logged
 * and its series are sent again with the next one; only the final flush fails the reporter.
 */
export class DataDogMetricReporter extends Reporter {
  static readonly className = 'reporter.DataDogMetricReporter';
  static readonly description = 'Submits the values of the test metrics (raw and/or summarized) and indicators to DataDog.';
  static readonly publishes = [] as const;
  static readonly options: OptionSpec = {
    ...DATADOG_OPTIONS,
    flushInterval: { type: 'time', default: '5s', description: 'How often raw values are flushed to DataDog' },
    report: {
      type: 'object',
      description: '`metrics`: `all`, a list or a mapping to aliases (default all); `raw`: submit samples as they come (default no); `summarized`: submit summaries at the end (default yes); `indicators`: `all`, a list or a mapping to aliases (default none)',
      example: { metrics: { deployTime: 'deployment_time' }, raw: true, summarized: true, indicators: 'all' },
    },
  };

  private client!: DataDogClient;
  private metrics: DataDogSelection = 'all';
  private indicators: DataDogSelection = [];
  private raw = false;
  private summarized = true;
  private prefix = '';
  private host = '';
  private tags: string[] = [];
  private pending: DataDogSeries[] = [];
  private flushing: Promise<void> | null = null;
  private flushStarted = 0;
  /** The flush in progress was already reported as slow. */
  private slowReported = false;
  private timer: NodeJS.Timeout | null = null;
  private warnedDrop = false;

  override async init(): Promise<void> {
    const cfg = this.render();
    const options = dataDogClientOptions(cfg);
    if ('error' in options) throw this.configError(options.error, options.key);
    registerSecret(this.ctx.definitions, options.apiKey);
    registerSecret(this.ctx.definitions, options.appKey);
    this.client = new DataDogClient(options);
    this.prefix = String(this.option(cfg, 'prefix'));
    this.host = String(cfg.hostname ?? hostname());
    this.tags = dataDogTags(this.ctx.meta);
    const report = cfg.report ?? {};
    if (!isPlainObject(report)) throw this.configError('`report` must be a mapping', 'report');
    for (const k of Object.keys(report)) if (!REPORT_KEYS.includes(k)) throw this.configError(`Unknown key \`${k}\` in report (expected ${REPORT_KEYS.join(', ')})`, 'report');
    try {
      if (report.metrics !== undefined) this.metrics = parseDataDogSelection(report.metrics, 'metrics', this.ctx.general.metrics.map((m) => m.name));
      if (report.indicators !== undefined) this.indicators = parseDataDogSelection(report.indicators, 'indicators', this.ctx.general.indicators.map((i) => String(i.name)));
    } catch (err) {
      throw this.configError(err instanceof Error ? err.message : String(err), 'report');
    }
    if (report.raw !== undefined) this.raw = toBoolean(report.raw);
    if (report.summarized !== undefined) this.summarized = toBoolean(report.summarized);
    if (this.raw) this.ctx.bus.subscribe((e) => this.onMetric(e), { order: 10, events: ['MetricUpdateEvent'] });
  }

  override start(): void {
    if (!this.raw || this.timer) return;
    const interval = parseTimeExpr(this.option(this.render(), 'flushInterval')) ?? 5;
    this.timer = setInterval(() => void this.flush(false).catch(() => undefined), Math.max(0.05, interval) * 1000);
    this.timer.unref();
  }

  private onMetric(event: Event): void {
    const name = String(event.name);
    const alias = this.metrics === 'all' ? name : this.metrics.find((m) => m.name === name)?.alias;
    if (alias === undefined) return;
    this.queue([{ metric: this.prefix + alias, points: [[event.ts, Number(event.value)]], tags: this.tags, host: this.host }]);
  }

  private queue(series: DataDogSeries[]): void {
    // One by one: spreading a long summary list into push() can exceed the argument limit.
    for (const s of series) this.pending.push(s);
    if (this.pending.length > MAX_PENDING) {
      const drop = this.pending.length - MAX_PENDING;
      if (!this.warnedDrop) this.logger.warn(`DataDog is not taking series; dropping the oldest beyond ${MAX_PENDING}`);
      this.warnedDrop = true;
      this.pending.splice(0, drop);
    }
  }

  /**
   * Sends what is pending. While the test runs a failure is logged and the series are kept for
   * the next flush; the final flush (`last`) throws instead.
   */
  private async flush(last: boolean): Promise<void> {
    if (this.flushing) {
      if (!last) {
        if (!this.slowReported) this.logger.warn(`Very slow flushing to DataDog (${((performance.now() - this.flushStarted) / 1000).toFixed(1)} sec)`);
        this.slowReported = true;
        return;
      }
      await this.flushing.catch(() => undefined);
    }
    if (this.pending.length === 0) return;
    const batch = this.pending;
    this.pending = [];
    this.flushStarted = performance.now();
    this.flushing = this.client.submit(batch);
    try {
      await this.flushing;
      this.logger.debug(`Flushed ${batch.length} series to DataDog`);
    } catch (err) {
      this.pending = [...batch, ...this.pending];
      const reason = err instanceof Error ? err.message : String(err);
      if (last) throw new Error(`Submitting ${this.pending.length} series to DataDog failed: ${reason}`);
      this.logger.error(`Flushing ${batch.length} series to DataDog failed (retrying with the next flush): ${reason}`);
    } finally {
      this.flushing = null;
      this.slowReported = false;
    }
  }

  override async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    // The teardown flush: what fails here is sent again with the final flush of dump().
    await this.flush(false);
  }

  async dump(): Promise<void> {
    const now = Date.now() / 1000;
    const opts = { prefix: this.prefix, tags: this.tags, host: this.host, now };
    if (this.summarized) this.queue(summarizedDataDogSeries(this.ctx.collector.sum(), this.metrics, opts));
    if (this.indicators === 'all' || this.indicators.length > 0) {
      const { series, missing } = indicatorDataDogSeries(await this.ctx.indicators.calculate(this.ctx.collector.sum()), this.indicators, opts);
      if (missing.length > 0) this.logger.warn(`Not submitting indicators without a value: ${missing.join(', ')}`);
      this.queue(series);
    }
    const count = this.pending.length;
    await this.flush(true);
    if (count > 0) this.logger.info(`Submitted ${count} series to DataDog`);
  }
}
