import { createCanvas } from '@napi-rs/canvas';
import { Chart, registerables, type ChartConfiguration, type ChartDataset, type ChartItem, type LegendItem, type Plugin, type Scale } from 'chart.js';
import { plotFontStack } from './fonts.js';
import { cssColor, type Colormap } from './colormaps.js';
import { formatNumber, isLogScale, logTicks, niceTicks, powerOfTwoTicks, type AxisScale } from './scales.js';

Chart.register(...registerables);
Chart.defaults.font.family = plotFontStack();
Chart.defaults.font.size = 16;
Chart.defaults.color = '#222';

const FAILED_COLOUR = '#d40000';

export interface AxisSpec {
  label: string;
  scale: AxisScale;
  /** Category names placed at 0, 1, 2, ...; null for a numeric axis. */
  categories: string[] | null;
  /** Exact bounds (heat maps span their data, ratio panels 0.25 to 1.75 at least); otherwise round bounds around the data. */
  bounds?: [number, number];
  /** Tick values to show instead of chart.js's choice. */
  ticks?: number[];
}

export interface SeriesPoint {
  x: number;
  y: number;
  /** The half-width of the error bar. */
  error?: number;
  /** Why the test case failed (FAILED, TIMEOUT, ...), or null. */
  failure?: string | null;
}

export interface LineSeries {
  label: string;
  colour: string;
  points: SeriesPoint[];
  style: 'line' | 'dashed' | 'scatter';
}

/** A shaded area between two curves (the error band of a ratio). */
export interface Band {
  colour: string;
  lower: Array<{ x: number; y: number }>;
  upper: Array<{ x: number; y: number }>;
}

export interface LinePanel {
  kind: 'lines';
  title: string;
  subtitle?: string;
  x: AxisSpec;
  y: AxisSpec;
  series: LineSeries[];
  bands?: Band[];
  /** A dashed line at y = 1, labelled with the reference's name. */
  unityLine?: string;
}

export interface HeatPanel {
  kind: 'heat';
  title: string;
  subtitle?: string;
  x: AxisSpec;
  y: AxisSpec;
  points: Array<{ x: number; y: number; failure: string | null }>;
  /** The interpolated value at data coordinates. */
  surface: (x: number, y: number) => number;
  colormap: Colormap;
  range: [number, number];
  colourLabel: string;
}

type Panel = LinePanel | HeatPanel;

export interface FigureCell {
  panel: Panel;
  width: number;
  height: number;
}

/** Renders panels stacked in rows or side by side in columns, and encodes the PNG. */
export async function renderFigure(cells: FigureCell[], arrange: 'rows' | 'columns'): Promise<Buffer> {
  const width = arrange === 'rows' ? Math.max(...cells.map((c) => c.width)) : cells.reduce((s, c) => s + c.width, 0);
  const height = arrange === 'rows' ? cells.reduce((s, c) => s + c.height, 0) : Math.max(...cells.map((c) => c.height));
  const figure = createCanvas(width, height);
  const ctx = figure.getContext('2d');
  ctx.fillStyle = 'white';
  ctx.fillRect(0, 0, width, height);
  let offset = 0;
  for (const { panel, width: w, height: h } of cells) {
    const canvas = createCanvas(w, h);
    // chart.js draws on any 2D context with the browser's API; @napi-rs/canvas provides one.
    const chart = new Chart(canvas.getContext('2d') as unknown as ChartItem, panel.kind === 'lines' ? lineConfig(panel) : heatConfig(panel));
    if (arrange === 'rows') ctx.drawImage(canvas, 0, offset);
    else ctx.drawImage(canvas, offset, 0);
    // destroy() clears the canvas, so only after it was copied.
    chart.destroy();
    offset += arrange === 'rows' ? h : w;
  }
  return figure.encode('png');
}

const whiteBackground: Plugin = {
  id: 'whiteBackground',
  beforeDraw(chart) {
    const { ctx, width, height } = chart;
    ctx.save();
    ctx.fillStyle = 'white';
    ctx.fillRect(0, 0, width, height);
    ctx.restore();
  },
};

function titles(panel: Panel): object {
  return {
    title: { display: true, text: panel.title, font: { size: 22, weight: 'bold' }, padding: { top: 12, bottom: panel.subtitle ? 4 : 12 } },
    subtitle: { display: Boolean(panel.subtitle), text: panel.subtitle ?? '', font: { size: 15 }, color: '#555', padding: { bottom: 10 } },
  };
}

function axisOptions(spec: AxisSpec, grid: boolean): Record<string, unknown> {
  const log = !spec.categories && isLogScale(spec.scale);
  const options: Record<string, unknown> = {
    type: log ? 'logarithmic' : 'linear',
    title: { display: true, text: spec.label, font: { size: 18 }, padding: 8 },
    grid: { display: grid, color: 'rgba(0, 0, 0, 0.12)' },
    border: { color: '#444' },
    ticks: { font: { size: 15 }, maxRotation: 30, autoSkip: true, autoSkipPadding: 12 },
  };
  const ticks = options.ticks as Record<string, unknown>;
  if (spec.bounds) [options.min, options.max] = spec.bounds;
  const categories = spec.categories;
  const fixedTicks = spec.ticks;
  if (fixedTicks) {
    options.afterBuildTicks = (scale: Scale) => {
      scale.ticks = fixedTicks.map((value) => ({ value }));
    };
    ticks.callback = (v: number | string) => formatNumber(Number(v));
  } else if (categories) {
    if (!spec.bounds) [options.min, options.max] = [-0.5, categories.length - 0.5];
    options.afterBuildTicks = (scale: Scale) => {
      scale.ticks = categories.map((_, i) => ({ value: i }));
    };
    ticks.callback = (v: number | string) => categories[Number(v)] ?? '';
  } else if (log) {
    options.afterBuildTicks = (scale: Scale) => {
      const powers = spec.scale === 'log2' ? powerOfTwoTicks(scale.min, scale.max) : [];
      scale.ticks = (powers.length >= 2 ? powers : logTicks(scale.min, scale.max)).map((value) => ({ value }));
    };
    ticks.callback = (v: number | string) => formatNumber(Number(v));
  } else {
    ticks.callback = (v: number | string) => formatNumber(Number(v));
  }
  return options;
}

function padded(lo: number, hi: number, log: boolean): [number, number] {
  if (log) {
    const f = lo < hi ? (hi / lo) ** 0.03 : 1.5;
    return [lo / f, hi * f];
  }
  const pad = lo < hi ? (hi - lo) * 0.03 : Math.abs(lo) * 0.1 || 1;
  // Values that are all positive keep an axis starting at 0 or above.
  return [lo >= 0 ? Math.max(0, lo - pad) : lo - pad, hi + pad];
}

/** Vertical error bars with caps, drawn over the points of the datasets that have errors. */
function errorBars(errors: Map<number, number[]>, log: boolean): Plugin {
  return {
    id: 'errorBars',
    afterDatasetsDraw(chart) {
      const { ctx } = chart;
      const y = chart.scales.y!;
      const area = chart.chartArea;
      ctx.save();
      ctx.beginPath();
      ctx.rect(area.left, area.top, area.right - area.left, area.bottom - area.top);
      ctx.clip();
      for (const [index, errs] of errors) {
        const meta = chart.getDatasetMeta(index);
        if (meta.hidden) continue;
        ctx.strokeStyle = String(chart.data.datasets[index]!.borderColor);
        ctx.lineWidth = 2;
        meta.data.forEach((el, i) => {
          const err = errs[i] ?? 0;
          const raw = chart.data.datasets[index]!.data[i] as { y: number };
          if (!(err > 0)) return;
          const top = y.getPixelForValue(raw.y + err);
          // A log axis has no place for a lower end at 0 or below: the bar runs off the bottom, without a cap.
          const clipped = log && raw.y - err <= 0;
          const bottom = clipped ? area.bottom + 10 : y.getPixelForValue(raw.y - err);
          ctx.beginPath();
          ctx.moveTo(el.x, top);
          ctx.lineTo(el.x, bottom);
          ctx.moveTo(el.x - 6, top);
          ctx.lineTo(el.x + 6, top);
          if (!clipped) {
            ctx.moveTo(el.x - 6, bottom);
            ctx.lineTo(el.x + 6, bottom);
          }
          ctx.stroke();
        });
      }
      ctx.restore();
    },
  };
}

function lineConfig(panel: LinePanel): ChartConfiguration {
  const xs = panel.series.flatMap((s) => s.points.map((p) => p.x));
  const datasets: ChartDataset[] = [];
  const errors = new Map<number, number[]>();
  let failure: string | null = null;
  for (const band of panel.bands ?? []) {
    datasets.push({ type: 'line', label: '', data: band.upper, borderWidth: 0, pointRadius: 0, fill: false, showLine: true });
    datasets.push({ type: 'line', label: '', data: band.lower, borderWidth: 0, pointRadius: 0, fill: '-1', backgroundColor: band.colour, showLine: true });
  }
  for (const s of panel.series) {
    const points = [...s.points].sort((a, b) => a.x - b.x);
    if (points.some((p) => (p.error ?? 0) > 0)) errors.set(datasets.length, points.map((p) => p.error ?? 0));
    for (const p of points) failure ??= p.failure ?? null;
    const scatter = s.style === 'scatter';
    datasets.push({
      type: 'scatter',
      label: s.label,
      data: points.map((p) => ({ x: p.x, y: p.y })),
      showLine: !scatter,
      borderColor: s.colour,
      backgroundColor: scatter ? s.colour.replace(/^#(\w{6})$/, '#$1aa') : s.colour,
      borderWidth: 2.5,
      borderDash: s.style === 'dashed' ? [10, 6] : [],
      pointStyle: points.map((p) => (p.failure ? 'crossRot' : 'circle')),
      pointRadius: points.map((p) => (p.failure ? 9 : scatter ? 3.5 : 4)),
      pointBorderWidth: points.map((p) => (p.failure ? 3 : 1)),
      pointBorderColor: points.map((p) => (p.failure ? FAILED_COLOUR : s.colour)),
    });
  }
  if (panel.unityLine !== undefined) {
    datasets.push({ type: 'scatter', label: panel.unityLine, data: [{ x: Math.min(...xs), y: 1 }, { x: Math.max(...xs), y: 1 }], showLine: true, borderColor: '#666', borderDash: [6, 6], borderWidth: 2, pointRadius: 0 });
  }
  if (failure !== null) datasets.push(failureLegend(failure));
  const x = axisOptions(panel.x, true);
  if (!panel.x.bounds && !panel.x.categories && xs.length > 0) {
    // A little room on both sides so the first and last points (and their error bars) sit inside the frame.
    [x.min, x.max] = padded(Math.min(...xs), Math.max(...xs), isLogScale(panel.x.scale));
    (x.ticks as Record<string, unknown>).includeBounds = false;
  }
  const y = axisOptions(panel.y, true);
  if (!panel.y.bounds) {
    // As matplotlib does, the axis makes room for the error bars (on a log axis, for the ends above 0).
    const log = isLogScale(panel.y.scale);
    const ends = panel.series.flatMap((s) => s.points.flatMap((p) => [p.y - (p.error ?? 0), p.y + (p.error ?? 0)])).filter((v) => !log || v > 0);
    if (ends.length > 0) [y.suggestedMin, y.suggestedMax] = [Math.min(...ends), Math.max(...ends)];
    // Room above and below, so no point sits on the frame.
    if (!log && !panel.y.categories) y.grace = '4%';
  }
  return {
    type: 'scatter',
    data: { datasets },
    options: {
      responsive: false,
      animation: false,
      devicePixelRatio: 1,
      layout: { padding: { left: 12, right: 28, top: 4, bottom: 12 } },
      plugins: {
        ...titles(panel),
        legend: legend(datasets),
        tooltip: { enabled: false },
      },
      scales: { x, y },
    },
    plugins: [whiteBackground, errorBars(errors, isLogScale(panel.y.scale))],
  } as ChartConfiguration;
}

/**
 * Legend entries drawn as what they stand for: a line sample for lines (dashed for the
 * reference), a marker for points; unlabelled helper datasets (bands) are left out.
 */
function legend(datasets: ChartDataset[]): object {
  return {
    display: true,
    position: 'top',
    labels: {
      usePointStyle: true,
      boxHeight: 13,
      padding: 20,
      filter: (item: LegendItem) => item.text !== '',
      generateLabels: (chart: Chart) =>
        Chart.defaults.plugins.legend.labels.generateLabels(chart).map((item) => {
          const d = datasets[item.datasetIndex!] as ChartDataset<'scatter'>;
          const line = d.showLine === true;
          // The legend's line sample is short: a finer dash than the plot's still reads as dashed.
          const dashed = line && Array.isArray(d.borderDash) && d.borderDash.length > 0;
          return { ...item, pointStyle: line ? 'line' : Array.isArray(d.pointStyle) ? 'circle' : (d.pointStyle ?? 'circle'), lineWidth: line ? 3 : 1.5, lineDash: dashed ? [4, 3] : [], fillStyle: line ? item.strokeStyle : item.fillStyle };
        }),
    },
  };
}

/** A legend entry explaining the red crosses of failed test cases. */
function failureLegend(failure: string): ChartDataset {
  return { type: 'scatter', label: `failed test case (${failure})`, data: [], pointStyle: 'crossRot', pointRadius: 9, borderColor: FAILED_COLOUR, borderWidth: 3, backgroundColor: FAILED_COLOUR };
}

/** Paints the interpolated surface into the plot area, at half resolution smoothed up. */
function heatLayer(panel: HeatPanel): Plugin {
  const [vmin, vmax] = panel.range;
  return {
    id: 'heatLayer',
    beforeDatasetsDraw(chart) {
      const { left, top, right, bottom } = chart.chartArea;
      const w = Math.max(1, Math.round((right - left) / 2));
      const h = Math.max(1, Math.round((bottom - top) / 2));
      const layer = createCanvas(w, h);
      const lctx = layer.getContext('2d');
      const image = lctx.createImageData(w, h);
      const xs = Array.from({ length: w }, (_, i) => chart.scales.x!.getValueForPixel(left + ((i + 0.5) * (right - left)) / w)!);
      for (let j = 0; j < h; j++) {
        const yv = chart.scales.y!.getValueForPixel(top + ((j + 0.5) * (bottom - top)) / h)!;
        for (let i = 0; i < w; i++) {
          const v = panel.surface(xs[i]!, yv);
          const [r, g, b] = panel.colormap.at(vmax > vmin ? (v - vmin) / (vmax - vmin) : 0.5);
          const k = (j * w + i) * 4;
          image.data[k] = r;
          image.data[k + 1] = g;
          image.data[k + 2] = b;
          image.data[k + 3] = 255;
        }
      }
      lctx.putImageData(image, 0, 0);
      const ctx = chart.ctx;
      ctx.save();
      ctx.imageSmoothingEnabled = true;
      ctx.imageSmoothingQuality = 'high';
      ctx.drawImage(layer, left, top, right - left, bottom - top);
      ctx.restore();
    },
  };
}

const COLOUR_BAR_SPACE = 170;

/** The colour bar right of the plot area: the gradient, its ticks and the metric's label. */
function colourBar(panel: HeatPanel): Plugin {
  const [vmin, vmax] = panel.range;
  return {
    id: 'colourBar',
    afterDraw(chart) {
      const { ctx } = chart;
      const { top, bottom, right } = chart.chartArea;
      const x = right + 36;
      const barWidth = 26;
      const height = bottom - top;
      ctx.save();
      const gradient = ctx.createLinearGradient(0, bottom, 0, top);
      for (let k = 0; k <= 64; k++) gradient.addColorStop(k / 64, cssColor(panel.colormap.at(vmax > vmin ? k / 64 : 0.5)));
      ctx.fillStyle = gradient;
      ctx.fillRect(x, top, barWidth, height);
      ctx.strokeStyle = '#444';
      ctx.lineWidth = 1;
      ctx.strokeRect(x + 0.5, top + 0.5, barWidth, height);
      ctx.fillStyle = '#222';
      ctx.font = `15px ${Chart.defaults.font.family}`;
      ctx.textBaseline = 'middle';
      ctx.textAlign = 'left';
      let widest = 0;
      const ticks = vmax > vmin ? niceTicks(vmin, vmax, 7) : [vmin];
      for (const t of ticks) {
        const py = vmax > vmin ? bottom - ((t - vmin) / (vmax - vmin)) * height : top + height / 2;
        ctx.beginPath();
        ctx.moveTo(x + barWidth, py);
        ctx.lineTo(x + barWidth + 6, py);
        ctx.stroke();
        const label = formatNumber(t);
        widest = Math.max(widest, ctx.measureText(label).width);
        ctx.fillText(label, x + barWidth + 10, py);
      }
      ctx.translate(Math.min(x + barWidth + 22 + widest, chart.width - 14), top + height / 2);
      ctx.rotate(Math.PI / 2);
      ctx.textAlign = 'center';
      ctx.textBaseline = 'bottom';
      ctx.font = `18px ${Chart.defaults.font.family}`;
      ctx.fillText(panel.colourLabel, 0, 0);
      ctx.restore();
    },
  };
}

function heatConfig(panel: HeatPanel): ChartConfiguration {
  const measured = panel.points.filter((p) => !p.failure);
  const failed = panel.points.filter((p) => p.failure);
  const datasets: ChartDataset[] = [
    { type: 'scatter', label: 'measured test case', data: measured.map(({ x, y }) => ({ x, y })), pointStyle: 'circle', pointRadius: 5.5, backgroundColor: 'rgba(255, 255, 255, 0.9)', borderColor: '#111', borderWidth: 1.5, clip: false },
  ];
  if (failed.length > 0) {
    datasets.push({ ...failureLegend(failed[0]!.failure!), data: failed.map(({ x, y }) => ({ x, y })), clip: false });
  }
  return {
    type: 'scatter',
    data: { datasets },
    options: {
      responsive: false,
      animation: false,
      devicePixelRatio: 1,
      layout: { padding: { left: 12, right: COLOUR_BAR_SPACE, top: 4, bottom: 12 } },
      plugins: {
        ...titles(panel),
        legend: legend(datasets),
        tooltip: { enabled: false },
      },
      scales: { x: axisOptions(panel.x, false), y: axisOptions(panel.y, false) },
    },
    plugins: [whiteBackground, heatLayer(panel), colourBar(panel)],
  } as ChartConfiguration;
}
