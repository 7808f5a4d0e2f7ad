import type { GeneralConfig } from '../../core/config/GeneralConfig.js';
import type { SummarizedAxis } from '../../core/MetricCollector.js';

export interface SummaryTable {
  parameterColumns: string[];
  valueColumns: string[];
  flagColumns: string[];
  /** One row per test case: cells in the order parameters, values, flags. */
  rows: unknown[][];
}

/**
 * The summarized results as a table: parameters, then `metric (summarizer)` columns
 * (a `[value, error]` pair adds `metric (summarizer - error)`), then flags.
 */
export function buildSummaryTable(general: GeneralConfig, sum: SummarizedAxis[], missingParameter?: unknown): SummaryTable {
  const parameterColumns = general.parameters.map((p) => p.name);
  for (const axis of sum) for (const k of Object.keys(axis.parameters)) if (!parameterColumns.includes(k)) parameterColumns.push(k);
  const valueColumns: string[] = [];
  const flagColumns: string[] = [];
  const cells: Array<Map<string, unknown>> = [];
  for (const axis of sum) {
    const row = new Map<string, unknown>();
    for (const [metric, summaries] of Object.entries(axis.values)) {
      for (const [name, value] of Object.entries(summaries)) {
        const col = `${metric} (${name})`;
        if (!valueColumns.includes(col)) valueColumns.push(col);
        if (Array.isArray(value)) {
          const errCol = `${metric} (${name} - error)`;
          if (!valueColumns.includes(errCol)) valueColumns.push(errCol);
          row.set(col, value[0]);
          row.set(errCol, value[1]);
        } else {
          row.set(col, value);
        }
      }
    }
    for (const [flag, value] of Object.entries(axis.flags)) {
      if (!flagColumns.includes(flag)) flagColumns.push(flag);
      row.set(`flag:${flag}`, value);
    }
    cells.push(row);
  }
  const defaults = new Map(general.parameters.map((p) => [p.name, p.default]));
  const rows = sum.map((axis, i) => [
    ...parameterColumns.map((p) => (p in axis.parameters ? axis.parameters[p] : missingParameter !== undefined ? missingParameter : defaults.get(p))),
    ...valueColumns.map((c) => cells[i]!.get(c)),
    ...flagColumns.map((f) => cells[i]!.get(`flag:${f}`)),
  ]);
  return { parameterColumns, valueColumns, flagColumns, rows };
}
