import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { runConfig, type InProcessResult } from '../helpers/driver.js';
import { httpServer, type TestServer } from '../http/support.js';
import { TABLE_FRAME, TABLE_HEADER } from '../../src/loadmetrics/ConsoleTable.js';

/** Every request of /load is answered after DELAY ms with SIZE bytes; every FAIL_EVERY-th one gets 503. */
const DELAY = 40;
const SIZE = 2000;
const FAIL_EVERY = 5;

let server: TestServer;
let served = 0;
beforeAll(async () => {
  server = await httpServer();
  server.route('/load', (_req, res) => {
    served += 1;
    const failing = served % FAIL_EVERY === 0;
    setTimeout(() => {
      res.statusCode = failing ? 503 : 200;
      res.end(failing ? 'no' : 'x'.repeat(SIZE));
    }, DELAY);
  });
});
afterAll(async () => {
  await server.close();
});

type Row = Record<string, string>;

function csv(r: InProcessResult, name: string): Row[] {
  const [header, ...lines] = r.read(name).trimEnd().split('\n');
  const columns = header!.split(',');
  return lines.map((line) => Object.fromEntries(line.split(',').map((cell, i) => [columns[i]!, cell])));
}

const num = (row: Row, column: string): number => Number(row[column]);

/** The nearest-rank percentile of sorted values. */
const percentile = (sorted: number[], p: number): number => sorted[Math.max(1, Math.ceil((p / 100) * sorted.length)) - 1]!;

/** An HDR percentile is the exact one or up to 0.1% above it. */
function expectPercentile(got: number, sorted: number[], p: number): void {
  const exact = percentile(sorted, p);
  expect(got).toBeGreaterThanOrEqual(exact);
  expect(got).toBeLessThanOrEqual(exact * 1.001);
}

const HEADER_LINES = TABLE_HEADER.split('\n');
const ROW = /^.{10}\|\d{12}\|(READ  |CREATE)\|/;

describe('load metrics of HTTPChannel against a real server', () => {
  let r: InProcessResult;
  beforeAll(async () => {
    served = 0;
    r = await runConfig(`
config:
  parameters:
    - name: concurrency
  metrics:
    - name: p99
      summarize: [mean]
    - name: throughput
      summarize: [mean]
    - name: successes
      summarize: [mean]
    - name: steady
      summarize: [mean]
  loadMetrics:
    period: 100ms
    headerPeriod: 4
    trace: yes
    threshold: 0.5
policies:
  - class: policy.MultivariableExplorerPolicy
    matrix:
      concurrency:
        type: discrete
        values: [2, 4]
    events:
      signal:
        OK: LoadStepSummaryEvent
channels:
  - class: channel.HTTPChannel
    url: ${server.url}/load
    repeat: 40
    concurrency: "{{concurrency}}"
trackers:
  - class: tracker.EventAttributeTracker
    event: LoadStepSummaryEvent
    extract:
      - metric: p99
        attrib: latencyP99
      - metric: throughput
        attrib: throughput
      - metric: successes
        attrib: successes
  - class: tracker.EventAttributeTracker
    event: LoadThresholdSummaryEvent
    extract:
      - metric: steady
        attrib: throughput
reporters:
  - class: reporter.CSVReporter
`);
  }, 60_000);

  it('runs, one step folder per test case', () => {
    expect(r.code, r.logs.join('\n')).toBe(0);
    expect(readdirSync(join(r.dir, 'results', 'load-metrics')).sort()).toEqual(['concurrency=2', 'concurrency=4']);
  });

  it('counts every request once, as the server answered it', () => {
    for (const c of [2, 4]) {
      for (const file of ['metrics.csv', 'metrics.total.csv', 'metrics.threshold.total.csv']) {
        expect(r.read(`load-metrics/concurrency=${c}/${file}`).split('\n')[0]).toBe(
          'DateTimeISO8601,TypeLoad,Concurrency,NodeCount,ConcurrencyCurr,ConcurrencyMean,CountSucc,CountFail,Size,JobDuration[s],DurationSum[s],TPAvg[op/s],TPLast[op/s],BWAvg[MB/s],BWLast[MB/s],DurationAvg[us],DurationMin[us],DurationLoQ[us],DurationMed[us],DurationHiQ[us],DurationMax[us],LatencyAvg[us],LatencyMin[us],LatencyLoQ[us],LatencyMed[us],LatencyHiQ[us],LatencyMax[us]',
        );
      }
      expect(r.read(`load-metrics/concurrency=${c}/io.trace.csv`).split('\n')[0]).toBe('StorageNode,ItemPath,IoTypeCode,StatusCode,ReqTimeStart,Duration,RespLatency,DataLatency,TransferSize');
      const [total] = csv(r, `load-metrics/concurrency=${c}/metrics.total.csv`);
      expect(total).toMatchObject({ TypeLoad: 'READ', Concurrency: String(c), NodeCount: '1', ConcurrencyCurr: '0', CountSucc: '32', CountFail: '8', Size: String(32 * SIZE) });
      const trace = csv(r, `load-metrics/concurrency=${c}/io.trace.csv`);
      expect(trace).toHaveLength(40);
      expect(trace.filter((t) => t.StatusCode === '4')).toHaveLength(32);
      // 503 is an internal storage failure in the spec's table.
      expect(trace.filter((t) => t.StatusCode === '9')).toHaveLength(8);
      for (const t of trace) {
        expect(t).toMatchObject({ StorageNode: `127.0.0.1:${server.port}`, ItemPath: '/load', IoTypeCode: '2' });
        // Node's timers count from the loop's clock reading, which can be up to a millisecond old
        // when the request arrives: the server's DELAY may end that much early.
        expect(num(t, 'Duration')).toBeGreaterThanOrEqual((DELAY - 1) * 1000);
        expect(num(t, 'TransferSize')).toBe(t.StatusCode === '4' ? SIZE : 2);
        expect(num(t, 'RespLatency')).toBeLessThanOrEqual(num(t, 'Duration'));
        expect(num(t, 'DataLatency')).toBeGreaterThanOrEqual(num(t, 'RespLatency'));
      }
    }
  });

  it('measures rates within tolerance of what the delay allows', () => {
    for (const c of [2, 4]) {
      const [total] = csv(r, `load-metrics/concurrency=${c}/metrics.total.csv`);
      const elapsed = num(total!, 'JobDuration[s]');
      // c requests in flight, each at least DELAY long: 40/c rounds.
      const minimum = ((40 / c) * DELAY) / 1000;
      expect(elapsed).toBeGreaterThanOrEqual(minimum);
      // Timers and a busy machine only add to it.
      expect(elapsed).toBeLessThan(minimum * 2.5);
      expect(num(total!, 'TPAvg[op/s]')).toBeCloseTo(32 / elapsed, 0);
      expect(num(total!, 'TPAvg[op/s]')).toBeLessThanOrEqual(32 / minimum);
      expect(num(total!, 'BWAvg[MB/s]')).toBeCloseTo((num(total!, 'TPAvg[op/s]') * SIZE) / 1048576, 6);
      // The moving average follows a steady rate.
      expect(num(total!, 'TPLast[op/s]')).toBeGreaterThan(num(total!, 'TPAvg[op/s]') * 0.5);
      expect(num(total!, 'TPLast[op/s]')).toBeLessThan(num(total!, 'TPAvg[op/s]') * 1.5);
      expect(num(total!, 'ConcurrencyMean')).toBeLessThanOrEqual(c);
    }
  });

  it('gives durations and latencies whose mean, extremes and quartiles agree with the traces', () => {
    for (const c of [2, 4]) {
      const [total] = csv(r, `load-metrics/concurrency=${c}/metrics.total.csv`);
      const ok = csv(r, `load-metrics/concurrency=${c}/io.trace.csv`).filter((t) => t.StatusCode === '4');
      for (const [prefix, column] of [['Duration', 'Duration'], ['Latency', 'RespLatency']] as const) {
        const values = ok.map((t) => num(t, column)).sort((a, b) => a - b);
        const sum = values.reduce((a, b) => a + b, 0);
        expect(num(total!, `${prefix}Avg[us]`)).toBeCloseTo(sum / values.length, 6);
        expect(num(total!, `${prefix}Min[us]`)).toBe(values[0]);
        expect(num(total!, `${prefix}Max[us]`)).toBe(values.at(-1));
        expectPercentile(num(total!, `${prefix}LoQ[us]`), values, 25);
        expectPercentile(num(total!, `${prefix}Med[us]`), values, 50);
        expectPercentile(num(total!, `${prefix}HiQ[us]`), values, 75);
        if (prefix === 'Duration') expect(num(total!, 'DurationSum[s]')).toBeCloseTo(sum / 1e6, 9);
      }
    }
  });

  it('makes the measurements metrics of the test case through LoadStepSummaryEvent', () => {
    const rows = csv(r, 'results.csv');
    expect(rows.map((row) => row.concurrency)).toEqual(['2', '4']);
    for (const row of rows) {
      const [total] = csv(r, `load-metrics/concurrency=${row.concurrency}/metrics.total.csv`);
      const latencies = csv(r, `load-metrics/concurrency=${row.concurrency}/io.trace.csv`)
        .filter((t) => t.StatusCode === '4')
        .map((t) => num(t, 'RespLatency'))
        .sort((a, b) => a - b);
      expect(num(row, 'successes (mean)')).toBe(32);
      expect(num(row, 'throughput (mean)')).toBeCloseTo(num(total!, 'TPAvg[op/s]'), 9);
      expectPercentile(num(row, 'p99 (mean)') * 1e6, latencies, 99);
      const [steady] = csv(r, `load-metrics/concurrency=${row.concurrency}/metrics.threshold.total.csv`);
      expect(num(row, 'steady (mean)')).toBeCloseTo(num(steady!, 'TPAvg[op/s]'), 9);
      expect(row.status).toBe('OK');
    }
  });

  it('prints the table: header every 4 rows, rows every period, the final row of each step framed by asterisks', () => {
    const lines = r.logs;
    const rows = lines.filter((l) => ROW.test(l));
    const finals = lines.flatMap((l, i) => (ROW.test(l) && lines[i - 1] === TABLE_FRAME && lines[i + 1] === TABLE_FRAME ? [l] : []));
    expect(finals).toHaveLength(2);
    // The step id `concurrency=2` shows its last 10 characters.
    expect(finals[0]).toMatch(/^currency=2\|\d{12}\|READ  \|         0\|.{10}\|          32\|     8\|/);
    expect(finals[1]).toMatch(/^currency=4\|\d{12}\|READ  \|         0\|.{10}\|          32\|     8\|/);
    // A periodic row at the start and every 100 ms: a 40 × 40 ms / 2 step gets at least 8.
    const step2 = rows.filter((l) => l.startsWith('currency=2|'));
    expect(step2.length).toBeGreaterThanOrEqual(8);
    expect(step2[0]).toMatch(/^currency=2\|\d{12}\|READ  \|         0\|0\.0       \|           0\|     0\|/);
    for (const row of rows) expect(row).toHaveLength(120);
    // Header lines in order, and one header before every 4 rows.
    let sinceHeader = 0;
    let headers = 0;
    for (let i = 0; i < lines.length; i++) {
      if (lines[i] === HEADER_LINES[0]) {
        expect(lines.slice(i, i + 5)).toEqual(HEADER_LINES);
        expect(sinceHeader === 4 || headers === 0).toBe(true);
        headers += 1;
        sinceHeader = 0;
      } else if (ROW.test(lines[i]!)) {
        sinceHeader += 1;
        expect(sinceHeader).toBeLessThanOrEqual(4);
      }
    }
    expect(headers).toBe(Math.ceil(rows.length / 4));
    expect(lines.some((l) => l.includes('\x1b'))).toBe(false);
  });

  it('writes metrics.csv every period with the rows of the table', () => {
    const periodic = csv(r, 'load-metrics/concurrency=2/metrics.csv');
    const tableRows = r.logs.filter((l, i) => l.startsWith('currency=2|') && r.logs[i - 1] !== TABLE_FRAME);
    expect(periodic).toHaveLength(tableRows.length);
    expect(periodic[0]).toMatchObject({ TypeLoad: 'READ', Concurrency: '2', CountSucc: '0', CountFail: '0', Size: '0' });
    const counts = periodic.map((row) => num(row, 'CountSucc') + num(row, 'CountFail'));
    expect(counts).toEqual([...counts].sort((a, b) => a - b));
    expect(counts.at(-1)).toBeLessThanOrEqual(40);
    expect(num(periodic[1]!, 'JobDuration[s]')).toBeGreaterThanOrEqual(0.1);
    expect(num(periodic[1]!, 'JobDuration[s]')).toBeLessThan(0.3);
  });

  it('logs the step summary in the pattern of the spec', () => {
    for (const c of [2, 4]) {
      const i = r.logs.findIndex((l) => l.endsWith(`LoadMetrics: Step "concurrency=${c}" results:`));
      expect(i).toBeGreaterThan(0);
      const line = r.logs[i + 1]!;
      const m = new RegExp(`^READ-${c}x1: c=\\(([\\d.E-]+)\\); n=\\(32/8\\); t\\[s\\]=\\(([\\d.]+)/([\\d.]+)\\); size=\\(62\\.50KB\\); TP\\[op/s\\]=\\(([\\d.]+)/([\\d.]+)\\); BW\\[MB/s\\]=\\(([\\d.E-]+)/([\\d.E-]+)\\); dur\\[us\\]=\\((\\d+)/(\\d+)/(\\d+)\\); lat\\[us\\]=\\((\\d+)/(\\d+)/(\\d+)\\)$`).exec(line);
      expect(m, line).not.toBeNull();
      const [total] = csv(r, `load-metrics/concurrency=${c}/metrics.total.csv`);
      expect(Number(m![2])).toBe(num(total!, 'JobDuration[s]'));
      expect(Number(m![8])).toBe(Math.trunc(num(total!, 'DurationAvg[us]')));
      expect(Number(m![9])).toBe(num(total!, 'DurationMin[us]'));
      expect(Number(m![10])).toBe(num(total!, 'DurationMax[us]'));
      expect(Number(m![12])).toBe(num(total!, 'LatencyMin[us]'));
      expect(Number(m![13])).toBe(num(total!, 'LatencyMax[us]'));
    }
  });

  it('accounts the steady-state window between the two threshold messages', () => {
    const enter = r.logs.findIndex((l) => l.endsWith('LoadMetrics: READ-4x1@concurrency=4: the threshold of 2 active tasks count is reached, starting the additional metrics accounting'));
    const exit = r.logs.findIndex((l) => l.endsWith('LoadMetrics: READ-4x1@concurrency=4: the active tasks count is below the threshold of 2, stopping the additional metrics accounting'));
    const final = r.logs.findIndex((l, i) => l.startsWith('currency=4|') && r.logs[i - 1] === TABLE_FRAME);
    expect(enter).toBeGreaterThan(0);
    expect(exit).toBeGreaterThan(enter);
    expect(final).toBeGreaterThan(exit);
    const [steady] = csv(r, 'load-metrics/concurrency=4/metrics.threshold.total.csv');
    const [total] = csv(r, 'load-metrics/concurrency=4/metrics.total.csv');
    expect(steady).toMatchObject({ TypeLoad: 'READ', Concurrency: '4' });
    // Open from the second start to the drain: every request but the last ones to finish.
    const counted = num(steady!, 'CountSucc') + num(steady!, 'CountFail');
    expect(counted).toBeGreaterThanOrEqual(36);
    expect(counted).toBeLessThanOrEqual(39);
    expect(num(steady!, 'JobDuration[s]')).toBeLessThanOrEqual(num(total!, 'JobDuration[s]'));
    expect(num(steady!, 'ConcurrencyMean')).toBeGreaterThan(3);
  });
});
