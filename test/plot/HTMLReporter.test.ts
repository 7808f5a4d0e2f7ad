import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { BrowserContext, Page } from 'playwright-core';
import { runConfig, type InProcessResult } from '../helpers/driver.js';
import { launchChromium, sweep } from './helpers.js';

/** Three parameters, two samples per test case; apps=2 with size=10 fails (the command exits 1). */
const threeParameters = (reporters: string, cmdline = 'echo $(( {{apps}} * {{instances}} + {{size}} )); echo $(( {{apps}} * {{instances}} + {{apps}} )); test {{apps}} -ne 2 -o {{size}} -ne 10') =>
  sweep({
    parameters: '[{name: apps, units: apps, desc: Apps deployed at once}, {name: instances, units: instances}, {name: size, title: Image size, units: MB}]',
    matrix: '{apps: {type: discrete, values: [1, 2, 4]}, instances: {type: discrete, values: [1, 5]}, size: {type: discrete, values: [10, 20]}}',
    cmdline,
    reporters,
    extra: `  indicators:\n    - name: meanPerApp\n      class: indicator.NormalizedMeanMetricIndicator\n      metric: deployTime.mean_err\n      normalizeto: apps\nmeta: {version: "1.2.3", cluster: "<ci>"}`,
  });

describe('reporter.HTMLReporter', () => {
  let report: InProcessResult;
  let html = '';

  beforeAll(async () => {
    const reference = await runConfig(threeParameters('  - class: reporter.RawReporter', 'echo $(( {{apps}} * {{instances}} + 4 ))'));
    report = await runConfig(
      threeParameters(`  - class: reporter.HTMLReporter
    reference:
      data: ${join(reference.dir, 'results', 'results-raw.json')}
      name: "v{{refmeta:version}}"
  - class: reporter.PlotReporter
  - class: reporter.CSVReporter`),
    );
    html = report.read('report.html');
  });

  it('writes one self-contained file: nothing loads from the network', () => {
    expect(report.exists('report.html')).toBe(true);
    expect(html).not.toMatch(/<script[^>]+src=|<link[^>]+href=|<img[^>]+src=|@import|url\(\s*['"]?https?:/i);
    // chart.js itself is inline.
    expect(html).toContain('Chart.js v4');
  });

  it('shows title, meta, parameters and metrics with units, and indicators', () => {
    expect(html).toContain('<h1>Deployment scale</h1>');
    expect(html).toMatch(/Started \d{4}-\d\d-\d\d \d\d:\d\d:\d\d · completed/);
    expect(html).toContain('<td>1.2.3</td>');
    expect(html).toContain('&lt;ci&gt;');
    expect(html).toContain('<b>Image size</b> <code>size</code></td><td>MB</td>');
    expect(html).toContain('Apps deployed at once');
    expect(html).toContain('<b>Deployment time</b> <code>deployTime</code></td><td>s</td><td>mean_err, min, max</td>');
    expect(html).toMatch(/<td>meanPerApp<\/td><td class="num"/);
  });

  it('has the summary table with failed test cases highlighted', () => {
    const summary = html.slice(html.indexOf('<section id="summary">'), html.indexOf('</section>', html.indexOf('<section id="summary">')));
    expect(summary).toContain('<th>deployTime (mean_err - error)</th>');
    expect(summary.match(/<tr class="failed">/g)).toHaveLength(2);
    expect(summary).toContain('<td class="flag-bad">FAILED</td>');
    expect(summary).toContain('2 failed or timed out (highlighted)');
  });

  it('compares with the reference, named from its metadata', () => {
    expect(html).toContain('<h2>Comparison with v1.2.3</h2>');
    expect(html).toContain('<th>deployTime (min) · ratio</th>');
    expect(html).toMatch(/class="num ratio-(high|low)"/);
  });

  it('still reports when the PlotReporter cannot draw three parameters', () => {
    expect(report.code).toBe(1);
    expect(report.logs.join('\n')).toMatch(/reporter.PlotReporter cannot draw 3 varying parameters/);
    expect(report.exists('results.csv')).toBe(true);
  });

  describe('in headless Chromium', () => {
    let browser: BrowserContext;
    let page: Page;
    const problems: string[] = [];

    beforeAll(async () => {
      browser = await launchChromium();
      page = await browser.newPage();
      // Errors only: the test's own pixel readbacks make Chromium warn about getImageData.
      page.on('console', (m) => {
        if (m.type() === 'error') problems.push(`console error: ${m.text()}`);
      });
      page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
      page.on('request', (r) => {
        if (!r.url().startsWith('file:') && !r.url().startsWith('data:')) problems.push(`request: ${r.url()}`);
      });
      await page.setViewportSize({ width: 1400, height: 1000 });
      await page.goto(pathToFileURL(join(report.dir, 'results', 'report.html')).href);
      await page.waitForSelector('body[data-ready="true"]', { timeout: 20_000 });
    }, 900_000);

    afterAll(async () => {
      await browser?.close();
    });

    /** Per chart: its datasets' labels and point counts, and how much of its canvas is drawn. */
    const chartState = () =>
      page.evaluate(() => {
        const charts = (window as unknown as { __reportCharts: Array<{ canvas: HTMLCanvasElement; data: { datasets: Array<{ label: string; data: unknown[] }> } }> }).__reportCharts;
        return charts.map((c) => {
          const ctx = c.canvas.getContext('2d')!;
          const { data } = ctx.getImageData(0, 0, c.canvas.width, c.canvas.height);
          let inked = 0;
          for (let i = 3; i < data.length; i += 4) if (data[i]! > 0) inked++;
          return { datasets: c.data.datasets.map((d) => [d.label, d.data.length] as const), inked: inked / (data.length / 4), width: c.canvas.width };
        });
      });

    it('renders a chart per metric without console errors or network requests', async () => {
      const state = await chartState();
      expect(state).toHaveLength(1);
      expect(state[0]!.width).toBeGreaterThan(300);
      expect(state[0]!.inked).toBeGreaterThan(0.02);
      // X = apps, series = instances (1, 5) for the first summarizer, size sliced at 10; the reference's; the failure legend.
      expect(state[0]!.datasets.map(([l]) => l)).toEqual([
        'instances = 1 · mean_err',
        'instances = 5 · mean_err',
        'instances = 1 · mean_err (v1.2.3)',
        'instances = 5 · mean_err (v1.2.3)',
        'failed test case',
      ]);
      expect(state[0]!.datasets[0]![1]).toBe(3);
      expect(await page.textContent('#slice-count')).toBe('6 of 12 test cases shown');
      expect(problems).toEqual([]);
    });

    it('switches the X axis and slices the other parameters', async () => {
      await page.selectOption('#ctl-x', 'size');
      await page.selectOption('#ctl-series', '');
      await page.selectOption('#ctl-summarizer', '');
      const slices = await page.$$eval('#ctl-slices select', (els) => els.map((e) => (e as HTMLSelectElement).dataset.slice));
      expect(slices).toEqual(['apps', 'instances']);
      await page.selectOption('select[data-slice="apps"]', '4');
      await page.selectOption('select[data-slice="instances"]', '5');
      const state = await chartState();
      const mean = state[0]!.datasets.find(([l]) => l === 'mean_err');
      expect(mean![1]).toBe(2);
      expect(await page.textContent('#slice-count')).toBe('2 of 12 test cases shown');
      await page.check('#ctl-logy');
      await page.selectOption('#ctl-summarizer', 'max');
      const logState = await chartState();
      expect(logState[0]!.datasets.map(([l]) => l)).toEqual(['max', 'max (v1.2.3)']);
      expect(logState[0]!.inked).toBeGreaterThan(0.02);
      expect(problems).toEqual([]);
    });
  });
});
