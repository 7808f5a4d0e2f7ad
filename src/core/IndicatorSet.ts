import { dirname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ConfigError, ConfigErrors } from './ConfigError.js';
import { didYouMean } from './closestMatch.js';
import type { ConfigObject } from './config/ConfigLoader.js';
import type { SourceMap } from './config/SourceMap.js';
import type { Definitions } from './Definitions.js';
import type { SummarizedAxis } from './MetricCollector.js';

interface Indicator {
  calculate(axes: SummarizedAxis[], definitions: Record<string, unknown>): number | null;
}
type IndicatorClass = new (config: Record<string, unknown>) => Indicator;

const BUILT_IN: Record<string, () => Promise<IndicatorClass>> = {
  'indicator.NormalizedMeanMetricIndicator': async () => (await import('../classes/indicator/NormalizedMeanMetricIndicator.js')).NormalizedMeanMetricIndicator,
  'indicator.NormalizedMinMetricIndicator': async () => (await import('../classes/indicator/NormalizedMinMetricIndicator.js')).NormalizedMinMetricIndicator,
  'indicator.NormalizedMaxMetricIndicator': async () => (await import('../classes/indicator/NormalizedMaxMetricIndicator.js')).NormalizedMaxMetricIndicator,
};

export const INDICATOR_CLASS_NAMES = Object.keys(BUILT_IN);

/** The `config.indicators`: built at start-up (so mistakes fail early), computed at report time. */
export class IndicatorSet {
  private readonly entries: Array<{ name: string; indicator: Indicator }> = [];

  constructor(private readonly definitions: Definitions) {}

  /** `summarizers`: metric name to the names of its summarizers, to check `metric: m.summarizer`. */
  async build(configs: ConfigObject[], sources: SourceMap, summarizers: Map<string, string[]>): Promise<void> {
    const errors: ConfigError[] = [];
    for (const [i, config] of configs.entries()) {
      try {
        await this.add(config, i, sources, summarizers);
      } catch (err) {
        if (!(err instanceof ConfigError)) throw err;
        errors.push(err);
      }
    }
    if (errors.length > 0) throw new ConfigErrors(errors);
  }

  private async add(config: ConfigObject, i: number, sources: SourceMap, summarizers: Map<string, string[]>): Promise<void> {
    const metricNames = [...summarizers.keys()];
    const path = `config.indicators[${i}]`;
    const where = sources.locate(config, undefined, path);
    if (typeof config.name !== 'string' || !config.name) throw new ConfigError('Missing `name` of indicator', where);
    if (typeof config.class !== 'string') throw new ConfigError("Missing required 'class' property in the indicator config", where);
    const metric = String(config.metric ?? '').split('.')[0]!;
    if (!metricNames.includes(metric)) {
      throw new ConfigError(`Indicator \`${config.name}\` uses metric \`${metric}\`, which is not in config.metrics${didYouMean(metric, metricNames)}`, sources.locate(config, 'metric', `${path}.metric`));
    }
    const summarizer = String(config.metric ?? '').split('.')[1];
    const known = summarizers.get(metric) ?? [];
    if (summarizer !== undefined && !known.includes(summarizer)) {
      throw new ConfigError(`Indicator \`${config.name}\` uses summarizer \`${summarizer}\` of \`${metric}\`, which is not in its summarize list${didYouMean(summarizer, known) || ` (${known.join(', ') || 'none'})`}`, sources.locate(config, 'metric', `${path}.metric`));
    }
    const cls = await this.load(config.class, sources.locate(config, 'class', `${path}.class`));
    try {
      this.entries.push({ name: config.name, indicator: new cls(config) });
    } catch (err) {
      throw new ConfigError(err instanceof Error ? err.message : String(err), where);
    }
  }

  private async load(name: string, where: ConfigError['location']): Promise<IndicatorClass> {
    const hash = name.indexOf('#');
    if (hash > 0) {
      const base = where ? dirname(resolve(where.file)) : process.cwd();
      const mod = (await import(pathToFileURL(resolve(base, name.slice(0, hash))).href)) as Record<string, unknown>;
      const cls = mod[name.slice(hash + 1)];
      if (typeof cls !== 'function') throw new ConfigError(`Module has no export \`${name.slice(hash + 1)}\``, where);
      return cls as IndicatorClass;
    }
    const loader = BUILT_IN[name];
    if (!loader) throw new ConfigError(`Unknown indicator class \`${name}\`${didYouMean(name, INDICATOR_CLASS_NAMES)}`, where);
    return loader();
  }

  /** `{name: value}`; an indicator without data is null. */
  async calculate(sum: SummarizedAxis[]): Promise<Record<string, number | null>> {
    const out: Record<string, number | null> = {};
    for (const { name, indicator } of this.entries) out[name] = indicator.calculate(sum, this.definitions.all());
    return out;
  }
}
