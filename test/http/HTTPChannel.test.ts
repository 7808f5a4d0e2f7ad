import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { harness, httpServer, refusedPort, type TestServer } from './support.js';
import { workdir } from '../helpers/workdir.js';
import { prepareConfig } from '../../src/core/runDriver.js';
import { Session } from '../../src/core/Session.js';
import { createLogger } from '../../src/core/Logger.js';
import type { Event } from '../../src/core/Event.js';
import { EVENT_CATALOG } from '../../src/core/EventCatalog.js';

let server: TestServer;
beforeAll(async () => {
  server = await httpServer();
});
afterAll(async () => {
  await server.close();
});

const channel = (options: string): string => `
channels:
  - class: channel.HTTPChannel
    trigger: always
${options
  .trim()
  .split('\n')
  .map((l) => `    ${l}`)
  .join('\n')}
`;

describe('HTTPChannel: one request', () => {
  it('gives every event exactly the attributes the event catalogue documents, and them only', async () => {
    const h = await harness(channel(`url: ${server.url}/echo\nverb: POST\nbody: hello`));
    h.update({ a: 1 });
    await h.waitFor(() => h.named('HTTPLastResponseEndEvent').length === 1);
    for (const e of h.named('HTTP')) {
      const attributes = Object.keys(e.toDict()).filter((k) => !['event', 'ts', 'traceids'].includes(k));
      expect({ event: e.event, attributes }).toEqual({ event: e.event, attributes: Object.keys(EVENT_CATALOG[e.event]!.attributes) });
    }
    await h.close();
  });

  it('publishes every phase as plain, First and Last events in order, with attributes and trace ids', async () => {
    const h = await harness(channel(`url: ${server.url}/echo\nverb: POST\nbody: hello\nheaders:\n  X-Test: yes please`));
    const update = h.update({ a: 1 });
    await h.waitFor(() => h.named('HTTPLastResponseEndEvent').length === 1);
    const http = h.named('HTTP');
    expect(http.map((e) => e.event)).toEqual([
      'HTTPRequestStartEvent', 'HTTPFirstRequestStartEvent', 'HTTPLastRequestStartEvent',
      'HTTPRequestEndEvent', 'HTTPFirstRequestEndEvent', 'HTTPLastRequestEndEvent',
      'HTTPResponseStartEvent', 'HTTPFirstResponseStartEvent', 'HTTPLastResponseStartEvent',
      'HTTPResponseEndEvent', 'HTTPFirstResponseEndEvent', 'HTTPLastResponseEndEvent',
    ]);
    for (const e of http) expect(e.traceids).toEqual(expect.arrayContaining(update.traceids));
    const [start, , , sent, , , first, , , end] = http;
    expect(start).toMatchObject({ verb: 'post', method: 'post', url: `${server.url}/echo`, body: 'hello', headers: { 'X-Test': 'yes please' }, index: 0 });
    expect(sent).toMatchObject({ verb: 'post', url: `${server.url}/echo`, body: 'hello', index: 0 });
    expect(first).toMatchObject({ url: `${server.url}/echo`, statusCode: 200, index: 0 });
    expect(end).toMatchObject({ url: `${server.url}/echo`, statusCode: 200, index: 0 });
    const echoed = JSON.parse(String(end!.body)) as { method: string; body: string; headers: Record<string, string> };
    expect(echoed).toMatchObject({ method: 'POST', body: 'hello' });
    expect(echoed.headers['x-test']).toBe('yes please');
    expect((end!.headers as Record<string, string>)['content-type']).toBe('application/json');
    expect(end!.contentLength).toBe(Buffer.byteLength(String(end!.body)));
    // Timestamps are the moments themselves, in order; the timing attributes agree with them.
    expect(start!.ts).toBeLessThanOrEqual(sent!.ts);
    expect(sent!.ts).toBeLessThanOrEqual(first!.ts);
    expect(first!.ts).toBeLessThanOrEqual(end!.ts);
    expect(end!.requestTime as number).toBeCloseTo(sent!.ts - start!.ts, 4);
    expect(end!.responseTime as number).toBeCloseTo(first!.ts - sent!.ts, 4);
    expect(end!.totalTime as number).toBeCloseTo(end!.ts - start!.ts, 4);
    expect(end!.latency).toBe(end!.totalTime);
    expect(h.logs).toContain(`INFO Performing 1 POST request(s) to ${server.url}/echo`);
    expect(h.logs).toContain(`INFO Completed 1 POST request(s) to ${server.url}/echo`);
    await h.close();
  });

  it('counts a request exactly once: the First/Last variants do not match the plain event name', async () => {
    const { EventFilter } = await import('../../src/core/EventFilter.js');
    const h = await harness(channel(`url: ${server.url}/`));
    h.update({ a: 1 });
    await h.waitFor(() => h.named('HTTPLastResponseEndEvent').length === 1);
    const count = (expr: string): number => {
      let n = 0;
      const s = new EventFilter(expr).start(null, () => (n += 1));
      for (const e of h.events) s.handle(e);
      return n;
    };
    expect(count('HTTPResponseEndEvent')).toBe(1);
    expect(count('HTTPFirstResponseEndEvent')).toBe(1);
    expect(count('HTTPLastResponseEndEvent')).toBe(1);
    await h.close();
  });

  it('fires only on matching parameters by default and renders them into url, body and headers', async () => {
    const before = server.requests.length;
    const h = await harness(`
channels:
  - class: channel.HTTPChannel
    url: "${server.url}/echo?n={{n}}"
    verb: put
    body: "value={{n}}"
    headers:
      X-N: "{{n}}"
`);
    h.update({ other: 1 });
    await h.bus.flush();
    await new Promise((r) => setTimeout(r, 50));
    expect(server.requests.length).toBe(before);
    h.update({ n: 7 });
    await h.waitFor(() => h.named('HTTPLastResponseEndEvent').length === 1);
    const seen = server.requests.at(-1)!;
    expect(seen).toMatchObject({ method: 'PUT', url: '/echo?n=7', body: 'value=7' });
    expect(seen.headers['x-n']).toBe('7');
    await h.close();
  });
});

describe('HTTPChannel: events nobody receives', () => {
  it('are not built: with a policy waiting for the last end and one subscriber of ResponseEnd, only those are published', async () => {
    const dir = workdir({
      'test.yml': `
policies:
  - class: policy.SimplePolicy
    parameters: {a: 1}
    events:
      end: HTTPLastResponseEndEvent
    timeout: 10s
channels:
  - class: channel.HTTPChannel
    trigger: always
    url: "${server.url}/"
    repeat: 3
`,
    });
    const logger = createLogger({ format: 'json', stream: new Writable({ write: (_c, _e, cb) => cb() }) });
    const prepared = prepareConfig([join(dir, 'test.yml')], { define: [], meta: [] });
    const session = new Session({ ...prepared, sources: prepared.loader.sources, logger, resultsDir: dir, clockFps: 0, verbose: false });
    await session.build();
    const published: string[] = [];
    const publish = session.bus.publish.bind(session.bus);
    session.bus.publish = (e: Event) => {
      if (e.event.startsWith('HTTP')) published.push(`${e.event}:${String(e.index)}`);
      publish(e);
    };
    const ends: Event[] = [];
    session.bus.subscribe((e) => ends.push(e), { events: ['HTTPResponseEndEvent'] });
    await session.runTests();
    expect(published).toEqual(['HTTPResponseEndEvent:0', 'HTTPResponseEndEvent:1', 'HTTPResponseEndEvent:2', 'HTTPLastResponseEndEvent:2']);
    // What is published is complete: body and headers are decoded for the events that carry them.
    expect(ends[0]).toMatchObject({ statusCode: 200, body: 'ok', index: 0, contentLength: 2 });
    expect((ends[0]!.headers as Record<string, string>)['content-length']).toBe('2');
    await session.report();
  });
});

describe('HTTPChannel: repeat', () => {
  it('sends repeat requests with {{i}} and {{_i}}; First only for the first, Last only for the last', async () => {
    const h = await harness(channel(`url: "${server.url}/echo?i={{i}}"\nbody: "n={{_i}}"\nrepeat: 3`));
    const before = server.requests.length;
    h.update({ a: 1 });
    await h.waitFor(() => h.named('HTTPLastResponseEndEvent').length === 1);
    expect(server.requests.slice(before).map((r) => `${r.url} ${r.body}`)).toEqual(['/echo?i=0 n=0', '/echo?i=1 n=1', '/echo?i=2 n=2']);
    const ends = h.named('HTTP').filter((e) => e.event.endsWith('ResponseEndEvent'));
    expect(ends.map((e) => `${e.event}:${String(e.index)}`)).toEqual([
      'HTTPResponseEndEvent:0', 'HTTPFirstResponseEndEvent:0',
      'HTTPResponseEndEvent:1',
      'HTTPResponseEndEvent:2', 'HTTPLastResponseEndEvent:2',
    ]);
    // Back to back: each request starts after the previous one completed.
    const starts = h.events.filter((e) => e.event === 'HTTPRequestStartEvent');
    const plainEnds = h.events.filter((e) => e.event === 'HTTPResponseEndEvent');
    expect(starts[1]!.ts).toBeGreaterThanOrEqual(plainEnds[0]!.ts);
    expect(starts[2]!.ts).toBeGreaterThanOrEqual(plainEnds[1]!.ts);
    await h.close();
  });

  it('takes repeat from a macro', async () => {
    const h = await harness(channel(`url: "${server.url}/"\nrepeat: "{{count}}"`));
    h.update({ count: 4 });
    await h.waitFor(() => h.named('HTTPLastResponseEndEvent').length === 1);
    expect(h.events.filter((e) => e.event === 'HTTPResponseEndEvent')).toHaveLength(4);
    await h.close();
  });

  it('picks the body from the first matching case', async () => {
    const h = await harness(channel(`
url: "${server.url}/echo"
verb: POST
repeat: 3
body:
  - if: "i == 0"
    value: "first {{i}}"
  - if: "i > 0 and mode == 'x'"
    value: "x {{i}}"
  - value: "default {{i}}"`));
    const before = server.requests.length;
    h.update({ mode: 'x' });
    await h.waitFor(() => h.named('HTTPLastResponseEndEvent').length === 1);
    expect(server.requests.slice(before).map((r) => r.body)).toEqual(['first 0', 'x 1', 'x 2']);
    await h.close();
  });

  it('logs an error and sends nothing when no body case matches', async () => {
    const h = await harness(channel(`url: "${server.url}/"\nbody:\n  - if: "mode == 'never'"\n    value: "x"`));
    const before = server.requests.length;
    h.update({ mode: 'y' });
    await h.waitFor(() => h.logs.some((l) => l.startsWith('ERROR Could not find a matching body case')));
    expect(server.requests.length).toBe(before);
    expect(h.named('HTTP')).toEqual([]);
    await h.close();
  });

  it('repeatInterval spaces the starts (seconds or a time expression)', async () => {
    for (const interval of ['0.1', '100ms']) {
      const h = await harness(channel(`url: "${server.url}/"\nrepeat: 3\nrepeatInterval: ${interval}`));
      h.update({ a: 1 });
      await h.waitFor(() => h.named('HTTPLastResponseEndEvent').length === 1);
      const starts = h.events.filter((e) => e.event === 'HTTPRequestStartEvent').map((e) => e.ts);
      expect(starts[1]! - starts[0]!).toBeGreaterThanOrEqual(0.099);
      expect(starts[2]! - starts[1]!).toBeGreaterThanOrEqual(0.099);
      expect(starts[2]! - starts[0]!).toBeLessThan(0.5);
      await h.close();
    }
  });

  it('repeatAfter waits for an event published after the previous request completed', async () => {
    const h = await harness(channel(`url: "${server.url}/"\nrepeat: 3\nrepeatAfter: "LogLineEvent[kind=go]"`));
    h.update({ a: 1 });
    await h.waitFor(() => h.events.filter((e) => e.event === 'HTTPResponseEndEvent').length === 1);
    // A non-matching event does not release the next request.
    h.publish('LogLineEvent', { line: 'x', source: 't', kind: 'other' });
    await new Promise((r) => setTimeout(r, 50));
    expect(h.events.filter((e) => e.event === 'HTTPRequestStartEvent')).toHaveLength(1);
    h.publish('LogLineEvent', { line: 'x', source: 't', kind: 'go' });
    await h.waitFor(() => h.events.filter((e) => e.event === 'HTTPResponseEndEvent').length === 2);
    h.publish('LogLineEvent', { line: 'x', source: 't', kind: 'go' });
    await h.waitFor(() => h.named('HTTPLastResponseEndEvent').length === 1);
    await h.close();
  });

  it('repeatAfter does not count its own response event', async () => {
    const h = await harness(channel(`url: "${server.url}/"\nrepeat: 2\nrepeatAfter: HTTPResponseEndEvent`));
    h.update({ a: 1 });
    await h.waitFor(() => h.events.filter((e) => e.event === 'HTTPResponseEndEvent').length === 1);
    await new Promise((r) => setTimeout(r, 50));
    expect(h.events.filter((e) => e.event === 'HTTPRequestStartEvent')).toHaveLength(1);
    await h.close();
  });
});

/**
 * A channel with `options` (the URL comes from the server) against a server of its own;
 * `run(update, n)` publishes a parameter update and waits until `n` responses ended in all.
 */
async function loadRig(path: string, options: string, routes?: (s: TestServer) => void) {
  const s = await httpServer();
  routes?.(s);
  const h = await harness(channel(`url: "${s.url}${path}"\n${options}`));
  const ends = (): number => h.events.filter((e) => e.event === 'HTTPResponseEndEvent').length;
  return {
    s,
    h,
    ends,
    async run(update: Record<string, number>, n: number): Promise<void> {
      h.update(update);
      await h.waitFor(() => ends() === n);
    },
    async close(): Promise<void> {
      await h.close();
      await s.close();
    },
  };
}

describe('HTTPChannel: load', () => {
  it('keeps at most `concurrency` requests in flight', async () => {
    const rig = await loadRig('/delay/30', 'repeat: 12\nconcurrency: 4');
    await rig.run({ a: 1 }, 12);
    await rig.h.waitFor(() => rig.h.named('HTTPLastResponseEndEvent').length === 1);
    expect(rig.s.requests).toHaveLength(12);
    expect(rig.s.maxInFlight).toBe(4);
    // Keep-alive: four connections carried the twelve requests.
    expect(rig.s.connections).toBe(4);
    await rig.close();
  });

  it('keeps its connections open from one test case to the next', async () => {
    const rig = await loadRig('/delay/5', 'repeat: 8\nconcurrency: 3');
    await rig.run({ a: 1 }, 8);
    await rig.run({ a: 2 }, 16);
    expect(rig.s.requests).toHaveLength(16);
    expect(rig.s.maxInFlight).toBe(3);
    expect(rig.s.connections).toBe(3);
    await rig.close();
  });

  it('gives test cases that overlap connections of their own, and reuses them afterwards', async () => {
    const rig = await loadRig('/delay/40', 'repeat: 4\nconcurrency: 2');
    rig.h.update({ a: 1 });
    await rig.run({ a: 2 }, 8);
    // Neither queued behind the other's requests: both ran their two requests at a time.
    expect(rig.s.maxInFlight).toBe(4);
    expect(rig.s.connections).toBe(4);
    await rig.run({ a: 3 }, 12);
    expect(rig.s.connections).toBe(4);
    await rig.close();
  });

  it('reconnects a lane whose server closes the connection after every response, losing no request', async () => {
    const rig = await loadRig('/once', 'repeat: 12\nconcurrency: 3', (s) =>
      s.route('/once', (_req, res) => {
        res.setHeader('connection', 'close');
        res.end('bye');
      }),
    );
    await rig.run({ a: 1 }, 12);
    expect(rig.h.events.filter((e) => e.event === 'HTTPResponseErrorEvent')).toHaveLength(0);
    expect(rig.s.requests).toHaveLength(12);
    expect(rig.s.connections).toBe(12);
    await rig.close();
  });

  it('at a `rate` with a `concurrency` limit, opens no more connections than the limit', async () => {
    const rig = await loadRig('/delay/20', 'repeat: 20\nrate: 400\nconcurrency: 2');
    await rig.run({ a: 1 }, 20);
    expect(rig.s.maxInFlight).toBe(2);
    expect(rig.s.connections).toBe(2);
    await rig.close();
  });

  it('sends at `rate` per second on a fixed schedule', async () => {
    const s = await httpServer();
    const h = await harness(channel(`url: "${s.url}/"\nrepeat: 10\nrate: 50`));
    h.update({ a: 1 });
    await h.waitFor(() => h.events.filter((e) => e.event === 'HTTPResponseEndEvent').length === 10);
    const starts = h.events.filter((e) => e.event === 'HTTPRequestStartEvent').map((e) => (e.ts - h.events.find((x) => x.event === 'HTTPRequestStartEvent')!.ts) * 1000);
    // Request k starts at k * 20 ms: never early, late only by timer granularity and load
    // (a loaded 2-core machine can delay a timer by a few hundred ms).
    for (const [k, t] of starts.entries()) {
      expect(t).toBeGreaterThanOrEqual(k * 20 - 0.5);
      expect(t).toBeLessThan(k * 20 + 400);
    }
    expect(s.requests).toHaveLength(10);
    await h.close();
    await s.close();
  });

  it('rate: a stall of the server shows in the latency of the requests scheduled behind it', async () => {
    const s = await httpServer();
    let n = 0;
    s.route('/stall-once', (_req, res) => {
      n += 1;
      if (n === 5) setTimeout(() => res.end('slow'), 1000);
      else res.end('ok');
    });
    const h = await harness(channel(`url: "${s.url}/stall-once"\nrepeat: 60\nrate: 40\nconcurrency: 1`));
    h.update({ a: 1 });
    await h.waitFor(() => h.events.filter((e) => e.event === 'HTTPResponseEndEvent').length === 60, 8000);
    const ends = h.events.filter((e) => e.event === 'HTTPResponseEndEvent').sort((a, b) => Number(a.index) - Number(b.index));
    const latency = ends.map((e) => e.latency as number);
    const service = ends.map((e) => e.totalTime as number);
    // The stalled request itself.
    expect(latency[4]!).toBeGreaterThan(0.95);
    // Request 4 + k was due k * 25 ms after it, so it waited about 1 s - k * 25 ms for its turn:
    // the server served it quickly, but its latency shows the stall.
    for (let k = 1; k <= 30; k++) {
      expect(service[4 + k]!).toBeLessThan(0.25);
      expect(latency[4 + k]!).toBeGreaterThan(1 - k * 0.025 - 0.05);
    }
    // Half a second later the backlog is gone and latency is back to the service time.
    expect(latency[59]!).toBeLessThan(0.25);
    await h.close();
    await s.close();
  });
});

describe('HTTPChannel: failures', () => {
  it('a refused connection gives RequestStart then ResponseError with the trace ids, and the test goes on', async () => {
    const port = await refusedPort();
    const h = await harness(channel(`url: "http://127.0.0.1:${port}/"\nrepeat: 2`));
    const update = h.update({ a: 1 });
    await h.waitFor(() => h.named('HTTPLastResponseErrorEvent').length === 1);
    const http = h.named('HTTP').filter((e) => e.index === 0);
    expect(http.map((e) => e.event)).toEqual([
      'HTTPRequestStartEvent', 'HTTPFirstRequestStartEvent',
      'HTTPResponseErrorEvent', 'HTTPFirstResponseErrorEvent',
    ]);
    const error = http[2]!;
    expect(error).toMatchObject({ url: `http://127.0.0.1:${port}/`, statusCode: 0, body: '', headers: {}, requestTime: null, responseTime: null });
    expect(error.exception).toBe(`Cannot connect to http://127.0.0.1:${port}: connection refused`);
    expect(error.traceids).toEqual(expect.arrayContaining(update.traceids));
    expect(error.isA('HTTPResponseEndEvent')).toBe(true);
    expect(error.isA('HTTPErrorEvent')).toBe(true);
    expect(h.logs.filter((l) => l.startsWith('WARNING'))).toHaveLength(1);
    expect(h.logs).toContain(`INFO Completed 2 GET request(s) to http://127.0.0.1:${port}/ (2 failed)`);
    await h.close();
  });

  it('a status outside 2xx/3xx is a ResponseError after ResponseStart; 3xx is not', async () => {
    const h = await harness(channel(`url: "${server.url}/status/{{code}}"`));
    h.update({ code: 503 });
    await h.waitFor(() => h.named('HTTPLastResponseErrorEvent').length === 1);
    expect(h.named('HTTP').map((e) => e.event).filter((n) => !n.includes('First') && !n.includes('Last'))).toEqual([
      'HTTPRequestStartEvent', 'HTTPRequestEndEvent', 'HTTPResponseStartEvent', 'HTTPResponseErrorEvent',
    ]);
    expect(h.named('HTTPResponseErrorEvent')[0]).toMatchObject({ statusCode: 503, body: 'status 503', exception: 'HTTP 503 (Service Unavailable)' });
    h.update({ code: 304 });
    await h.waitFor(() => h.named('HTTPLastResponseEndEvent').length === 1);
    expect(h.named('HTTPLastResponseEndEvent')[0]).toMatchObject({ statusCode: 304 });
    await h.close();
  });

  it('a server closing mid-response gives a ResponseError', async () => {
    const h = await harness(channel(`url: "${server.url}/close"`));
    h.update({ a: 1 });
    await h.waitFor(() => h.named('HTTPLastResponseErrorEvent').length === 1);
    const error = h.named('HTTPResponseErrorEvent')[0]!;
    expect(error.exception).toBe(`Connection to ${server.url} was closed by the server before the response completed`);
    expect(h.named('HTTPResponseStartEvent')).toHaveLength(1);
    await h.close();
  });

  it('a slow server past `timeout` gives a ResponseError; the next request still goes', async () => {
    const h = await harness(channel(`url: "${server.url}/{{path}}"\ntimeout: 200ms`));
    h.update({ path: 'hang' });
    await h.waitFor(() => h.named('HTTPLastResponseErrorEvent').length === 1);
    const error = h.named('HTTPResponseErrorEvent')[0]!;
    expect(error.exception).toBe(`No complete response from ${server.url} within 0.2s (timeout)`);
    expect(error.totalTime as number).toBeGreaterThanOrEqual(0.199);
    expect(error.totalTime as number).toBeLessThan(0.4);
    expect(error.responseTime).toBeNull();
    h.update({ path: 'delay/10' });
    await h.waitFor(() => h.named('HTTPLastResponseEndEvent').length === 1);
    await h.close();
  });

  it('an invalid URL is an error event, not a crash', async () => {
    const h = await harness(channel(`url: "not a url"`));
    h.update({ a: 1 });
    await h.waitFor(() => h.named('HTTPLastResponseErrorEvent').length === 1);
    expect(h.named('HTTPResponseErrorEvent')[0]!.exception).toBe('Invalid URL `not a url`');
    await h.close();
  });

  it('teardown stops a running batch', async () => {
    const s = await httpServer();
    const h = await harness(channel(`url: "${s.url}/delay/20"\nrepeat: 1000`));
    h.update({ a: 1 });
    await h.waitFor(() => s.requests.length >= 2);
    await h.close();
    const sent = s.requests.length;
    await new Promise((r) => setTimeout(r, 100));
    expect(s.requests.length).toBe(sent);
    expect(sent).toBeLessThan(10);
    expect(h.logs.some((l) => l.startsWith(`INFO Stopped 1000 GET request(s) to ${s.url}/delay/20 after `))).toBe(true);
    await s.close();
  });
});

describe('HTTPChannel: config errors', () => {
  const cases: Array<[string, string]> = [
    ['url: http://x\nrate: 10\nrepeatInterval: 1', 'Give only one of `rate`, `repeatInterval`'],
    ['url: http://x\nrepeatAfter: StartEvent\nconcurrency: 4', '`repeatAfter` sends one request per event'],
    ['url: http://x\nrepeatInterval: soon', 'repeatInterval'],
    ['url: http://x\nrate: -1', '`rate` must be a positive number'],
    ['url: http://x\nconcurrency: 0', '`concurrency` must be a whole number of at least 1'],
    ['url: http://x\nrepeatAfter: "NoSuchEvent"', 'NoSuchEvent'],
    ['url: http://x\ntimeout: never', 'timeout'],
    ['url: http://x\nbody:\n  - when: x', 'Unknown key `when` in body[0]'],
    ['url: http://x\nbody:\n  - if: "1 +"\n    value: x', 'body[0].if'],
    ['url: http://x\nverbs: GET', 'Unknown option `verbs`'],
  ];
  for (const [options, message] of cases) {
    it(`rejects ${options.split('\n').slice(1).join(', ')}`, async () => {
      await expect(harness(channel(options))).rejects.toThrow(message);
    });
  }
  it('names the file and line of the bad key', async () => {
    await expect(harness(channel('url: http://x\nrate: 0'))).rejects.toThrow(/test\.yml:6:\d+: channels\[0\]\.rate/);
  });
});
