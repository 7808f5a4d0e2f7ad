import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runConfig } from '../helpers/driver.js';
import { pngFacts, sweep } from './helpers.js';

const GRID = '{apps: {type: discrete, values: [1, 2, 4, 8]}, instances: {type: discrete, values: [1, 5, 10]}}';
const TWO_PARAMS = '[{name: apps, units: apps}, {name: instances, units: instances}]';

/** A pixel of the plot area, away from markers and labels. */
async function pixel(path: string, x: number, y: number): Promise<[number, number, number]> {
  const { loadImage, createCanvas } = await import('@napi-rs/canvas');
  const image = await loadImage(readFileSync(path));
  const ctx = createCanvas(image.width, image.height).getContext('2d');
  ctx.drawImage(image, 0, 0);
  const d = ctx.getImageData(x, y, 1, 1).data;
  return [d[0]!, d[1]!, d[2]!];
}

describe('reporter.PlotReporter', () => {
  it('draws one parameter as a line per summarizer, 1200×800 with readable text', async () => {
    const r = await runConfig(sweep({ reporters: '  - class: reporter.PlotReporter' }));
    expect(r.code).toBe(0);
    expect(readdirSync(join(r.dir, 'results'))).toEqual(['plot-deployTime.png']);
    const f = await pngFacts(join(r.dir, 'results', 'plot-deployTime.png'));
    expect([f.width, f.height]).toEqual([1200, 800]);
    expect(f.inked).toBeGreaterThan(0.02);
    expect(f.colours).toBeGreaterThan(20);
    // The title is dark text in the top rows: fonts rendered.
    expect(f.titleInk).toBeGreaterThan(100);
  });

  it('writes to the configured prefix and suffix, creating the directory', async () => {
    const base = mkdtempSync(join(tmpdir(), 'pdt-plot-'));
    const r = await runConfig(sweep({ reporters: `  - class: reporter.PlotReporter\n    prefix: ${base}/plots/run-\n    suffix: -v1` }));
    expect(r.code).toBe(0);
    expect(existsSync(join(base, 'plots', 'run-deployTime-v1.png'))).toBe(true);
  });

  it('draws two parameters as one heat map per summarizer with the colour map', async () => {
    const r = await runConfig(sweep({ parameters: TWO_PARAMS, matrix: GRID, reporters: '  - class: reporter.PlotReporter\n    colormap: winter' }));
    expect(r.code).toBe(0);
    expect(readdirSync(join(r.dir, 'results')).sort()).toEqual(['plot-deployTime-max.png', 'plot-deployTime-mean_err.png', 'plot-deployTime-min.png']);
    const path = join(r.dir, 'results', 'plot-deployTime-mean_err.png');
    const f = await pngFacts(path);
    expect([f.width, f.height]).toEqual([1200, 900]);
    expect(f.inked).toBeGreaterThan(0.4);
    expect(f.colours).toBeGreaterThan(100);
    // winter has no red: blue (low) to green (high).
    const [red, green, blue] = await pixel(path, 400, 450);
    expect(red).toBeLessThan(10);
    expect(green + blue).toBeGreaterThan(200);

    // autumn has no blue: red (low) to yellow (high).
    const v = await runConfig(sweep({ parameters: TWO_PARAMS, matrix: GRID, reporters: '  - class: reporter.PlotReporter\n    colormap: autumn' }));
    const [r2, , b2] = await pixel(join(v.dir, 'results', 'plot-deployTime-mean_err.png'), 400, 450);
    expect(r2).toBeGreaterThan(240);
    expect(b2).toBeLessThan(10);
  });

  it('draws logarithmic axes, leaving out (and reporting) what a log axis cannot show', async () => {
    const one = await runConfig(sweep({ matrix: '{apps: {type: discrete, values: [0, 1, 2, 4, 8, 16, 32]}}', reporters: '  - class: reporter.PlotReporter\n    xscale: log2\n    yscale: log' }));
    expect(one.code).toBe(0);
    expect(one.logs.join('\n')).toMatch(/1 test case\(s\) have parameter values a log axis cannot show/);
    const f1 = await pngFacts(join(one.dir, 'results', 'plot-deployTime.png'));
    expect([f1.width, f1.height]).toEqual([1200, 800]);
    expect(f1.inked).toBeGreaterThan(0.02);

    const two = await runConfig(sweep({ parameters: TWO_PARAMS, matrix: GRID, reporters: '  - class: reporter.PlotReporter\n    xscale: log10\n    yscale: log2\n    colormap: viridis' }));
    expect(two.code).toBe(0);
    const f2 = await pngFacts(join(two.dir, 'results', 'plot-deployTime-min.png'));
    expect(f2.colours).toBeGreaterThan(100);
  });

  it('places parameters with text values as categories', async () => {
    const r = await runConfig(
      sweep({
        parameters: '[{name: apps, units: apps}, {name: instances, units: instances}, {name: image}]',
        matrix: '{apps: {type: discrete, values: [1, 2, 4]}, image: {type: discrete, values: [alpine, debian, ubuntu]}}',
        cmdline: 'echo $(( {{apps}} * 2 + $(echo -n {{image}} | wc -c) ))',
        reporters: '  - class: reporter.PlotReporter\n    colormap: magma',
      }),
    );
    expect(r.code).toBe(0);
    const f = await pngFacts(join(r.dir, 'results', 'plot-deployTime-min.png'));
    expect([f.width, f.height]).toEqual([1200, 900]);
    expect(f.colours).toBeGreaterThan(100);
  });

  it('plots every sample in raw mode, coloured by the second parameter', async () => {
    const one = await runConfig(sweep({ reporters: '  - class: reporter.PlotReporter\n    raw: yes' }));
    expect(one.code).toBe(0);
    const f1 = await pngFacts(join(one.dir, 'results', 'plot-deployTime.png'));
    expect([f1.width, f1.height]).toEqual([1200, 800]);
    expect(f1.inked).toBeGreaterThan(0.01);

    const two = await runConfig(sweep({ parameters: TWO_PARAMS, matrix: GRID, reporters: '  - class: reporter.PlotReporter\n    raw: yes\n    colormap: plasma' }));
    expect(two.code).toBe(0);
    expect(readdirSync(join(two.dir, 'results'))).toEqual(['plot-deployTime.png']);
    expect((await pngFacts(join(two.dir, 'results', 'plot-deployTime.png'))).colours).toBeGreaterThan(20);
  });

  it('fails with an error naming the reporter for three parameters, while the other reporters still write', async () => {
    const r = await runConfig(
      sweep({
        parameters: '[{name: apps}, {name: instances}, {name: size}]',
        matrix: '{apps: {type: discrete, values: [1, 2]}, instances: {type: discrete, values: [1, 2]}, size: {type: discrete, values: [1, 2]}}',
        cmdline: 'echo {{apps}}{{instances}}{{size}}',
        reporters: '  - class: reporter.PlotReporter\n  - class: reporter.CSVReporter',
      }),
    );
    expect(r.code).toBe(1);
    expect(r.logs.join('\n')).toMatch(/Reporter 'reporter.PlotReporter' failed with error: reporter.PlotReporter cannot draw 3 varying parameters \(apps, instances, size\).*reporter.HTMLReporter/);
    expect(r.read('results.csv').split('\n')).toHaveLength(10);
  });

  it('rejects an unknown colour map, scale or reference key before the run', async () => {
    const map = await runConfig(sweep({ reporters: '  - class: reporter.PlotReporter\n    colormap: virdis' }));
    expect(map.code).toBe(2);
    expect(map.logs.join('\n')).toMatch(/Unknown `colormap` colour map 'virdis' \(did you mean `viridis`\?\)/);
    const scale = await runConfig(sweep({ reporters: '  - class: reporter.PlotReporter\n    xscale: log3' }));
    expect(scale.code).toBe(2);
    expect(scale.logs.join('\n')).toMatch(/`xscale` of reporter.PlotReporter must be one of "linear", "log", "log2", "log10"/);
    const ref = await runConfig(sweep({ reporters: '  - class: reporter.PlotReporter\n    reference: {data: x.json, colour: red}' }));
    expect(ref.code).toBe(2);
    expect(ref.logs.join('\n')).toMatch(/Unknown key `colour` in reference/);
    const ratio = await runConfig(sweep({ reporters: '  - class: reporter.PlotReporter\n    reference: {url: x.json, ratiocolormap: nope}' }));
    expect(ratio.code).toBe(2);
    expect(ratio.logs.join('\n')).toMatch(/Unknown `reference.ratiocolormap` colour map 'nope'/);
  });

  describe('with a reference run', () => {
    let oneDump = '';
    let twoDump = '';
    let server: Server;
    let url = '';
    const seen: Array<string | undefined> = [];

    beforeAll(async () => {
      // The reference: the same sweeps, slower by a few seconds.
      const one = await runConfig(sweep({ cmdline: 'echo $(( {{apps}} + 4 )); echo $(( {{apps}} * 2 + 3 ))', reporters: '  - class: reporter.RawReporter', extra: 'meta: {version: "1.9"}' }));
      oneDump = join(one.dir, 'results', 'results-raw.json');
      const two = await runConfig(sweep({ parameters: TWO_PARAMS, matrix: GRID, cmdline: 'echo $(( {{apps}} * {{instances}} + 6 ))', reporters: '  - class: reporter.RawReporter' }));
      twoDump = join(two.dir, 'results', 'results-raw.json');
      server = createServer((req, res) => {
        seen.push(req.headers.authorization);
        if (req.url !== '/ref.json') {
          res.writeHead(404).end('no');
          return;
        }
        res.writeHead(200, { 'content-type': 'application/json' }).end(readFileSync(oneDump));
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });

    afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

    it('adds the reference series and a ratio panel to a 1-D plot (reference.data, a local path)', async () => {
      const r = await runConfig(sweep({ reporters: `  - class: reporter.PlotReporter\n    reference:\n      data: ${oneDump}\n      name: baseline` }));
      expect(r.code).toBe(0);
      const f = await pngFacts(join(r.dir, 'results', 'plot-deployTime.png'));
      expect([f.width, f.height]).toEqual([1200, 1220]);
      expect(f.inked).toBeGreaterThan(0.03);
    });

    it('fetches the reference from a URL with the configured headers (reference.url)', async () => {
      const r = await runConfig(sweep({ reporters: `  - class: reporter.PlotReporter\n    reference:\n      url: ${url}/ref.json\n      headers: {Authorization: "token=abc"}` }));
      expect(r.code).toBe(0);
      expect(seen).toContain('token=abc');
      expect((await pngFacts(join(r.dir, 'results', 'plot-deployTime.png'))).height).toBe(1220);
    });

    it('disables the reference on an HTTP error and still plots', async () => {
      const r = await runConfig(sweep({ reporters: `  - class: reporter.PlotReporter\n    reference: {data: "${url}/missing.json"}` }));
      expect(r.code).toBe(0);
      expect(r.logs.join('\n')).toContain('Got unexpected HTTP 404 response. Disabling reference');
      expect((await pngFacts(join(r.dir, 'results', 'plot-deployTime.png'))).height).toBe(800);
    });

    it('adds a ratio heat map beside each 2-D heat map, with the ratio colour map', async () => {
      const r = await runConfig(sweep({ parameters: TWO_PARAMS, matrix: GRID, reporters: `  - class: reporter.PlotReporter\n    colormap: viridis\n    reference: {data: "${twoDump}", ratiocolormap: bwr}` }));
      expect(r.code).toBe(0);
      const path = join(r.dir, 'results', 'plot-deployTime-mean_err.png');
      const f = await pngFacts(path);
      expect([f.width, f.height]).toEqual([2400, 900]);
      expect(f.colours).toBeGreaterThan(150);
    });
  });
});
