import type { DataDogSeries } from './DataDogSeries.js';
import type { DataDogSelection } from './parseDataDogSelection.js';

/**
 * One series per selected indicator, `<prefix><alias>`, tagged with the meta. Indicators
 * without a value (no data) are returned in `missing` instead.
 */
export function indicatorDataDogSeries(values: Record<string, number | null>, selection: DataDogSelection, opts: { prefix: string; tags: string[]; host: string; now: number }): { series: DataDogSeries[]; missing: string[] } {
  const series: DataDogSeries[] = [];
  const missing: string[] = [];
  const chosen = selection === 'all' ? Object.keys(values).map((name) => ({ name, alias: name })) : selection;
  for (const { name, alias } of chosen) {
    const v = values[name];
    if (typeof v !== 'number' || !Number.isFinite(v)) missing.push(name);
    else series.push({ metric: `${opts.prefix}${alias}`, points: [[opts.now, v]], tags: opts.tags, host: opts.host });
  }
  return { series, missing };
}
