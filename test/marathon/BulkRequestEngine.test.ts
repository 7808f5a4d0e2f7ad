import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Definitions } from '../../src/core/Definitions.js';
import { HttpClient } from '../../src/http/HttpClient.js';
import { BulkRequestEngine, type BulkResponse } from '../../src/marathon/BulkRequestEngine.js';
import type { BulkPacing } from '../../src/marathon/BulkPacing.js';
import type { RetryPolicy } from '../../src/marathon/RetryPolicy.js';
import { recordingServer, refusedPort, type RecordingServer } from './harness.js';

let server: RecordingServer;
let client: HttpClient;

beforeAll(async () => {
  server = await recordingServer();
  client = new HttpClient({ tls: { caPath: null, ca: null, insecure: false }, timeout: null, definitions: new Definitions(), injectAuth: false });
});
afterAll(async () => {
  client.close();
  await server.close();
});
beforeEach(() => {
  server.requests = [];
  server.maxInFlight = 0;
  server.statuses = [];
  server.delayMs = 0;
  server.respond = () => '{}';
});

interface Log {
  sends: Array<[string, number]>;
  /** When each attempt started (hrtime ns). */
  sentAt: bigint[];
  successes: string[];
  failures: Array<[string, number, boolean]>;
}

function engine(pacing: Partial<BulkPacing>, retry: RetryPolicy = { tries: 1, interval: 0 }): { engine: BulkRequestEngine<string>; log: Log } {
  const log: Log = { sends: [], sentAt: [], successes: [], failures: [] };
  const e = new BulkRequestEngine<string>(client, { parallel: null, burst: null, rate: null, ...pacing }, retry, {
    onSend: (item, attempt) => {
      log.sends.push([item, attempt]);
      log.sentAt.push(process.hrtime.bigint());
    },
    onSuccess: (item) => log.successes.push(item),
    onFailure: (item, res: BulkResponse, willRetry) => log.failures.push([item, res.statusCode, willRetry]),
  });
  return { engine: e, log };
}

const items = (n: number, url = server.url): Array<{ item: string; request: { url: string; verb: string; headers: Record<string, string>; body: string } }> =>
  Array.from({ length: n }, (_, i) => ({ item: `r${i}`, request: { url: `${url}/v2/apps?n=${i}`, verb: 'POST', headers: { 'Content-Type': 'application/json' }, body: `{"n":${i}}` } }));

const ms = (a: bigint, b: bigint): number => Number(b - a) / 1e6;

describe('BulkRequestEngine', () => {
  it('keeps 2 requests in flight by default and sends each once', async () => {
    server.delayMs = 25;
    const { engine: e, log } = engine({});
    expect(await e.run(items(6))).toEqual({ succeeded: 6, failed: 0 });
    expect(server.maxInFlight).toBe(2);
    expect(log.sends).toEqual(items(6).map((x) => [x.item, 1]));
    expect(server.requests.map((r) => r.body).sort()).toEqual(items(6).map((x) => x.request.body).sort());
  });

  it('`parallel` bounds the requests in flight and refills the pool as they complete', async () => {
    server.delayMs = 25;
    const { engine: e } = engine({ parallel: 4 });
    await e.run(items(10));
    expect(server.maxInFlight).toBe(4);
    server.maxInFlight = 0;
    await engine({ parallel: 1 }).engine.run(items(3));
    expect(server.maxInFlight).toBe(1);
  });

  it('`burst` sends groups and starts the next one once the whole group completed', async () => {
    server.delayMs = 40;
    await engine({ burst: 3 }).engine.run(items(7));
    const at = server.requests.map((r) => r.at);
    expect(server.maxInFlight).toBe(3);
    expect(ms(at[0]!, at[2]!)).toBeLessThan(20);
    expect(ms(at[0]!, at[3]!)).toBeGreaterThanOrEqual(39);
    expect(ms(at[3]!, at[5]!)).toBeLessThan(20);
    expect(ms(at[3]!, at[6]!)).toBeGreaterThanOrEqual(39);
  });

  it('`rate` spaces the starts by 1/rate seconds', async () => {
    const { engine: e, log } = engine({ rate: 50, parallel: 5 });
    await e.run(items(5));
    const at = log.sentAt;
    // Slots are fixed from the first one: the k-th start is k/rate after it (a late first start narrows the first gap).
    for (let i = 1; i < at.length; i++) expect(ms(at[0]!, at[i]!)).toBeGreaterThanOrEqual(i * 20 - 2);
    expect(ms(at[0]!, at[4]!)).toBeLessThan(120);
  });

  it('retries a failed request `interval` after its previous attempt started, then succeeds', async () => {
    server.statuses = [500, 409];
    const { engine: e, log } = engine({ parallel: 1 }, { tries: 3, interval: 0.05 });
    expect(await e.run(items(1))).toEqual({ succeeded: 1, failed: 0 });
    expect(log.sends).toEqual([['r0', 1], ['r0', 2], ['r0', 3]]);
    expect(log.failures).toEqual([['r0', 500, true], ['r0', 409, true]]);
    expect(log.successes).toEqual(['r0']);
    const at = log.sentAt;
    expect(ms(at[0]!, at[1]!)).toBeGreaterThanOrEqual(49);
    expect(ms(at[1]!, at[2]!)).toBeGreaterThanOrEqual(49);
  });

  it('gives up after `tries` attempts; with one try a failure is final at once', async () => {
    server.statuses = [503, 503, 503];
    const tries2 = engine({}, { tries: 2, interval: 0 });
    expect(await tries2.engine.run(items(1))).toEqual({ succeeded: 0, failed: 1 });
    expect(tries2.log.failures).toEqual([['r0', 503, true], ['r0', 503, false]]);
    const once = engine({}, { tries: 1, interval: 0 });
    expect(await once.engine.run(items(1))).toEqual({ succeeded: 0, failed: 1 });
    expect(once.log.failures).toEqual([['r0', 503, false]]);
  });

  it('a waiting retry does not hold back the other requests, and goes first once it is due', async () => {
    server.statuses = [500];
    server.delayMs = 40;
    // r0 fails at 40 ms and is due at 100 ms: r1 and r2 start before, r3 after.
    const { engine: e, log } = engine({ parallel: 1 }, { tries: 2, interval: 0.1 });
    await e.run(items(5));
    expect(log.sends.map(([item, attempt]) => `${item}#${attempt}`)).toEqual(['r0#1', 'r1#1', 'r2#1', 'r0#2', 'r3#1', 'r4#1']);
  });

  it('reports a refused connection as a failure without status', async () => {
    const port = await refusedPort();
    const { engine: e, log } = engine({}, { tries: 2, interval: 0 });
    expect(await e.run(items(1, `http://127.0.0.1:${port}`))).toEqual({ succeeded: 0, failed: 1 });
    expect(log.failures).toEqual([['r0', 0, true], ['r0', 0, false]]);
  });

  it('abort() stops sending: run() resolves with what completed', async () => {
    server.delayMs = 100;
    const { engine: e, log } = engine({ parallel: 2 }, { tries: 1, interval: 0 });
    const done = e.run(items(10));
    await new Promise((r) => setTimeout(r, 30));
    e.abort();
    client.abortAll();
    const started = performance.now();
    expect(await done).toEqual({ succeeded: 0, failed: 0 });
    expect(performance.now() - started).toBeLessThan(50);
    expect(log.sends).toHaveLength(2);
    expect(e.aborted).toBe(true);
  });
});
