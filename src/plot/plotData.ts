import type { GeneralConfig } from '../core/config/GeneralConfig.js';
import type { SummaryValue } from '../summarizers/Summarizer.js';
import { formatValue } from '../core/Macros.js';

/** A test case as the plots see it (a summarized or a raw axis). */
export interface CaseLike {
  parameters: Record<string, unknown>;
  flags: Record<string, unknown>;
}

/** A parameter on a plot axis: numeric values, or categories placed at 0, 1, 2, ... */
export interface PlotAxis {
  name: string;
  /** `title (units)` */
  label: string;
  /** Category names when some value is not a number; null for a numeric axis. */
  categories: string[] | null;
}

export interface PlotLayout {
  /** The one or two parameters that vary, first-configured first. */
  axes: PlotAxis[];
  /** The parameters held at one value, shown in the subtitle. */
  fixed: Array<[string, unknown]>;
}

/** Thrown when the results cannot be drawn on a static image. */
export class PlotDimensionError extends Error {}

/** Every parameter name: the configured ones in order, then any others the test cases carry. */
export function parameterNames(general: GeneralConfig, cases: readonly CaseLike[]): string[] {
  const names = general.parameters.map((p) => p.name);
  for (const c of cases) for (const k of Object.keys(c.parameters)) if (!names.includes(k)) names.push(k);
  return names;
}

/** A parameter of a test case; a missing one takes the reporter's `default`, else the parameter's configured default. */
export function parameterValue(general: GeneralConfig, c: CaseLike, name: string, fallback: unknown): unknown {
  if (name in c.parameters) return c.parameters[name];
  if (fallback !== undefined && fallback !== null) return fallback;
  return general.parameters.find((p) => p.name === name)?.default;
}

function asNumber(v: unknown): number | null {
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (typeof v === 'boolean') return Number(v);
  if (typeof v === 'string' && v.trim() !== '') {
    const n = Number(v);
    return Number.isFinite(n) ? n : null;
  }
  return null;
}

function withUnits(title: string, units: string | undefined): string {
  return units ? `${title} (${units})` : title;
}

export function parameterTitle(general: GeneralConfig, name: string): string {
  return general.parameters.find((p) => p.name === name)?.title ?? name;
}

export function parameterLabel(general: GeneralConfig, name: string): string {
  return withUnits(parameterTitle(general, name), general.parameters.find((p) => p.name === name)?.units);
}

export function metricLabel(general: GeneralConfig, name: string): string {
  const m = general.metric(name);
  return withUnits(m?.title ?? name, m?.units);
}

export function metricTitle(general: GeneralConfig, name: string): string {
  return general.metric(name)?.title ?? name;
}

/**
 * The parameters to plot: those taking more than one value. Plots of a config that
 * declares more parameters than it sweeps stay useful that way; when nothing varies
 * the first parameter is the X axis of a single point.
 */
export function plotLayout(general: GeneralConfig, cases: readonly CaseLike[], fallback: unknown): PlotLayout {
  const names = parameterNames(general, cases);
  if (names.length === 0) throw new PlotDimensionError('Requested to dump a plot without having any parameters');
  const values = new Map(names.map((n) => [n, cases.map((c) => parameterValue(general, c, n, fallback))]));
  const distinct = (n: string): number => new Set(values.get(n)!.map((v) => JSON.stringify(v))).size;
  let varying = names.filter((n) => distinct(n) > 1);
  if (varying.length === 0) varying = [names[0]!];
  if (varying.length > 2) {
    throw new PlotDimensionError(
      `reporter.PlotReporter cannot draw ${varying.length} varying parameters (${varying.join(', ')}) on a static image: ` +
        'a plot shows one parameter (lines) or two (a heat map). Add `- class: reporter.HTMLReporter` to the reporters ' +
        'for an interactive report that slices any number of parameters.',
    );
  }
  const axes = varying.map((name): PlotAxis => {
    const vs = values.get(name)!;
    const numeric = vs.every((v) => asNumber(v) !== null);
    return { name, label: parameterLabel(general, name), categories: numeric ? null : [...new Set(vs.map((v) => formatValue(v)))] };
  });
  const fixed = names.filter((n) => !varying.includes(n)).map((n): [string, unknown] => [n, values.get(n)![0]]);
  return { axes, fixed };
}

/** The plot coordinate of a parameter value on an axis. */
export function coordinate(axis: PlotAxis, value: unknown): number | null {
  if (axis.categories) {
    const i = axis.categories.indexOf(formatValue(value));
    return i < 0 ? null : i;
  }
  return asNumber(value);
}

/** `[value, error]` of a summary; a scalar has error 0; non-finite values are missing. */
export function summaryPair(v: SummaryValue | null | undefined): [number, number] | null {
  if (Array.isArray(v)) {
    const [value, error] = v;
    return typeof value === 'number' && Number.isFinite(value) ? [value, typeof error === 'number' && Number.isFinite(error) ? error : 0] : null;
  }
  return typeof v === 'number' && Number.isFinite(v) ? [v, 0] : null;
}

/** `mean_err` reads as `mean (err)` in legends, as the original's plots showed it. */
export function prettySummarizer(name: string): string {
  const i = name.indexOf('_');
  return i > 0 ? `${name.slice(0, i)} (${name.slice(i + 1)})` : name;
}

/** The summarizer names of a metric, in the order the test cases list them. */
export function summarizerNames(cases: ReadonlyArray<{ values: Record<string, Record<string, unknown>> }>, metric: string): string[] {
  const names: string[] = [];
  for (const c of cases) for (const k of Object.keys(c.values[metric] ?? {})) if (!names.includes(k)) names.push(k);
  return names;
}

/** Why a test case did not pass (its `status` flag when that is not OK: FAILED, TIMEOUT, STALLED, ...), or null. */
export function failureOf(flags: Record<string, unknown>): string | null {
  const status = flags.status;
  if (status === undefined || status === null || /^ok$/i.test(String(status))) return null;
  return String(status);
}

/** `x = 1, y = 9` for a subtitle. */
export function describeFixed(general: GeneralConfig, fixed: Array<[string, unknown]>): string {
  return fixed.map(([n, v]) => `${parameterTitle(general, n)} = ${formatValue(v)}`).join(', ');
}

/** A file-name-safe form of a metric or summarizer name. */
export function fileSafe(name: string): string {
  return name.replace(/[^\w.-]+/g, '_');
}
