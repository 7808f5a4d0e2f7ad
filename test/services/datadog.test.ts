import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runConfig } from '../helpers/driver.js';
import { DATADOG_API_KEY, startDataDogRecorder, type DataDogRecorder } from './harness/datadogRecorder.js';
import { reporterFailures, sweepConfig } from './harness/sweepConfig.js';

let dd: DataDogRecorder;

beforeAll(async () => {
  dd = await startDataDogRecorder();
});

afterAll(async () => {
  await dd?.close();
});

const META_TAGS = ['version:master', 'env:ci'];
const APP_KEY = 'app-key-abcdef0123456789';

describe('reporter.DataDogReporter', () => {
  it('submits the indicator points through the official client', async () => {
    const before = dd.requests.length;
    const started = Date.now() / 1000;
    const r = await runConfig(
      sweepConfig(`  - class: reporter.DataDogReporter\n    api_key: ${DATADOG_API_KEY}\n    app_key: ${APP_KEY}\n    endpoint: ${dd.url}\n    hostname: test.host\n    points:\n      - {name: perx, indicator: perX}\n      - {name: per_instance, indicator: perX}`),
    );
    expect(r.code).toBe(0);
    expect(r.logs.some((l) => l.includes('Submitting series to datadog: dcos.perf.perx, dcos.perf.per_instance'))).toBe(true);
    const sent = dd.requests.slice(before);
    expect(sent).toHaveLength(1);
    const req = sent[0]!;
    expect([req.method, req.path, req.status]).toEqual(['POST', '/api/v1/series', 202]);
    expect(req.headers['dd-api-key']).toBe(DATADOG_API_KEY);
    // Submitting needs only the API key: the client sends the application key nowhere it is not needed.
    expect(req.headers['dd-application-key']).toBeUndefined();
    expect(req.body!.series.map((s) => ({ ...s, points: s.points.map(([, v]) => v) }))).toEqual([
      { metric: 'dcos.perf.perx', points: [2], tags: META_TAGS, host: 'test.host' },
      { metric: 'dcos.perf.per_instance', points: [2], tags: META_TAGS, host: 'test.host' },
    ]);
    const ts = req.body!.series[0]!.points[0]![0];
    expect(ts).toBeGreaterThanOrEqual(started);
    expect(ts).toBeLessThanOrEqual(Date.now() / 1000);
    // Keys given in the class config never reach the logs.
    expect(r.logs.join('\n')).not.toMatch(new RegExp(`${DATADOG_API_KEY}|${APP_KEY}`));
  });

  it('refuses a point whose indicator does not exist', async () => {
    const r = await runConfig(sweepConfig(`  - class: reporter.DataDogReporter\n    api_key: ${DATADOG_API_KEY}\n    endpoint: ${dd.url}\n    points: [{name: a, indicator: nope}]`));
    expect(r.code).toBe(2);
    expect(r.logs.join('\n')).toContain('Unknown indicator `nope` in points[0] (known: perX)');
  });
});

describe('reporter.DataDogMetricReporter', () => {
  const reporter = (extra: string, key = DATADOG_API_KEY) => `  - class: reporter.DataDogMetricReporter
    api_key: ${key}
    endpoint: ${dd.url}
    hostname: test.host
    prefix: "perf."${extra}`;

  it('submits raw samples while running, then summaries and indicators under their aliases; a failed flush is retried', async () => {
    const before = dd.requests.length;
    dd.failNext(1, 500);
    const r = await runConfig(
      sweepConfig(reporter('\n    flushInterval: 100ms\n    report: {raw: yes, summarized: yes, metrics: {m: deploy}, indicators: {perX: per_instance}}'), { summarize: '[mean, max]', pause: 0.4 }),
    );
    expect(r.code).toBe(0);
    const sent = dd.requests.slice(before);
    expect(sent[0]!.status).toBe(500);
    expect(sent.length).toBeGreaterThanOrEqual(3);
    expect(r.logs.filter((l) => l.includes('to DataDog failed'))).toEqual([
      expect.stringMatching(/ERROR .* reporter\.DataDogMetricReporter: Flushing \d+ series to DataDog failed \(retrying with the next flush\): DataDog at http:\/\/127\.0\.0\.1:\d+ answered HTTP 500: Internal Server Error$/),
    ]);
    const accepted = dd.requests.slice(before).filter((q) => q.status === 202).flatMap((q) => q.body!.series);
    const raw = accepted.filter((s) => s.metric === 'perf.deploy');
    expect(raw.map((s) => s.points.map(([, v]) => v))).toEqual([[1], [3], [2], [6]]);
    for (const s of raw) expect(s).toMatchObject({ tags: META_TAGS, host: 'test.host' });
    // Raw points carry the time of the sample, in order.
    const times = raw.map((s) => s.points[0]![0]);
    expect([...times].sort((a, b) => a - b)).toEqual(times);
    expect(times[1]! - times[0]!).toBeGreaterThan(0.3);
    const summaries = accepted.filter((s) => s.metric !== 'perf.deploy').map((s) => [s.metric, s.points[0]![1], s.tags]);
    expect(summaries).toEqual([
      ['perf.deploy.mean', 2, [...META_TAGS, 'x:1', 'y:9']],
      ['perf.deploy.max', 3, [...META_TAGS, 'x:1', 'y:9']],
      ['perf.deploy.mean', 4, [...META_TAGS, 'x:2', 'y:9']],
      ['perf.deploy.max', 6, [...META_TAGS, 'x:2', 'y:9']],
      ['perf.per_instance', 2, META_TAGS],
    ]);
  });

  it('submits the summarized metrics by default', async () => {
    const before = dd.requests.length;
    const r = await runConfig(sweepConfig(reporter('')));
    expect(r.code).toBe(0);
    const series = dd.requests.slice(before).flatMap((q) => q.body!.series);
    expect(series.map((s) => [s.metric, s.points[0]![1], s.tags, s.host])).toEqual([
      ['perf.m.mean', 2, [...META_TAGS, 'x:1', 'y:9'], 'test.host'],
      ['perf.m.mean', 4, [...META_TAGS, 'x:2', 'y:9'], 'test.host'],
    ]);
  });

  it('fails the run in one line when DataDog refuses the key', async () => {
    const wrong = 'wrong-api-key-0000000000';
    const r = await runConfig(sweepConfig(`${reporter('\n    report: {indicators: all}', wrong)}\n  - class: reporter.CSVReporter`));
    expect(r.code).toBe(1);
    expect(reporterFailures(r.logs)).toEqual([
      expect.stringMatching(/Reporter 'reporter\.DataDogMetricReporter' failed with error: Submitting 3 series to DataDog failed: DataDog at http:\/\/127\.0\.0\.1:\d+ answered HTTP 403: Forbidden$/),
    ]);
    expect(r.logs.join('\n')).not.toContain(wrong);
    expect(r.exists('results.csv')).toBe(true);
  });

  it('rejects a report selection that is neither all, a list nor a mapping', async () => {
    const r = await runConfig(sweepConfig(reporter('\n    report: {metrics: some}')));
    expect(r.code).toBe(2);
    expect(r.logs.join('\n')).toContain('`report.metrics` must be `all`, a list of names or a mapping of names to aliases, got "some"');
  });
});
