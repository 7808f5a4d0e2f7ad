import { describe, it, expect, vi } from 'vitest';
import { runConfig } from '../helpers/driver.js';
import { sweep } from './helpers.js';

const loaded = vi.hoisted(() => [] as string[]);

// Any import of the heavy plotting modules records itself: none may happen here.
vi.mock('chart.js', () => {
  loaded.push('chart.js');
  return {};
});
vi.mock('@napi-rs/canvas', () => {
  loaded.push('@napi-rs/canvas');
  return {};
});

describe('plotting is loaded lazily', () => {
  it('loading the plot and HTML reporter classes does not load chart.js or the canvas binary', async () => {
    const { loadComponentClass } = await import('../../src/core/ClassRegistry.js');
    const plot = await loadComponentClass('reporter.PlotReporter', 'reporter', undefined);
    const html = await loadComponentClass('reporter.HTMLReporter', 'reporter', undefined);
    expect(plot.className).toBe('reporter.PlotReporter');
    expect(html.className).toBe('reporter.HTMLReporter');
    expect(loaded).toEqual([]);
  });

  it('a configuration without plots runs without them', async () => {
    const r = await runConfig(sweep({ reporters: '  - class: reporter.CSVReporter' }));
    expect(r.code).toBe(0);
    expect(loaded).toEqual([]);
  });
});
