import type { GeneralConfig } from '../core/config/GeneralConfig.js';
import type { RawAxis, SummarizedAxis } from '../core/MetricCollector.js';
import { formatValue } from '../core/Macros.js';
import { SERIES_COLOURS, type Colormap } from './colormaps.js';
import { LinearRbf } from './interpolate.js';
import {
  coordinate,
  describeFixed,
  failureOf,
  fileSafe,
  metricLabel,
  metricTitle,
  parameterTitle,
  parameterValue,
  prettySummarizer,
  summarizerNames,
  summaryPair,
  type CaseLike,
  type PlotAxis,
  type PlotLayout,
} from './plotData.js';
import { ratioOf, ReferenceLine, ReferenceSurface } from './ratios.js';
import type { ReferenceDump } from './reference.js';
import { isLogScale, niceTicks, toScaleSpace, type AxisScale } from './scales.js';
import type { AxisSpec, Band, FigureCell, HeatPanel, LinePanel, LineSeries, SeriesPoint } from './render.js';

/** One image to write: its file name after `<prefix><metric><suffix>`, and what it shows. */
export interface Figure {
  /** `''` or `-<summarizer>` for the 2-D plots (one file per summarizer). */
  fileSuffix: string;
  cells: FigureCell[];
  arrange: 'rows' | 'columns';
}

export interface FigureInput {
  general: GeneralConfig;
  layout: PlotLayout;
  /** The reporter's `default` for parameters a test case lacks. */
  fallback: unknown;
  xscale: AxisScale;
  yscale: AxisScale;
  colormap: Colormap;
  reference: { name: string; ratioColormap: Colormap; dump: ReferenceDump } | null;
  /** Collects what could not be drawn (values a log axis cannot show, ...). */
  warn(message: string): void;
}

/** Pixel sizes: readable at a glance, with room for labels; a reference adds a panel below (1-D) or beside (2-D). */
const WIDTH = 1200;
const HEIGHT = 800;
const HEAT_HEIGHT = 900;
const RATIO_RANGE: [number, number] = [0.25, 1.75];

function axisSpec(axis: PlotAxis, scale: AxisScale): AxisSpec {
  return { label: axis.label, scale: axis.categories ? 'linear' : scale, categories: axis.categories };
}

/** Whether a coordinate can be drawn on an axis of that scale (a log axis has no place for 0 or less). */
function drawable(v: number, scale: AxisScale, categorical: boolean): boolean {
  return categorical || !isLogScale(scale) || v > 0;
}

interface Located<T> {
  x: number;
  y: number | null;
  value: T;
  failure: string | null;
}

/**
 * Places each test case on the plot axes, dropping (and reporting) those a log axis
 * cannot show. In raw plots the second parameter picks a colour, not a position, so
 * only the X axis scale applies there.
 */
function locate<T>(input: FigureInput, cases: ReadonlyArray<CaseLike & { v: T }>, what: string, secondIsAxis = true): Array<Located<T>> {
  const [ax, ay] = input.layout.axes;
  const out: Array<Located<T>> = [];
  let dropped = 0;
  for (const c of cases) {
    const x = coordinate(ax!, parameterValue(input.general, c, ax!.name, input.fallback));
    const y = ay ? coordinate(ay, parameterValue(input.general, c, ay.name, input.fallback)) : null;
    if (x === null || (ay && y === null)) continue;
    if (!drawable(x, input.xscale, ax!.categories !== null) || (secondIsAxis && ay && y !== null && !drawable(y, input.yscale, ay.categories !== null))) {
      dropped++;
      continue;
    }
    out.push({ x, y, value: c.v, failure: failureOf(c.flags) });
  }
  if (dropped > 0) input.warn(`${what}: ${dropped} test case(s) have parameter values a log axis cannot show (0 or less); they are left out`);
  return out;
}

function subtitle(input: FigureInput, extra?: string): string | undefined {
  const parts = [extra, input.layout.fixed.length ? describeFixed(input.general, input.layout.fixed) : undefined].filter(Boolean);
  return parts.length ? parts.join(' · ') : undefined;
}

function title(input: FigureInput, metric: string, detail?: string): string {
  return `${input.general.title} [${metricTitle(input.general, metric)}${detail ? `, ${detail}` : ''}]`;
}

/** The summarized plots of a metric: lines over one parameter, or a heat map per summarizer over two. */
export function summaryFigures(input: FigureInput, sum: SummarizedAxis[], metric: string): Figure[] {
  return input.layout.axes.length === 1 ? [lineFigure(input, sum, metric)] : heatFigures(input, sum, metric);
}

function lineFigure(input: FigureInput, sum: SummarizedAxis[], metric: string): Figure {
  const axis = input.layout.axes[0]!;
  const x = axisSpec(axis, input.xscale);
  const series: LineSeries[] = [];
  const ratioSeries: LineSeries[] = [];
  const bands: Band[] = [];
  let droppedValues = 0;
  summarizerNames(sum, metric).forEach((summ, i) => {
    const colour = SERIES_COLOURS[i % SERIES_COLOURS.length]!;
    const label = prettySummarizer(summ);
    const measured = locate(input, sum.map((c) => ({ ...c, v: summaryPair(c.values[metric]?.[summ]) })), metric);
    const points: SeriesPoint[] = [];
    for (const p of measured) {
      if (p.value === null) continue;
      if (isLogScale(input.yscale) && p.value[0] <= 0) {
        droppedValues++;
        continue;
      }
      points.push({ x: p.x, y: p.value[0], error: p.value[1], failure: p.failure });
    }
    series.push({ label, colour, points, style: 'line' });
    if (!input.reference) return;
    const refCases = locate(input, input.reference.dump.sum.map((c) => ({ ...c, v: summaryPair(c.values[metric]?.[summ]) })), `${metric} reference`).filter((p) => p.value !== null);
    if (refCases.length === 0) return;
    const line = new ReferenceLine(refCases.map((p) => p.x), refCases.map((p) => p.value![0]));
    series.push({ label: `${label} (${input.reference.name})`, colour, points: line.points.filter(([, y]) => !isLogScale(input.yscale) || y > 0).map(([px, py]) => ({ x: px, y: py })), style: 'dashed' });
    const ratios: SeriesPoint[] = [];
    const upper: Array<{ x: number; y: number }> = [];
    const lower: Array<{ x: number; y: number }> = [];
    for (const p of points) {
      const ref = line.at(p.x);
      const r = ratioOf(p.y, ref);
      if (r === null) continue;
      const err = (p.error ?? 0) / Math.abs(ref!);
      ratios.push({ x: p.x, y: r, error: 0, failure: p.failure });
      upper.push({ x: p.x, y: r + err });
      lower.push({ x: p.x, y: r - err });
    }
    ratioSeries.push({ label, colour, points: ratios, style: 'line' });
    if (upper.some((u, k) => u.y !== lower[k]!.y)) bands.push({ colour: `${colour}33`, upper: upper.sort((a, b) => a.x - b.x), lower: lower.sort((a, b) => a.x - b.x) });
  });
  if (droppedValues > 0) input.warn(`${metric}: ${droppedValues} value(s) of 0 or less cannot be shown on a log Y axis; they are left out`);
  const main: LinePanel = { kind: 'lines', title: title(input, metric), subtitle: subtitle(input), x, y: { label: metricLabel(input.general, metric), scale: input.yscale, categories: null }, series };
  if (!input.reference) return { fileSuffix: '', arrange: 'rows', cells: [{ panel: main, width: WIDTH, height: HEIGHT }] };
  const yBounds = ratioBounds(ratioSeries.flatMap((s) => s.points.map((p) => p.y)));
  const ratio: LinePanel = {
    kind: 'lines',
    title: `Ratio to ${input.reference.name}`,
    x,
    // As the original: 0.25 to 1.75, wider only when a ratio lies outside (error bands are clipped).
    y: { label: 'Value/Reference', scale: 'linear', categories: null, bounds: yBounds, ticks: niceTicks(yBounds[0], yBounds[1], 7) },
    series: ratioSeries,
    bands,
    unityLine: input.reference.name,
  };
  return { fileSuffix: '', arrange: 'rows', cells: [{ panel: main, width: WIDTH, height: 760 }, { panel: ratio, width: WIDTH, height: 460 }] };
}

function ratioBounds(ratios: number[]): [number, number] {
  const lo = Math.min(RATIO_RANGE[0], ...ratios);
  const hi = Math.max(RATIO_RANGE[1], ...ratios);
  const pad = (hi - lo) * 0.04;
  return [lo === RATIO_RANGE[0] ? lo : lo - pad, hi === RATIO_RANGE[1] ? hi : hi + pad];
}

/** Bounds of the data; a single value gets some room around it. */
function bounds(values: number[], scale: AxisScale, categorical: boolean): [number, number] {
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  if (lo < hi) return [lo, hi];
  if (!categorical && isLogScale(scale)) return [lo / 2, hi * 2];
  return [lo - 0.5, hi + 0.5];
}

/** A heat map's axis labels the swept values themselves when there are few enough. */
function measuredTicks(axis: PlotAxis, values: number[]): number[] | undefined {
  const distinct = [...new Set(values)].sort((a, b) => a - b);
  return axis.categories || distinct.length > 12 ? undefined : distinct;
}

function heatPanel(input: FigureInput, points: Array<{ x: number; y: number; value: number; failure: string | null }>, labels: { title: string; subtitle?: string; colour: string }, map: Colormap, range: [number, number]): HeatPanel {
  const [ax, ay] = input.layout.axes as [PlotAxis, PlotAxis];
  const xs = ax.categories ? 'linear' : input.xscale;
  const ys = ay.categories ? 'linear' : input.yscale;
  const rbf = new LinearRbf(points.map((p) => [toScaleSpace(xs, p.x), toScaleSpace(ys, p.y)]), points.map((p) => p.value));
  return {
    kind: 'heat',
    title: labels.title,
    subtitle: labels.subtitle,
    x: { ...axisSpec(ax, input.xscale), bounds: bounds(points.map((p) => p.x), xs, ax.categories !== null), ticks: measuredTicks(ax, points.map((p) => p.x)) },
    y: { ...axisSpec(ay, input.yscale), bounds: bounds(points.map((p) => p.y), ys, ay.categories !== null), ticks: measuredTicks(ay, points.map((p) => p.y)) },
    points: points.map(({ x, y, failure }) => ({ x, y, failure })),
    surface: (x, y) => rbf.evaluate([toScaleSpace(xs, x), toScaleSpace(ys, y)]),
    colormap: map,
    range,
    colourLabel: labels.colour,
  };
}

function heatFigures(input: FigureInput, sum: SummarizedAxis[], metric: string): Figure[] {
  const figures: Figure[] = [];
  const [ax, ay] = input.layout.axes as [PlotAxis, PlotAxis];
  const xs = ax.categories ? 'linear' : input.xscale;
  const ys = ay.categories ? 'linear' : input.yscale;
  for (const summ of summarizerNames(sum, metric)) {
    const pretty = prettySummarizer(summ);
    const points = locate(input, sum.map((c) => ({ ...c, v: summaryPair(c.values[metric]?.[summ]) })), metric)
      .filter((p) => p.value !== null)
      .map((p) => ({ x: p.x, y: p.y!, value: p.value![0], failure: p.failure }));
    if (points.length === 0) {
      input.warn(`${metric} (${summ}): no values to plot`);
      continue;
    }
    const values = points.map((p) => p.value);
    const main = heatPanel(input, points, { title: title(input, metric, pretty), subtitle: subtitle(input), colour: metricLabel(input.general, metric) }, input.colormap, [Math.min(...values), Math.max(...values)]);
    const cells: FigureCell[] = [{ panel: main, width: WIDTH, height: HEAT_HEIGHT }];
    if (input.reference) {
      const ref = locate(input, input.reference.dump.sum.map((c) => ({ ...c, v: summaryPair(c.values[metric]?.[summ]) })), `${metric} reference`).filter((p) => p.value !== null);
      const surface = ref.length > 0 ? new ReferenceSurface(ref.map((p) => [toScaleSpace(xs, p.x), toScaleSpace(ys, p.y!)]), ref.map((p) => p.value![0])) : null;
      const ratios = points
        .map((p) => ({ ...p, value: ratioOf(p.value, surface?.at([toScaleSpace(xs, p.x), toScaleSpace(ys, p.y)]) ?? null) }))
        .filter((p): p is typeof p & { value: number } => p.value !== null);
      if (ratios.length > 0) {
        cells.push({ panel: heatPanel(input, ratios, { title: `Ratio to ${input.reference.name} [${pretty}]`, subtitle: subtitle(input), colour: 'Value/Reference' }, input.reference.ratioColormap, RATIO_RANGE), width: WIDTH, height: HEAT_HEIGHT });
      } else {
        input.warn(`${metric} (${summ}): the reference has no values at the measured parameters; no ratio panel`);
      }
    }
    figures.push({ fileSuffix: `-${fileSafe(summ)}`, arrange: 'columns', cells });
  }
  return figures;
}

/** Every sample against the first parameter; with two parameters, one colour per value of the second. */
export function rawFigure(input: FigureInput, raw: RawAxis[], metric: string): Figure {
  const [ax, ay] = input.layout.axes as [PlotAxis, PlotAxis | undefined];
  const located = locate(input, raw.map((c) => ({ ...c, v: c.values[metric] ?? [] })), metric, false);
  const groups = new Map<string, SeriesPoint[]>();
  let dropped = 0;
  for (const c of located) {
    const key = ay ? formatValue(ay.categories ? ay.categories[c.y!] : c.y) : 'samples';
    const points = groups.get(key) ?? [];
    for (const [, value] of c.value) {
      if (isLogScale(input.yscale) && value <= 0) dropped++;
      else points.push({ x: c.x, y: value, failure: c.failure });
    }
    groups.set(key, points);
  }
  if (dropped > 0) input.warn(`${metric}: ${dropped} sample(s) of 0 or less cannot be shown on a log Y axis; they are left out`);
  const keys = [...groups.keys()];
  const series: LineSeries[] = keys.map((key, i) => ({
    label: ay ? `${parameterTitle(input.general, ay.name)} = ${key}` : 'samples',
    colour: ay ? rgbHex(input.colormap.at(keys.length > 1 ? i / (keys.length - 1) : 0.5)) : SERIES_COLOURS[0]!,
    points: groups.get(key)!,
    style: 'scatter',
  }));
  if (input.reference) {
    const ref = locate(input, input.reference.dump.raw.map((c) => ({ ...c, v: c.values[metric] ?? [] })), `${metric} reference`, false);
    const points = ref.flatMap((c) => c.value.filter(([, v]) => !isLogScale(input.yscale) || v > 0).map(([, v]) => ({ x: c.x, y: v })));
    if (points.length > 0) series.push({ label: `samples (${input.reference.name})`, colour: '#7f7f7f', points, style: 'scatter' });
  }
  const panel: LinePanel = {
    kind: 'lines',
    title: title(input, metric),
    subtitle: subtitle(input, 'every sample'),
    x: axisSpec(ax, input.xscale),
    y: { label: metricLabel(input.general, metric), scale: input.yscale, categories: null },
    series,
  };
  return { fileSuffix: '', arrange: 'rows', cells: [{ panel, width: WIDTH, height: HEIGHT }] };
}

function rgbHex([r, g, b]: [number, number, number]): string {
  return `#${[r, g, b].map((c) => c.toString(16).padStart(2, '0')).join('')}`;
}
