import { describe, it, expect } from 'vitest';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { runConfig, readEvents } from '../helpers/driver.js';

const sweep = (reporters: string, opts: { summarize?: string; meta?: string; params?: string } = {}) => `
config:
  title: Reporter test
  parameters: ${opts.params ?? '[{name: x, units: count}, {name: y, default: 9}]'}
  metrics: [{name: m, units: s, summarize: ${opts.summarize ?? '[mean]'}}]
  indicators:
    - name: perX
      class: indicator.NormalizedMeanMetricIndicator
      metric: m.mean
      normalizeto: x
${opts.meta ?? ''}
policies:
  - class: policy.MultivariableExplorerPolicy
    matrix: {x: {type: discrete, values: [1, 2]}}
    events: {signal: {OK: CmdlineExitZeroEvent}}
channels:
  - class: channel.CmdlineChannel
    shell: yes
    restart: no
    cmdline: "echo {{x}}; echo $(( {{x}} * 3 ))"
trackers:
  - class: tracker.EventAttributeTracker
    event: LogLineEvent
    extract: [{metric: m, attrib: line}]
reporters:
${reporters}
`;

describe('reporter.CSVReporter', () => {
  it('writes parameters, an empty separator column, summaries and flags, without trailing separators', async () => {
    const r = await runConfig(sweep('  - class: reporter.CSVReporter'));
    expect(r.read('results.csv')).toBe('x,y,,m (mean),status\n1,9,,2,OK\n2,9,,4,OK\n');
  });

  it('honours filename (relative to the working directory) and separator', async () => {
    const name = join('.tmp', `csv-${Date.now()}.csv`);
    const r = await runConfig(sweep(`  - class: reporter.CSVReporter\n    filename: ${name}\n    separator: ";"`));
    expect(r.code).toBe(0);
    expect(readFileSync(join(process.cwd(), name), 'utf8')).toBe('x;y;;m (mean);status\n1;9;;2;OK\n2;9;;4;OK\n');
  });

  it('writes `default` for a parameter a test case does not have, and leaves metrics without samples empty', async () => {
    const r = await runConfig(`
config:
  parameters: [{name: x}]
  metrics: [{name: m, summarize: [mean]}]
policies:
  - class: policy.MultiStepPolicy
    steps:
      - name: one
        values: [{parameter: x, values: [1]}]
        tasks: {post_value: null}
      - name: two
        values: [{parameter: extra, values: [5]}]
        tasks: {post_value: null}
reporters:
  - class: reporter.CSVReporter
    default: "-"
`);
    expect(r.code).toBe(0);
    expect(r.read('results.csv')).toBe('x,extra,,m (mean),status\n1,-,,,OK\n1,5,,,OK\n');
  });

  it('writes a value and an error column for mean_err', async () => {
    const r = await runConfig(sweep('  - class: reporter.CSVReporter', { summarize: '[mean, mean_err]' }));
    const [header, row1] = r.read('results.csv').split('\n');
    expect(header).toBe('x,y,,m (mean),m (mean_err),m (mean_err - error),status');
    const cells = row1!.split(',');
    expect(Number(cells[4])).toBe(2);
    // Samples 1 and 3: s = sqrt(2), so err = t(0.975, 1) * sqrt(2) / sqrt(2) = 12.706204736174698.
    expect(Number(cells[5])).toBeCloseTo(12.706204736174698, 9);
  });
});

describe('reporter.RawReporter', () => {
  it('writes the manual\'s structure with sorted keys', async () => {
    const r = await runConfig(sweep('  - class: reporter.RawReporter', { meta: 'meta: {test: raw, env: local}' }), { meta: ['env=ci'] });
    const text = r.read('results-raw.json');
    const raw = JSON.parse(text);
    expect(Object.keys(raw)).toEqual(['config', 'indicators', 'meta', 'raw', 'sum', 'time']);
    expect(raw.meta).toEqual({ env: 'ci', test: 'raw' });
    expect(raw.indicators).toEqual({ perX: 2 });
    expect(raw.raw[1]).toEqual({ flags: { status: 'OK' }, parameters: { x: 2, y: 9 }, values: { m: [[expect.any(Number), 2], [expect.any(Number), 6]] } });
    expect(raw.sum).toEqual([
      { flags: { status: 'OK' }, parameters: { x: 1, y: 9 }, values: { m: { mean: 2 } } },
      { flags: { status: 'OK' }, parameters: { x: 2, y: 9 }, values: { m: { mean: 4 } } },
    ]);
    expect(raw.config.config.title).toBe('Reporter test');
    expect(Date.parse(raw.time.started)).toBeLessThanOrEqual(Date.parse(raw.time.completed));
    expect(text).toContain('\n  "config": {');
  });

  it('includes event traces grouped per test case, with include and exclude filters', async () => {
    const r = await runConfig(sweep(`  - class: reporter.RawReporter
    events:
      include: "LogLineEvent CmdlineExitZeroEvent"
      exclude: "LogLineEvent[line=3]"`));
    const raw = JSON.parse(r.read('results-raw.json'));
    expect(raw.events).toHaveLength(2);
    expect(raw.events[0].parameters).toEqual({ x: 1, y: 9 });
    expect(raw.events[0].events.map((e: { event: string; line?: string }) => `${e.event}:${e.line ?? ''}`)).toEqual(['LogLineEvent:1', 'CmdlineExitZeroEvent:']);
    expect(raw.events[1].events.map((e: { line?: string }) => e.line ?? '-')).toEqual(['2', '6', '-']);
  });

  it('lists the events flat with traces: no', async () => {
    const r = await runConfig(sweep(`  - class: reporter.RawReporter
    events: {include: CmdlineExitZeroEvent, traces: no}`));
    const raw = JSON.parse(r.read('results-raw.json'));
    expect(raw.events.map((e: { event: string }) => e.event)).toEqual(['CmdlineExitZeroEvent', 'CmdlineExitZeroEvent']);
  });
});

describe('output file names', () => {
  it('RawReporter and RawEventsReporter write to their configured filename', async () => {
    const base = join('.tmp', `names-${Date.now()}`);
    const r = await runConfig(sweep(`  - class: reporter.RawReporter\n    filename: ${base}/dump.json\n  - class: reporter.RawEventsReporter\n    filename: ${base}/events.txt`));
    expect(r.code).toBe(0);
    expect(JSON.parse(readFileSync(join(process.cwd(), base, 'dump.json'), 'utf8')).sum).toHaveLength(2);
    expect(readFileSync(join(process.cwd(), base, 'events.txt'), 'utf8')).toContain(';ParameterUpdateEvent;');
  });
});

describe('reporter.RawEventsReporter', () => {
  it('writes one ts;Name;{json} line per event in bus order, without TickEvents by default', async () => {
    const r = await runConfig(sweep('  - class: reporter.RawEventsReporter'));
    const lines = r.read('events.dump').trim().split('\n');
    for (const line of lines) expect(line).toMatch(/^\d{10}\.\d{6};[A-Za-z]+;\{.*\}$/);
    const events = readEvents(r);
    expect(events.some((e) => e.name === 'TickEvent')).toBe(false);
    const update = events.find((e) => e.name === 'ParameterUpdateEvent')!;
    expect(update.data).toMatchObject({ event: 'ParameterUpdateEvent', parameters: { x: 1, y: 9 }, changes: { x: 1 } });
    expect(Array.isArray(update.data.traceids)).toBe(true);
    const metric = events.find((e) => e.name === 'MetricUpdateEvent')!;
    expect(metric.data).toMatchObject({ name: 'm', value: 1 });
  });

  it('includes TickEvents with tickEvents: yes', async () => {
    const r = await runConfig(sweep('  - class: reporter.RawEventsReporter\n    tickEvents: yes'));
    expect(readEvents(r).some((e) => e.name === 'TickEvent')).toBe(true);
  });
});

describe('the default console reporter', () => {
  it('is used when no reporter is configured, with a warning', async () => {
    const chunks: string[] = [];
    const write = process.stdout.write.bind(process.stdout);
    process.stdout.write = ((chunk: string) => {
      chunks.push(String(chunk));
      return true;
    }) as typeof process.stdout.write;
    try {
      const r = await runConfig(sweep('  []').replace('reporters:\n  []', 'reporters: []'));
      expect(r.code).toBe(0);
      expect(r.logs.join('\n')).toContain('Missing `reporters` config section. Using defaults');
    } finally {
      process.stdout.write = write;
    }
    const out = chunks.join('');
    expect(out).toContain('Reporter test');
    expect(out).toMatch(/x\s+y\s+m \(mean\)\s+status/);
    expect(out).toMatch(/1\s+9\s+2\s+OK/);
    expect(out).toContain('perX = 2');
  });
});
