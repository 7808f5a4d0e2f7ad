import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, runConfig, type InProcessResult } from '../helpers/driver.js';
import { httpServer, type TestServer } from '../http/support.js';
import { TABLE_FRAME } from '../../src/loadmetrics/ConsoleTable.js';

let server: TestServer;
beforeAll(async () => {
  server = await httpServer();
});
afterAll(async () => {
  await server.close();
});

const sweep = (config: string, channels: string, extra = ''): string => `
config:
  parameters:
    - name: n
${config}
policies:
  - class: policy.SimplePolicy
    parameters:
      n: 1
    events:
      end: LoadStepSummaryEvent
channels:
${channels}
${extra}
reporters:
  - class: reporter.CSVReporter
`;

const rows = (r: InProcessResult, name: string): string[] => r.read(name).trimEnd().split('\n').slice(1);
const framed = (r: InProcessResult): string[] => r.logs.filter((l, i) => r.logs[i - 1] === TABLE_FRAME && r.logs[i + 1] === TABLE_FRAME);

describe('loadMetrics configuration', () => {
  it('is off unless config.loadMetrics or the channel turns it on', async () => {
    const r = await runConfig(
      sweep('', `  - class: channel.HTTPChannel\n    url: ${server.url}/delay/5?n={{n}}\n    repeat: 3`).replace('end: LoadStepSummaryEvent', 'end: HTTPLastResponseEndEvent'),
    );
    expect(r.code, r.logs.join('\n')).toBe(0);
    expect(existsSync(join(r.dir, 'results', 'load-metrics'))).toBe(false);
    expect(r.logs.filter((l) => l.includes('LoadMetrics') || l.includes('Step Id'))).toEqual([]);
  });

  it('takes per-channel overrides over config.loadMetrics, with the loads of one test case in one folder', async () => {
    const r = await runConfig(
      sweep(
        '  loadMetrics:\n    period: 0\n    persist: no',
        `  - class: channel.HTTPChannel
    url: ${server.url}/delay/10?n={{n}}
    repeat: 6
    concurrency: 2
    loadMetrics:
      trace: yes
  - class: channel.HTTPChannel
    url: ${server.url}/echo?n={{n}}
    verb: POST
    body: "${'b'.repeat(100)}"
    repeat: 4
    loadMetrics:
      persist: yes
  - class: channel.HTTPChannel
    url: ${server.url}/?n={{n}}
    repeat: 2
    loadMetrics: no`,
      ).replace('end: LoadStepSummaryEvent', 'end: "LoadStepSummaryEvent[opType=READ]"'),
    );
    expect(r.code, r.logs.join('\n')).toBe(0);
    expect(readdirSync(join(r.dir, 'results', 'load-metrics'))).toEqual(['n=1']);
    expect(readdirSync(join(r.dir, 'results', 'load-metrics', 'n=1')).sort()).toEqual(['io.trace.csv', 'metrics.total.csv']);
    // The trace is the GET channel's only; the totals the POST channel's only (persist), no metrics.csv (period 0).
    const trace = rows(r, 'load-metrics/n=1/io.trace.csv');
    expect(trace).toHaveLength(6);
    for (const line of trace) expect(line).toMatch(new RegExp(`^127\\.0\\.0\\.1:${server.port},/delay/10\\?n=1,2,4,\\d+,\\d+,\\d+,\\d+,4$`));
    const totals = rows(r, 'load-metrics/n=1/metrics.total.csv');
    expect(totals).toHaveLength(1);
    const cells = totals[0]!.split(',');
    expect([cells[1], cells[2], cells[3], cells[4], cells[6], cells[7]]).toEqual(['CREATE', '1', '1', '0', '4', '0']);
    // Size counts the request bodies and the echoed responses.
    expect(Number(cells[8])).toBeGreaterThan(4 * 2 * 100);
    // Period 0: no periodic rows, only the framed final row of each load (the third channel has none).
    expect(framed(r).map((l) => l.slice(24, 30)).sort()).toEqual(['CREATE', 'READ  ']);
    expect(r.logs.filter((l) => /^ {7}n=1\|/.test(l))).toHaveLength(2);
  });

  it('reports a bad key of config.loadMetrics or of a channel option with its place', async () => {
    const bad = await runConfig(sweep('  loadMetrics:\n    perid: 1s', `  - class: channel.HTTPChannel\n    url: ${server.url}/\n    loadMetrics:\n      threshold: 2`));
    expect(bad.code).toBe(2);
    const errors = bad.logs.filter((l) => l.startsWith('  ERROR'));
    expect(errors.some((l) => /test\.yml:6:\d+: config\.loadMetrics\.perid: Unknown key `perid` in loadMetrics \(did you mean `period`\?\)$/.test(l)), errors.join('\n')).toBe(true);
    expect(errors.some((l) => /test\.yml:\d+:\d+: channels\[0\]\.loadMetrics\.threshold: `loadMetrics\.threshold` must be a fraction from 0 to 1/.test(l)), errors.join('\n')).toBe(true);
  });

  it('measures tasks.http.Request as a step named after its trigger', async () => {
    const r = await runConfig(
      sweep(
        '',
        `  - class: channel.HTTPChannel\n    url: ${server.url}/?n={{n}}`,
        `tasks:
  - class: tasks.http.Request
    at: setup
    url: ${server.url}/delay/5?i={{_i}}
    repeat: 5
    loadMetrics:
      period: 0`,
      ).replace('end: LoadStepSummaryEvent', 'end: HTTPLastResponseEndEvent'),
    );
    expect(r.code, r.logs.join('\n')).toBe(0);
    const [total] = rows(r, 'load-metrics/setup/metrics.total.csv');
    const cells = total!.split(',');
    expect([cells[1], cells[2], cells[3], cells[4], cells[6], cells[7]]).toEqual(['READ', '1', '1', '0', '5', '0']);
    const i = r.logs.findIndex((l) => l.endsWith('LoadMetrics: Step "setup" results:'));
    expect(r.logs[i + 1]).toMatch(/^READ-1x1: c=\([\d.]+\); n=\(5\/0\); /);
    expect(framed(r)).toHaveLength(1);
  });

  it('warns that a threshold needs a concurrency limit', async () => {
    const r = await runConfig(sweep('  loadMetrics:\n    threshold: 0.5\n    period: 0', `  - class: channel.HTTPChannel\n    url: ${server.url}/?n={{n}}\n    repeat: 4\n    rate: 200`));
    expect(r.code, r.logs.join('\n')).toBe(0);
    expect(r.logs.filter((l) => l.includes('WARNING'))).toEqual([expect.stringMatching(/channels\[0\]: no threshold window without a concurrency limit/)]);
    expect(framed(r)[0]).toMatch(/^ {7}n=1\|\d{12}\|READ  \|/);
    expect(r.logs.find((l) => l.startsWith('READ-0x1: '))).toMatch(/n=\(4\/0\)/);
  });
});

describe('docs/load-metrics.md', () => {
  it('its whole-config example runs against a local server and tracks the summary attributes', async () => {
    const configs = [...readFileSync(join(ROOT, 'docs', 'load-metrics.md'), 'utf8').matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1]!).filter((y) => y.includes('policies:'));
    expect(configs).toHaveLength(1);
    const r = await runConfig(configs[0]!.replaceAll('http://127.0.0.1:8080/', `${server.url}/delay/5`));
    expect(r.code, r.logs.join('\n')).toBe(0);
    const [header, ...lines] = r.read('results.csv').trimEnd().split('\n');
    expect(header).toBe('concurrency,,throughput (mean),latencyP99 (mean),status');
    expect(lines).toHaveLength(3);
    for (const line of lines) {
      const [, , throughput, p99] = line.split(',').map(Number);
      expect(throughput).toBeGreaterThan(0);
      expect(p99).toBeGreaterThanOrEqual(0.005);
    }
  });
});
