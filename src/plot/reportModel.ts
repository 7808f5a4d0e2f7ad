import type { GeneralConfig } from '../core/config/GeneralConfig.js';
import type { SummarizedAxis } from '../core/MetricCollector.js';
import { buildSummaryTable, type SummaryTable } from '../classes/reporter/summaryTable.js';
import { failureOf, metricLabel, metricTitle, parameterLabel, parameterNames, parameterTitle, parameterValue, summarizerNames, summaryPair } from './plotData.js';
import { findReferenceCase, ratioOf } from './ratios.js';
import type { ReferenceDump } from './reference.js';
import type { AxisScale } from './scales.js';

/** A test case as the report's script reads it: parameters (defaults filled in), `[value, error]` summaries, failure. */
export interface ChartCase {
  p: Record<string, unknown>;
  v: Record<string, Record<string, [number, number] | null>>;
  failure: string | null;
  flags: Record<string, unknown>;
}

/** The data embedded in the report for its charts. */
export interface ChartData {
  parameters: Array<{ name: string; title: string; label: string }>;
  metrics: Array<{ name: string; title: string; label: string; units: string; summarizers: string[] }>;
  cases: ChartCase[];
  reference: { name: string; cases: ChartCase[] } | null;
  xscale: AxisScale;
  yscale: AxisScale;
}

export interface ComparisonCell {
  column: string;
  value: number | null;
  reference: number | null;
  ratio: number | null;
}

export interface ReportModel {
  title: string;
  started: Date;
  completed: Date;
  meta: Record<string, unknown>;
  parameters: Array<{ name: string; title: string; units: string; desc: string; default: unknown; values: number }>;
  metrics: Array<{ name: string; title: string; units: string; desc: string; summarizers: string[] }>;
  table: SummaryTable;
  /** Per table row: why that test case failed, or null. */
  failures: Array<string | null>;
  indicators: Record<string, number | null>;
  chart: ChartData;
  /** Set when a reference is configured: its name, where from, and whether it loaded. */
  reference: { name: string; location: string; loaded: boolean; rows: Array<{ parameters: Record<string, unknown>; cells: ComparisonCell[] }> } | null;
}

export interface ReportInput {
  title: string;
  general: GeneralConfig;
  sum: SummarizedAxis[];
  indicators: Record<string, number | null>;
  meta: Record<string, unknown>;
  started: Date;
  completed: Date;
  fallback: unknown;
  xscale: AxisScale;
  yscale: AxisScale;
  reference: { name: string; location: string; dump: ReferenceDump | null } | null;
}

function chartCases(input: ReportInput, names: string[], sum: SummarizedAxis[]): ChartCase[] {
  return sum.map((c) => ({
    p: Object.fromEntries(names.map((n) => [n, parameterValue(input.general, c, n, input.fallback)])),
    v: Object.fromEntries(Object.entries(c.values).map(([m, summaries]) => [m, Object.fromEntries(Object.entries(summaries).map(([s, v]) => [s, summaryPair(v)]))])),
    failure: failureOf(c.flags),
    flags: c.flags,
  }));
}

/** Value, reference and ratio for every summary of every test case the reference also measured. */
function comparisonRows(sum: SummarizedAxis[], reference: SummarizedAxis[]): NonNullable<ReportModel['reference']>['rows'] {
  return sum.map((c) => {
    const ref = findReferenceCase(reference, c.parameters);
    const cells: ComparisonCell[] = [];
    for (const [metric, summaries] of Object.entries(c.values)) {
      for (const [summ, v] of Object.entries(summaries)) {
        const value = summaryPair(v)?.[0] ?? null;
        const refValue = summaryPair(ref?.values[metric]?.[summ])?.[0] ?? null;
        cells.push({ column: `${metric} (${summ})`, value, reference: refValue, ratio: value === null ? null : ratioOf(value, refValue) });
      }
    }
    return { parameters: c.parameters, cells };
  });
}

export function buildReportModel(input: ReportInput): ReportModel {
  const { general, sum } = input;
  const names = parameterNames(general, sum);
  const cases = chartCases(input, names, sum);
  const ref = input.reference;
  return {
    title: input.title,
    started: input.started,
    completed: input.completed,
    meta: input.meta,
    parameters: names.map((n) => {
      const p = general.parameters.find((q) => q.name === n);
      return { name: n, title: parameterTitle(general, n), units: p?.units ?? '', desc: p?.desc ?? '', default: p?.default, values: new Set(cases.map((c) => JSON.stringify(c.p[n]))).size };
    }),
    metrics: general.metrics.map((m) => ({ name: m.name, title: m.title ?? m.name, units: m.units ?? '', desc: m.desc ?? '', summarizers: summarizerNames(sum, m.name) })),
    table: buildSummaryTable(general, sum, input.fallback),
    failures: sum.map((c) => failureOf(c.flags)),
    indicators: input.indicators,
    chart: {
      parameters: names.map((n) => ({ name: n, title: parameterTitle(general, n), label: parameterLabel(general, n) })),
      metrics: general.metrics.map((m) => ({ name: m.name, title: metricTitle(general, m.name), label: metricLabel(general, m.name), units: m.units ?? '', summarizers: summarizerNames(sum, m.name) })),
      cases,
      reference: ref?.dump ? { name: ref.name, cases: chartCases(input, names, ref.dump.sum) } : null,
      xscale: input.xscale,
      yscale: input.yscale,
    },
    reference: ref ? { name: ref.name, location: ref.location, loaded: ref.dump !== null, rows: ref.dump ? comparisonRows(sum, ref.dump.sum) : [] } : null,
  };
}
