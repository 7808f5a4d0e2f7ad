import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:net';
import type { AddressInfo } from 'node:net';
import { Agent } from 'undici';
import { timedRequest, type TimedRequest } from '../../src/http/timedRequest.js';
import { acquireDispatcher } from '../../src/http/acquireDispatcher.js';
import { InFlightRequests } from '../../src/http/InFlightRequests.js';
import { withAuthHeader } from '../../src/http/withAuthHeader.js';
import { hrToEpochSeconds } from '../../src/http/hrToEpochSeconds.js';
import { Waits } from '../../src/http/Waits.js';
import { Definitions } from '../../src/core/Definitions.js';
import { nowSeconds } from '../../src/core/Event.js';
import { httpServer, type TestServer } from './support.js';

let server: TestServer;
let agent: Agent;
beforeAll(async () => {
  server = await httpServer();
  agent = new Agent();
});
afterAll(async () => {
  await agent.close();
  await server.close();
});

const get = (url: string, more: Partial<TimedRequest> = {}): TimedRequest => ({ url, method: 'GET', headers: {}, body: null, timeout: null, keepBody: true, ...more });
const ms = (from: bigint | null, to: bigint | null): number => Number(to! - from!) / 1e6;

/** A raw HTTP responder that sends its answer in timed pieces, to place each moment exactly. */
async function piecewiseServer(pieces: Array<[number, string]>): Promise<{ url: string; server: Server }> {
  const srv = createServer((socket) => {
    socket.once('data', () => {
      let delay = 0;
      for (const [after, text] of pieces) {
        delay += after;
        setTimeout(() => socket.write(text), delay);
      }
    });
  });
  await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(srv.address() as AddressInfo).port}/`, server: srv };
}

describe('timedRequest', () => {
  it('times the first response byte, not the end of the headers, and the body end', async () => {
    const { url, server: srv } = await piecewiseServer([
      [40, 'H'],
      [40, 'TTP/1.1 200 OK\r\ncontent-length: 4\r\n\r\nab'],
      [40, 'cd'],
    ]);
    const res = await timedRequest(agent, get(url));
    srv.close();
    expect(res).toMatchObject({ statusCode: 200, body: 'abcd', bytesReceived: 4, error: null, aborted: false });
    // The 'H' left 40 ms after the request, the rest of the head 40 ms later, the body end 40 ms
    // after that (server timers may run a little early or late under load).
    expect(ms(res.sent, res.firstByte)).toBeGreaterThanOrEqual(35);
    // Two more 40 ms steps follow the first byte: had the head's end been taken, this would be ~40.
    expect(ms(res.firstByte, res.end)).toBeGreaterThanOrEqual(65);
    expect(ms(res.sent, res.firstByte)).toBeLessThan(ms(res.firstByte, res.end));
    expect(ms(res.start, res.sent)).toBeGreaterThanOrEqual(0);
  });

  it('reports the request body size and moments in order', async () => {
    const res = await timedRequest(agent, get(`${server.url}/echo`, { method: 'POST', body: 'héllo' }));
    expect(res.bytesSent).toBe(6);
    expect(JSON.parse(res.body)).toMatchObject({ method: 'POST', body: 'héllo' });
    expect(res.start <= res.sent! && res.sent! <= res.firstByte! && res.firstByte! <= res.end).toBe(true);
    expect(res.headers['content-type']).toBe('application/json');
  });

  it('does not keep the body unless asked', async () => {
    const res = await timedRequest(agent, get(`${server.url}/`, { keepBody: false }));
    expect(res).toMatchObject({ body: '', bytesReceived: 2, statusCode: 200 });
  });

  it('resolves aborted requests with `aborted`, never rejects', async () => {
    const inFlight = new InFlightRequests();
    const pending = timedRequest(agent, get(`${server.url}/hang`), {}, inFlight);
    expect(inFlight.size).toBe(1);
    setTimeout(() => inFlight.abortAll(), 30);
    const res = await pending;
    expect(res).toMatchObject({ aborted: true, error: 'Request aborted', statusCode: 0 });
    expect(ms(res.start, res.end)).toBeGreaterThanOrEqual(29);
    expect(inFlight.size).toBe(0);
  });

  it('rejects unsupported schemes as an error result', async () => {
    const res = await timedRequest(agent, get('ftp://127.0.0.1/'));
    expect(res.error).toBe('Unsupported URL scheme `ftp:` in ftp://127.0.0.1/ (expected http: or https:)');
  });
});

describe('shared dispatcher', () => {
  it('is one agent per TLS setting, closed when the last user releases it', async () => {
    const plain = { caPath: null, ca: null, insecure: false };
    const a = acquireDispatcher(plain);
    const b = acquireDispatcher({ ...plain });
    const c = acquireDispatcher({ ...plain, insecure: true });
    expect(a.dispatcher).toBe(b.dispatcher);
    expect(c.dispatcher).not.toBe(a.dispatcher);
    const own = await httpServer();
    await timedRequest(a.dispatcher, get(`${own.url}/`));
    await new Promise((r) => setImmediate(r));
    await timedRequest(b.dispatcher, get(`${own.url}/`));
    // Keep-alive across users of the same agent.
    expect(own.connections).toBe(1);
    await own.close();
    a.release();
    a.release();
    expect((b.dispatcher as Agent).destroyed).toBe(false);
    b.release();
    c.release();
    expect((b.dispatcher as Agent).destroyed).toBe(true);
    const d = acquireDispatcher(plain);
    expect(d.dispatcher).not.toBe(b.dispatcher);
    d.release();
  });
});

describe('helpers', () => {
  it('withAuthHeader adds the token unless an Authorization (any case) is given', () => {
    const defs = new Definitions({ dcos_auth_token: 'abc' });
    expect(withAuthHeader({ Accept: 'text/plain', N: 1 }, defs)).toEqual({ Accept: 'text/plain', N: '1', Authorization: 'token=abc' });
    expect(withAuthHeader({ authorization: 'Basic x' }, defs)).toEqual({ authorization: 'Basic x' });
    expect(withAuthHeader(undefined, new Definitions())).toEqual({});
    expect(withAuthHeader({}, null)).toEqual({});
  });

  it('hrToEpochSeconds agrees with the event clock', () => {
    expect(Math.abs(hrToEpochSeconds(process.hrtime.bigint()) - nowSeconds())).toBeLessThan(0.001);
  });

  it('Waits.until never ends early; cancel() ends every wait', async () => {
    const waits = new Waits();
    for (const delay of [1, 3, 7, 12]) {
      const at = process.hrtime.bigint() + BigInt(delay * 1e6 + 300_000);
      await waits.until(at);
      expect(process.hrtime.bigint() >= at).toBe(true);
    }
    const long = waits.until(process.hrtime.bigint() + 10_000_000_000n);
    const gate = waits.race(new Promise<void>(() => undefined));
    waits.cancel();
    await Promise.all([long, gate]);
    expect(waits.isCancelled).toBe(true);
  });
});
