import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runConfig } from '../helpers/driver.js';
import { httpServer, type TestServer } from './support.js';

let server: TestServer;
beforeAll(async () => {
  server = await httpServer();
  server.route('/acs/api/v1/auth/login', (_req, res) => res.end(JSON.stringify({ token: 'secret-token-1' })));
});
afterAll(async () => {
  await server.close();
});

interface Dumped {
  event: string;
  traceids: number[];
  [k: string]: unknown;
}

const dumped = (text: string): Dumped[] =>
  text
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line.slice(line.indexOf(';', line.indexOf(';') + 1) + 1)) as Dumped);

describe('HTTP classes in a whole config', () => {
  it('sweeps a parameter through HTTPChannel, logs in first, and tracks durations and counts', async () => {
    const r = await runConfig(`
config:
  title: HTTP sweep
  parameters:
    - name: n
  metrics:
    - name: duration
      summarize: [mean]
    - name: requests
      summarize: [mean]
    - name: status
      summarize: [mean]
policies:
  - class: policy.MultivariableExplorerPolicy
    matrix:
      n:
        type: discrete
        values: [1, 3]
    events:
      signal:
        OK: HTTPLastResponseEndEvent
channels:
  - class: channel.HTTPChannel
    url: "${server.url}/?n={{n}}&i={{i}}"
    repeat: "{{n}}"
    repeatInterval: 10ms
tasks:
  - class: tasks.auth.AuthOpen
    at: setup
    token: user
    cluster_url: "${server.url}"
trackers:
  - class: tracker.DurationTracker
    metric: duration
    events:
      start: HTTPFirstRequestStartEvent
      end: HTTPLastResponseEndEvent
  - class: tracker.CountTracker
    metric: requests
    events: "HTTPResponseEndEvent[event=HTTPResponseEndEvent]"
  - class: tracker.EventAttributeTracker
    event: HTTPResponseEndEvent
    extract:
      - metric: status
        attrib: statusCode
reporters:
  - class: reporter.RawEventsReporter
  - class: reporter.CSVReporter
`);
    expect(r.code, r.logs.join('\n')).toBe(0);
    const events = dumped(r.read('events.dump'));
    const updates = events.filter((e) => e.event === 'ParameterUpdateEvent');
    expect(updates).toHaveLength(2);
    const http = events.filter((e) => e.event.startsWith('HTTP') && !e.event.includes('First') && !e.event.includes('Last'));
    expect(http.map((e) => `${e.event.replace(/^HTTP|Event$/g, '')}:${String(e.index)}`)).toEqual([
      'RequestStart:0', 'RequestEnd:0', 'ResponseStart:0', 'ResponseEnd:0',
      'RequestStart:0', 'RequestEnd:0', 'ResponseStart:0', 'ResponseEnd:0',
      'RequestStart:1', 'RequestEnd:1', 'ResponseStart:1', 'ResponseEnd:1',
      'RequestStart:2', 'RequestEnd:2', 'ResponseStart:2', 'ResponseEnd:2',
    ]);
    // Each request belongs to the test case that caused it.
    for (const e of http.slice(0, 4)) expect(e.traceids).toEqual(expect.arrayContaining(updates[0]!.traceids));
    for (const e of http.slice(4)) expect(e.traceids).toEqual(expect.arrayContaining(updates[1]!.traceids));
    // The token set by the task at setup went with every request, and never into the outputs.
    const sent = server.requests.filter((q) => q.url.startsWith('/?n='));
    expect(sent).toHaveLength(4);
    expect(sent.every((q) => q.headers.authorization === 'token=secret-token-1')).toBe(true);
    expect(r.read('events.dump')).not.toContain('secret-token-1');
    expect(r.logs.join('\n')).not.toContain('secret-token-1');
    const csv = r.read('results.csv').trim().split('\n');
    expect(csv[0]).toContain('requests');
    const header = csv[0]!.split(',');
    const rows = csv.slice(1).map((l) => l.split(','));
    const col = (name: string): string[] => rows.map((row) => row[header.findIndex((h) => h.startsWith(name))]!);
    expect(col('requests')).toEqual(['1', '3']);
    expect(col('status')).toEqual(['200', '200']);
    expect(Number(col('duration')[1])).toBeGreaterThanOrEqual(0.02);
  });
});
