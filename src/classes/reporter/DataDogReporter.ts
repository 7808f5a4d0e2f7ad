import { hostname } from 'node:os';
import { Reporter } from './Reporter.js';
import type { OptionSpec } from '../../core/Options.js';
import { isPlainObject } from '../../core/config/ConfigLoader.js';
import { DataDogClient } from '../../services/DataDogClient.js';
import { dataDogClientOptions } from '../../services/dataDogClientOptions.js';
import { DATADOG_OPTIONS } from '../../services/dataDogOptions.js';
import { dataDogTags } from '../../services/dataDogTags.js';
import { indicatorDataDogSeries } from '../../services/indicatorDataDogSeries.js';
import { registerSecret } from '../../services/registerSecret.js';

/** Submits chosen indicators to DataDog at the end of the test, one series per point. */
export class DataDogReporter extends Reporter {
  static readonly className = 'reporter.DataDogReporter';
  static readonly description = 'Uploads indicator values into DataDog for archiving and alerting.';
  static readonly publishes = [] as const;
  static readonly options: OptionSpec = {
    ...DATADOG_OPTIONS,
    points: { type: 'array', required: true, description: 'The data points: `[{name: <DataDog metric name after the prefix>, indicator: <indicator name>}]`', example: [{ name: 'memory', indicator: 'meanMemoryUsage' }] },
  };

  private points: Array<{ name: string; alias: string }> = [];

  override async init(): Promise<void> {
    const cfg = this.render();
    const client = dataDogClientOptions(cfg);
    if ('error' in client) throw this.configError(client.error, client.key);
    registerSecret(this.ctx.definitions, client.apiKey);
    registerSecret(this.ctx.definitions, client.appKey);
    const known = this.ctx.general.indicators.map((i) => String(i.name));
    if (!Array.isArray(cfg.points) || cfg.points.length === 0) throw this.configError('`points` must list at least one `{name, indicator}`', 'points');
    for (const [i, p] of (cfg.points as unknown[]).entries()) {
      if (!isPlainObject(p) || typeof p.name !== 'string' || typeof p.indicator !== 'string') throw this.configError(`points[${i}] must be a mapping with \`name\` and \`indicator\``, 'points');
      for (const k of Object.keys(p)) if (k !== 'name' && k !== 'indicator') throw this.configError(`Unknown key \`${k}\` in points[${i}] (expected name, indicator)`, 'points');
      if (!known.includes(p.indicator)) throw this.configError(`Unknown indicator \`${p.indicator}\` in points[${i}]${known.length ? ` (known: ${known.join(', ')})` : ' (config.indicators is empty)'}`, 'points');
      this.points.push({ name: p.indicator, alias: p.name });
    }
  }

  async dump(): Promise<void> {
    const cfg = this.render();
    const options = dataDogClientOptions(cfg);
    if ('error' in options) throw new Error(options.error);
    const values = await this.ctx.indicators.calculate(this.ctx.collector.sum());
    const { series, missing } = indicatorDataDogSeries(values, this.points, {
      prefix: String(this.option(cfg, 'prefix')),
      tags: dataDogTags(this.ctx.meta),
      host: String(cfg.hostname ?? hostname()),
      now: Date.now() / 1000,
    });
    if (missing.length > 0) this.logger.warn(`Not submitting indicators without a value: ${missing.join(', ')}`);
    if (series.length === 0) return;
    this.logger.info(`Submitting series to datadog: ${series.map((s) => s.metric).join(', ')}`);
    const client = new DataDogClient(options);
    await client.submit(series);
  }
}
