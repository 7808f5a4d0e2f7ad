/**
 * The script of the HTML report, run by the browser: it draws a chart per metric from
 * the embedded data, with a chosen parameter on the X axis, one other as the series and
 * the remaining ones sliced at chosen values, so any number of parameters can be
 * explored. Plain ES2017 in a string: it is embedded as it is, never bundled.
 */
export const REPORT_CLIENT_JS = String.raw`
(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('report-data').textContent);
  var COLOURS = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22', '#17becf'];
  var FAILED = '#d40000';
  var charts = [];

  /** A parameter value as text: select values, category names and equality keys. */
  function key(v) { return typeof v === 'string' ? v : JSON.stringify(v); }
  function isNumeric(v) { return typeof v === 'number' || (typeof v === 'string' && v.trim() !== '' && isFinite(Number(v))); }
  function fmt(v) {
    if (typeof v !== 'number' || !isFinite(v)) return String(v);
    var a = Math.abs(v);
    if (a !== 0 && (a >= 1e6 || a < 1e-3)) return v.toExponential(2);
    return String(Number(v.toPrecision(4)));
  }
  function distinct(cases, name) {
    var seen = {}, out = [];
    cases.forEach(function (c) { var k = key(c.p[name]); if (!(k in seen)) { seen[k] = true; out.push(c.p[name]); } });
    var numeric = out.every(isNumeric);
    out.sort(function (a, b) { return numeric ? Number(a) - Number(b) : key(a).localeCompare(key(b)); });
    return out;
  }

  var names = data.parameters.map(function (p) { return p.name; });
  var values = {};
  names.forEach(function (n) { values[n] = distinct(data.cases, n); });
  var varying = names.filter(function (n) { return values[n].length > 1; });
  if (varying.length === 0 && names.length > 0) varying = [names[0]];
  var paramByName = {};
  data.parameters.forEach(function (p) { paramByName[p.name] = p; });

  var series = varying.length > 1 && values[varying[1]].length <= 12 ? varying[1] : '';
  var firstSummarizer = data.metrics.length && data.metrics[0].summarizers.length ? data.metrics[0].summarizers[0] : '';
  var state = {
    x: varying[0],
    series: series,
    slices: {},
    // One line per series value reads better with one summarizer than with all of them.
    summarizer: series ? firstSummarizer : '',
    logX: data.xscale !== 'linear',
    logY: data.yscale !== 'linear'
  };
  varying.forEach(function (n) { state.slices[n] = key(values[n][0]); });

  function option(value, text, selected) {
    var o = document.createElement('option');
    o.value = value; o.textContent = text; o.selected = selected;
    return o;
  }

  function buildControls() {
    var xSel = document.getElementById('ctl-x');
    var sSel = document.getElementById('ctl-series');
    var sumSel = document.getElementById('ctl-summarizer');
    xSel.innerHTML = ''; sSel.innerHTML = ''; sumSel.innerHTML = '';
    varying.forEach(function (n) { xSel.appendChild(option(n, paramByName[n].label, n === state.x)); });
    sSel.appendChild(option('', 'none', state.series === ''));
    varying.forEach(function (n) { if (n !== state.x) sSel.appendChild(option(n, paramByName[n].title, n === state.series)); });
    var summs = [];
    data.metrics.forEach(function (m) { m.summarizers.forEach(function (s) { if (summs.indexOf(s) < 0) summs.push(s); }); });
    sumSel.appendChild(option('', 'all', state.summarizer === ''));
    summs.forEach(function (s) { sumSel.appendChild(option(s, s, s === state.summarizer)); });
    var slices = document.getElementById('ctl-slices');
    slices.innerHTML = '';
    varying.forEach(function (n) {
      if (n === state.x || n === state.series) return;
      var wrap = document.createElement('label');
      wrap.textContent = paramByName[n].title + ' = ';
      var sel = document.createElement('select');
      sel.dataset.slice = n;
      values[n].forEach(function (v) { sel.appendChild(option(key(v), key(v), key(v) === state.slices[n])); });
      sel.addEventListener('change', function () { state.slices[n] = sel.value; draw(); });
      wrap.appendChild(sel);
      slices.appendChild(wrap);
    });
    document.getElementById('ctl-logx').checked = state.logX;
    document.getElementById('ctl-logy').checked = state.logY;
  }

  function inSlice(c) {
    return varying.every(function (n) {
      if (n === state.x || n === state.series || !(n in c.p)) return true;
      return key(c.p[n]) === state.slices[n];
    });
  }

  function errorBars(errors) {
    return {
      id: 'errorBars',
      afterDatasetsDraw: function (chart) {
        var ctx = chart.ctx, y = chart.scales.y, area = chart.chartArea;
        ctx.save();
        ctx.beginPath(); ctx.rect(area.left, area.top, area.right - area.left, area.bottom - area.top); ctx.clip();
        Object.keys(errors).forEach(function (i) {
          var meta = chart.getDatasetMeta(Number(i));
          if (meta.hidden) return;
          ctx.strokeStyle = chart.data.datasets[i].borderColor; ctx.lineWidth = 1.5;
          meta.data.forEach(function (el, j) {
            var pt = chart.data.datasets[i].data[j], err = errors[i][j];
            if (!(err > 0)) return;
            var top = y.getPixelForValue(pt.y + err), bottom = y.getPixelForValue(pt.y - err);
            ctx.beginPath();
            ctx.moveTo(el.x, top); ctx.lineTo(el.x, bottom);
            ctx.moveTo(el.x - 4, top); ctx.lineTo(el.x + 4, top);
            ctx.moveTo(el.x - 4, bottom); ctx.lineTo(el.x + 4, bottom);
            ctx.stroke();
          });
        });
        ctx.restore();
      }
    };
  }

  function xOf(c, categories) {
    var v = c.p[state.x];
    if (categories) return categories.indexOf(key(v));
    return Number(v);
  }

  /** One dataset per series value and summarizer; the reference's are dashed in the same colours. */
  function seriesFor(metric, cases, categories, dashed, suffix) {
    var groupKeys = state.series ? values[state.series].map(key) : [''];
    var summs = metric.summarizers.filter(function (s) { return !state.summarizer || s === state.summarizer; });
    var datasets = [], errors = {};
    groupKeys.forEach(function (g, gi) {
      var members = cases.filter(function (c) { return !state.series || key(c.p[state.series]) === g; });
      if (members.length === 0) return;
      summs.forEach(function (s, si) {
        var pts = [];
        members.forEach(function (c) {
          var v = c.v[metric.name] && c.v[metric.name][s];
          if (!v) return;
          var x = xOf(c, categories);
          if (!isFinite(x) || (categories && x < 0)) return;
          if (state.logX && !categories && x <= 0) return;
          if (state.logY && v[0] <= 0) return;
          pts.push({ x: x, y: v[0], err: v[1], failure: c.failure, flags: c.flags });
        });
        if (pts.length === 0) return;
        pts.sort(function (a, b) { return a.x - b.x; });
        var colour = COLOURS[(gi * summs.length + si) % COLOURS.length];
        var name = (state.series ? paramByName[state.series].title + ' = ' + g + ' · ' : '') + s + suffix;
        if (pts.some(function (p) { return p.err > 0; })) errors[datasets.length] = pts.map(function (p) { return p.err; });
        datasets.push({
          label: name,
          data: pts,
          showLine: true,
          borderColor: colour,
          backgroundColor: colour,
          borderWidth: 2,
          borderDash: dashed ? [8, 5] : [],
          pointStyle: pts.map(function (p) { return p.failure ? 'crossRot' : 'circle'; }),
          pointRadius: pts.map(function (p) { return p.failure ? 8 : dashed ? 2 : 3.5; }),
          pointBorderWidth: pts.map(function (p) { return p.failure ? 3 : 1; }),
          pointBorderColor: pts.map(function (p) { return p.failure ? FAILED : colour; })
        });
      });
    });
    return { datasets: datasets, errors: errors };
  }

  /** Lines appear as line samples (dashed for the reference), points as markers. */
  function legendLabels(chart) {
    return Chart.defaults.plugins.legend.labels.generateLabels(chart).map(function (item) {
      var d = chart.data.datasets[item.datasetIndex];
      if (d.showLine) { item.pointStyle = 'line'; item.lineWidth = 3; item.lineDash = d.borderDash && d.borderDash.length ? [3, 2] : []; }
      else if (Array.isArray(d.pointStyle)) item.pointStyle = 'circle';
      return item;
    });
  }

  function draw() {
    charts.forEach(function (c) { c.destroy(); });
    charts = [];
    var xNumeric = values[state.x].every(isNumeric);
    var categories = xNumeric ? null : values[state.x].map(key);
    var cases = data.cases.filter(function (c) { return inSlice(c); });
    var refCases = data.reference ? data.reference.cases.filter(function (c) { return inSlice(c); }) : [];
    document.getElementById('slice-count').textContent = cases.length + ' of ' + data.cases.length + ' test cases shown';
    data.metrics.forEach(function (metric, mi) {
      var main = seriesFor(metric, cases, categories, false, '');
      var datasets = main.datasets, errors = main.errors;
      if (data.reference) {
        var ref = seriesFor(metric, refCases, categories, true, ' (' + data.reference.name + ')');
        ref.datasets.forEach(function (d) { datasets.push(d); });
      }
      if (datasets.some(function (d) { return d.data.some(function (p) { return p.failure; }); })) {
        datasets.push({ label: 'failed test case', data: [], pointStyle: 'crossRot', pointRadius: 8, borderColor: FAILED, backgroundColor: FAILED, borderWidth: 3, showLine: false });
      }
      // Room on both sides of a numeric X axis, so the end points and their error bars sit inside the frame.
      var xs = [];
      datasets.forEach(function (d) { d.data.forEach(function (p) { xs.push(p.x); }); });
      var xMin, xMax;
      if (!categories && xs.length) {
        var lo = Math.min.apply(null, xs), hi = Math.max.apply(null, xs);
        if (state.logX) { var f = lo < hi ? Math.pow(hi / lo, 0.03) : 1.5; xMin = lo / f; xMax = hi * f; }
        else { var pad = lo < hi ? (hi - lo) * 0.03 : Math.abs(lo) * 0.1 || 1; xMin = lo >= 0 ? Math.max(0, lo - pad) : lo - pad; xMax = hi + pad; }
      }
      var canvas = document.getElementById('chart-' + mi);
      var xParam = paramByName[state.x];
      var chart = new Chart(canvas, {
        type: 'scatter',
        data: { datasets: datasets },
        options: {
          animation: false,
          responsive: true,
          maintainAspectRatio: false,
          plugins: {
            title: { display: true, text: metric.title, font: { size: 16, weight: 'bold' } },
            legend: { position: 'top', labels: { usePointStyle: true, boxHeight: 9, generateLabels: legendLabels } },
            tooltip: {
              callbacks: {
                label: function (ctx) {
                  var p = ctx.raw;
                  var text = ctx.dataset.label + ': ' + fmt(p.y) + (p.err > 0 ? ' ± ' + fmt(p.err) : '') + (metric.units ? ' ' + metric.units : '');
                  return p.failure ? [text, 'status: ' + p.failure] : text;
                },
                title: function (items) {
                  if (!items.length) return '';
                  var x = items[0].raw.x;
                  return xParam.title + ' = ' + (categories ? categories[x] : fmt(x));
                }
              }
            }
          },
          scales: {
            x: {
              type: categories ? 'linear' : state.logX ? 'logarithmic' : 'linear',
              title: { display: true, text: xParam.label },
              min: categories ? -0.5 : xMin,
              max: categories ? categories.length - 0.5 : xMax,
              afterBuildTicks: categories ? function (scale) { scale.ticks = categories.map(function (_, i) { return { value: i }; }); } : undefined,
              ticks: { includeBounds: false, callback: categories ? function (v) { return categories[v]; } : function (v) { return fmt(v); } }
            },
            y: {
              type: state.logY ? 'logarithmic' : 'linear',
              title: { display: true, text: metric.label },
              ticks: { callback: function (v) { return fmt(v); } }
            }
          }
        },
        plugins: [errorBars(errors)]
      });
      charts.push(chart);
    });
    window.__reportCharts = charts;
    document.body.dataset.ready = 'true';
  }

  document.getElementById('ctl-x').addEventListener('change', function (e) {
    state.x = e.target.value;
    if (state.series === state.x) state.series = '';
    buildControls(); draw();
  });
  document.getElementById('ctl-series').addEventListener('change', function (e) { state.series = e.target.value; buildControls(); draw(); });
  document.getElementById('ctl-summarizer').addEventListener('change', function (e) { state.summarizer = e.target.value; draw(); });
  document.getElementById('ctl-logx').addEventListener('change', function (e) { state.logX = e.target.checked; draw(); });
  document.getElementById('ctl-logy').addEventListener('change', function (e) { state.logY = e.target.checked; draw(); });

  if (varying.length === 0) {
    document.body.dataset.ready = 'true';
    return;
  }
  buildControls();
  draw();
})();
`;
