import type { ConfigError } from '../core/ConfigError.js';
import type { DriverContext } from '../core/DriverContext.js';
import { LoadMetricsRegistry } from './LoadMetricsRegistry.js';
import { LoadMetricsSettingError, readLoadMetricsSettings, type LoadMetricsSettings } from './LoadMetricsSettings.js';
import { LoadStep, type LoadStepOptions } from './LoadStep.js';

/** What a load-generating component lends its load metrics: its path and its config errors. */
export interface LoadMetricsOwner {
  readonly path: string;
  configError(message: string, key?: string): ConfigError;
}

/**
 * The load metrics of one load-generating component: `config.loadMetrics` with the
 * component's own `loadMetrics` option on top. The component opens a step per test case and
 * reports its operations to it; close() ends what is still open and waits for the files.
 */
export class LoadMetricsSource {
  private readonly open = new Set<LoadStep>();

  private constructor(
    private readonly registry: LoadMetricsRegistry,
    readonly settings: LoadMetricsSettings,
    private readonly path: string,
  ) {}

  /**
   * The load metrics of `owner` given its rendered `loadMetrics` option; null when they are
   * off (neither `config.loadMetrics` nor the option turns them on). Throws the owner's
   * ConfigError for a bad option.
   */
  static create(ctx: DriverContext, owner: LoadMetricsOwner, option: unknown): LoadMetricsSource | null {
    let settings: LoadMetricsSettings | null;
    try {
      settings = readLoadMetricsSettings(option, ctx.general.loadMetrics);
    } catch (err) {
      if (!(err instanceof LoadMetricsSettingError)) throw err;
      throw owner.configError(err.message, err.key === undefined ? 'loadMetrics' : `loadMetrics.${err.key}`);
    }
    return settings === null ? null : new LoadMetricsSource(LoadMetricsRegistry.of(ctx), settings, owner.path);
  }

  /** Starts the step of a test case. */
  openStep(options: LoadStepOptions): LoadStep {
    const step = new LoadStep(this.registry, this.settings, this.path, options, (s) => this.open.delete(s));
    this.open.add(step);
    return step;
  }

  /** Ends the steps still open (their operations in flight left out) and waits until their files are written. */
  async close(): Promise<void> {
    for (const step of [...this.open]) step.finish();
    await this.registry.flush();
  }
}
