import { formatValue } from '../core/Macros.js';
import type { ReportModel } from './reportModel.js';
import { REPORT_CLIENT_JS } from './reportClient.js';
import { formatNumber } from './scales.js';

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** Text inside a <script> element must not close it early. */
function scriptText(text: string): string {
  return text.replace(/<\/(script)/gi, '<\\/$1').replace(/<!--/g, '<\\!--');
}

/** JSON inside a <script type="application/json"> element: `<` escaped so no markup can end it. */
function jsonScript(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

/** A number rounded for reading, with the exact value in a tooltip; other values as text. */
function cell(value: unknown): string {
  if (typeof value === 'number' && Number.isFinite(value)) return `<td class="num" title="${escapeHtml(formatValue(value))}">${escapeHtml(formatNumber(value))}</td>`;
  if (value === undefined || value === null) return '<td class="empty"></td>';
  return `<td>${escapeHtml(formatValue(value))}</td>`;
}

function table(headers: string[], rows: string[], className = ''): string {
  return `<table${className ? ` class="${className}"` : ''}><thead><tr>${headers.map((h) => `<th>${escapeHtml(h)}</th>`).join('')}</tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

/** Where a reference came from, without query strings or credentials that may hold tokens. */
function safeLocation(location: string): string {
  try {
    const url = new URL(location);
    return `${url.protocol}//${url.host}${url.pathname}`;
  } catch {
    return location;
  }
}

function localTime(d: Date): string {
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

function duration(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  return m < 60 ? `${m} min ${s % 60} s` : `${Math.floor(m / 60)} h ${m % 60} min`;
}

const STYLE = `
:root { --fg: #1d2330; --muted: #5b6476; --line: #dfe3ea; --bg: #f5f7fa; --card: #fff; --accent: #1f77b4; --bad: #d40000; --bad-bg: #fde8e8; --hi: #fff1d6; --lo: #e3efff; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.45 "DejaVu Sans", "Segoe UI", Helvetica, Arial, sans-serif; color: var(--fg); background: var(--bg); }
header { background: #1d2330; color: #fff; padding: 22px 32px; }
header h1 { margin: 0 0 6px; font-size: 26px; }
header p { margin: 0; color: #c9d1e0; }
header .bad { color: #ff9c9c; font-weight: bold; }
main { max-width: 1280px; margin: 0 auto; padding: 20px 32px 40px; }
section { background: var(--card); border: 1px solid var(--line); border-radius: 8px; padding: 18px 22px; margin: 18px 0; }
h2 { margin: 0 0 12px; font-size: 19px; }
.grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(340px, 1fr)); gap: 18px; }
.grid > div > h3 { margin: 0 0 8px; font-size: 15px; color: var(--muted); text-transform: uppercase; letter-spacing: .04em; }
table { border-collapse: collapse; width: 100%; font-size: 14px; }
th, td { border-bottom: 1px solid var(--line); padding: 5px 10px; text-align: left; vertical-align: top; }
th { background: #eef1f6; font-weight: 600; white-space: nowrap; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
td.empty::after { content: '–'; color: #b0b6c2; }
.scroll { overflow-x: auto; }
tr.failed td { background: var(--bad-bg); }
td.flag-bad { color: var(--bad); font-weight: bold; }
td.ratio-high { background: var(--hi); }
td.ratio-low { background: var(--lo); }
.controls { display: flex; flex-wrap: wrap; gap: 10px 22px; align-items: center; padding: 10px 14px; background: #eef1f6; border-radius: 6px; margin-bottom: 14px; }
.controls label { white-space: nowrap; }
.controls select { font: inherit; padding: 2px 6px; margin-left: 4px; }
#ctl-slices { display: contents; }
#slice-count { color: var(--muted); margin-left: auto; }
.charts { display: grid; grid-template-columns: repeat(auto-fit, minmax(560px, 1fr)); gap: 18px; }
.chart { position: relative; height: 430px; border: 1px solid var(--line); border-radius: 6px; padding: 8px; }
.note { color: var(--muted); margin: 8px 0 0; }
.warn { color: var(--bad); }
footer { text-align: center; color: var(--muted); font-size: 13px; padding-bottom: 24px; }
`;

function overview(model: ReportModel): string {
  const meta = Object.entries(model.meta);
  const indicators = Object.entries(model.indicators);
  const parameters = table(
    ['name', 'units', 'values', 'description'],
    model.parameters.map((p) => `<tr><td><b>${escapeHtml(p.title)}</b>${p.title !== p.name ? ` <code>${escapeHtml(p.name)}</code>` : ''}</td><td>${escapeHtml(p.units)}</td>${cell(p.values)}<td>${escapeHtml(p.desc)}</td></tr>`),
  );
  const metrics = table(
    ['name', 'units', 'summarizers', 'description'],
    model.metrics.map((m) => `<tr><td><b>${escapeHtml(m.title)}</b>${m.title !== m.name ? ` <code>${escapeHtml(m.name)}</code>` : ''}</td><td>${escapeHtml(m.units)}</td><td>${escapeHtml(m.summarizers.join(', '))}</td><td>${escapeHtml(m.desc)}</td></tr>`),
  );
  return `<section id="overview"><div class="grid">
<div><h3>Parameters</h3>${parameters}</div>
<div><h3>Metrics</h3>${metrics}</div>
${meta.length ? `<div><h3>Meta</h3>${table(['key', 'value'], meta.map(([k, v]) => `<tr><td>${escapeHtml(k)}</td>${cell(v)}</tr>`))}</div>` : ''}
${indicators.length ? `<div id="indicators"><h3>Indicators</h3>${table(['indicator', 'value'], indicators.map(([k, v]) => `<tr><td>${escapeHtml(k)}</td>${cell(v)}</tr>`))}</div>` : ''}
</div></section>`;
}

function charts(model: ReportModel): string {
  if (model.parameters.length === 0) return '<section id="charts"><h2>Charts</h2><p class="note">The configuration has no parameters to chart against.</p></section>';
  return `<section id="charts"><h2>Charts</h2>
<div class="controls">
<label>X axis <select id="ctl-x"></select></label>
<label>Series <select id="ctl-series"></select></label>
<span id="ctl-slices"></span>
<label>Summarizer <select id="ctl-summarizer"></select></label>
<label><input type="checkbox" id="ctl-logx"> log X</label>
<label><input type="checkbox" id="ctl-logy"> log Y</label>
<span id="slice-count"></span>
</div>
<div class="charts">${model.metrics.map((m, i) => `<div class="chart"><canvas id="chart-${i}" aria-label="${escapeHtml(m.title)}"></canvas></div>`).join('')}</div>
<p class="note">The parameters not on the X axis or the series are held at the values chosen above. Red crosses mark failed or timed-out test cases; error bars show the errors of summarizers that have them (mean_err).</p>
</section>`;
}

function summary(model: ReportModel): string {
  const t = model.table;
  const np = t.parameterColumns.length;
  const nv = t.valueColumns.length;
  const rows = t.rows.map((r, i) => {
    const cells = r.map((v, j) => (j >= np + nv && model.failures[i] !== null && t.flagColumns[j - np - nv] === 'status' ? `<td class="flag-bad">${escapeHtml(formatValue(v))}</td>` : cell(v)));
    return `<tr${model.failures[i] !== null ? ' class="failed"' : ''}>${cells.join('')}</tr>`;
  });
  const failed = model.failures.filter((f) => f !== null).length;
  return `<section id="summary"><h2>Summary</h2><div class="scroll">${table([...t.parameterColumns, ...t.valueColumns, ...t.flagColumns], rows, 'summary')}</div>
<p class="note">${t.rows.length} test case(s)${failed ? `, <span class="warn">${failed} failed or timed out (highlighted)</span>` : ''}.</p></section>`;
}

function reference(model: ReportModel): string {
  const ref = model.reference;
  if (!ref) return '';
  const head = `<h2>Comparison with ${escapeHtml(ref.name)}</h2><p class="note">Reference: ${escapeHtml(safeLocation(ref.location))}</p>`;
  if (!ref.loaded) return `<section id="reference">${head}<p class="warn">The reference could not be loaded (see the log); no comparison.</p></section>`;
  const params = model.table.parameterColumns;
  const columns = [...new Set(ref.rows.flatMap((r) => r.cells.map((c) => c.column)))];
  const rows = ref.rows.map((r) => {
    const byColumn = new Map(r.cells.map((c) => [c.column, c]));
    const tds = columns.flatMap((col) => {
      const c = byColumn.get(col);
      const ratio = c?.ratio ?? null;
      const cls = ratio === null ? '' : ratio > 1.1 ? 'ratio-high' : ratio < 0.9 ? 'ratio-low' : '';
      return [cell(c?.value), cell(c?.reference), ratio === null ? cell(null) : `<td class="num ${cls}">${escapeHtml(formatNumber(ratio))}</td>`];
    });
    return `<tr>${params.map((p) => cell(r.parameters[p])).join('')}${tds.join('')}</tr>`;
  });
  const headers = [...params, ...columns.flatMap((c) => [c, `${c} · ${ref.name}`, `${c} · ratio`])];
  return `<section id="reference">${head}<div class="scroll">${table(headers, rows, 'comparison')}</div>
<p class="note">ratio = value / reference; ratios more than 10% above 1 are shaded orange, more than 10% below blue.</p></section>`;
}

/** The whole report: one HTML file with its styles, chart.js and data inline, so it opens offline. */
export function reportHtml(model: ReportModel, chartJs: string): string {
  const failed = model.failures.filter((f) => f !== null).length;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(model.title)}</title>
<style>${STYLE}</style>
</head>
<body>
<header>
<h1>${escapeHtml(model.title)}</h1>
<p>Started ${escapeHtml(localTime(model.started))} · completed ${escapeHtml(localTime(model.completed))} · ${escapeHtml(duration(model.completed.getTime() - model.started.getTime()))} · ${model.table.rows.length} test case(s)${failed ? ` · <span class="bad">${failed} failed</span>` : ''}</p>
</header>
<main>
${overview(model)}
${charts(model)}
${summary(model)}
${reference(model)}
</main>
<footer>Generated by dcos-perf-test-driver</footer>
<script type="application/json" id="report-data">${jsonScript(model.chart)}</script>
<script>${scriptText(chartJs)}</script>
<script>${scriptText(REPORT_CLIENT_JS)}</script>
</body>
</html>
`;
}
