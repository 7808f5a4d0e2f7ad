import type { SummarizedAxis } from '../core/MetricCollector.js';
import type { DataDogSeries } from './DataDogSeries.js';
import type { DataDogSelection } from './parseDataDogSelection.js';
import { dataDogTags } from './dataDogTags.js';

/**
 * One series per test case, selected metric and summarizer: `<prefix><alias>.<summarizer>`,
 * tagged with the meta and the test case's parameters. A value with an error (mean_err) sends
 * its value; values that are not numbers are left out.
 */
export function summarizedDataDogSeries(sum: SummarizedAxis[], selection: DataDogSelection, opts: { prefix: string; tags: string[]; host: string; now: number }): DataDogSeries[] {
  const out: DataDogSeries[] = [];
  for (const axis of sum) {
    const tags = [...opts.tags, ...dataDogTags(axis.parameters)];
    const metrics = selection === 'all' ? Object.keys(axis.values).map((name) => ({ name, alias: name })) : selection;
    for (const { name, alias } of metrics) {
      for (const [summarizer, value] of Object.entries(axis.values[name] ?? {})) {
        const v = Array.isArray(value) ? value[0] : value;
        if (typeof v !== 'number' || !Number.isFinite(v)) continue;
        out.push({ metric: `${opts.prefix}${alias}.${summarizer}`, points: [[opts.now, v]], tags, host: opts.host });
      }
    }
  }
  return out;
}
