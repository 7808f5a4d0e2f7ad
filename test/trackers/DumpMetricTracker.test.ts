import { describe, it, expect } from 'vitest';
import { join } from 'node:path';
import { runConfig, ROOT, type InProcessResult } from '../helpers/driver.js';

const FEED = `${join(ROOT, 'test', 'fixtures', 'marathon-metrics.mjs')}#MarathonMetricFeed`;

/**
 * Two test cases; the feed publishes every metric once at setup (before any update)
 * and once after each ParameterUpdateEvent, each time `step` higher.
 */
function config(map: string, opts: { define?: string; step?: number } = {}): string {
  return `
${opts.define ?? ''}
config:
  parameters: [{name: x}]
  metrics: [{name: threads, summarize: [mean]}, {name: heap, summarize: [mean]}]
policies:
  - class: policy.MultivariableExplorerPolicy
    matrix: {x: {type: discrete, values: [1, 2]}}
    events: {signal: {OK: CmdlineExitZeroEvent}}
channels:
  - class: channel.CmdlineChannel
    restart: no
    cmdline: "echo {{x}}"
observers:
  - class: ${FEED}
    step: ${opts.step ?? 10}
    metrics:
      gauges.jvm.threads.count.value: 100
      gauges.jvm.memory.heap.used.value: 2000
      gauges.unmapped.value: 7
trackers:
  - class: tracker.DumpMetricTracker
    map:
${map}
reporters:
  - class: reporter.RawReporter
`;
}

type Raw = { raw: Array<{ parameters: { x: number }; values: Record<string, Array<[number, number]>> }> };

function samples(r: InProcessResult): Array<Record<string, number[]>> {
  expect(r.code).toBe(0);
  const raw = JSON.parse(r.read('results-raw.json')) as Raw;
  return raw.raw.map((axis) => Object.fromEntries(Object.entries(axis.values).map(([m, s]) => [m, s.map((v) => v[1])])));
}

describe('tracker.DumpMetricTracker', () => {
  it('records mapped observer metrics in the current test case and ignores values before the first update', async () => {
    const r = await runConfig(config(`      gauges.jvm.threads.count.value: threads
      gauges.jvm.memory.heap.used.value: heap`));
    // 100 and 2000 came at setup, before any test case: ignored.
    expect(samples(r)).toEqual([
      { threads: [110], heap: [2010] },
      { threads: [120], heap: [2020] },
    ]);
  });

  it('renders the map values with definitions', async () => {
    const r = await runConfig(config('      gauges.jvm.threads.count.value: "{{target}}"', { define: 'define: {target: threads}' }));
    expect(samples(r)).toEqual([
      { threads: [110], heap: [] },
      { threads: [120], heap: [] },
    ]);
  });

  it('fails at start-up for a map target that is not a declared metric', async () => {
    const r = await runConfig(config('      gauges.jvm.threads.count.value: thread'));
    expect(r.code).toBe(2);
    expect(r.logs.join('\n')).toContain('Metric `thread` is not declared in config.metrics (declared: threads, heap)');
  });
});
