import { afterEach, describe, expect, it } from 'vitest';
import { MarathonSimulator } from '../../src/marathon-sim/MarathonSimulator.js';
import { resolveOptions } from '../../src/marathon-sim/SimulatorOptions.js';
import { api, app, FAST, SseClient, startSimulator } from './helpers.js';

let sim: MarathonSimulator | undefined;

afterEach(async () => {
  await sim?.stop();
  sim = undefined;
});

describe('lifecycle', () => {
  it('goes down and comes back on the same port with its state', async () => {
    const s = await startSimulator({ deployMsBase: 50 });
    sim = s.sim;
    await api(s.url, 'POST', '/v2/apps', app('/survivor', 2));
    const events = await SseClient.connect(s.url);
    await s.sim.stopAcceptingConnections();
    await events.waitForClose();
    await expect(fetch(`${s.url}/ping`)).rejects.toThrow();
    const back = await s.sim.resume();
    expect(back.url).toBe(s.url);
    expect((await api(s.url, 'GET', '/v2/apps/survivor')).status).toBe(200);
    await s.sim.deployments.idle();
    expect(s.sim.state.app('/survivor')?.instances).toHaveLength(2);
    const reconnected = await SseClient.connect(s.url);
    await reconnected.waitFor((e) => e.event === 'event_stream_attached');
    reconnected.close();
  });

  it('can answer every request with an error status while reachable', async () => {
    const s = await startSimulator();
    sim = s.sim;
    s.sim.failRequests(503);
    const res = await api(s.url, 'GET', '/v2/groups');
    expect(res.status).toBe(503);
    expect(res.body.message).toMatch(/unavailable/);
    s.sim.failRequests(null);
    expect((await api(s.url, 'GET', '/v2/groups')).status).toBe(200);
  });

  it('picks a free port for port 0, refuses a second start and stops idempotently', async () => {
    sim = new MarathonSimulator(FAST);
    expect(() => sim?.url).toThrow(/not been started/);
    const { port, url, host } = await sim.start();
    expect(port).toBeGreaterThan(0);
    expect(host).toBe('127.0.0.1');
    expect(url).toBe(`http://127.0.0.1:${port}`);
    await expect(sim.start()).rejects.toThrow(/already listening/);
    await sim.stop();
    await sim.stop();
    await expect(fetch(`${url}/ping`)).rejects.toThrow();
  });

  it('reports a port that is taken', async () => {
    const s = await startSimulator();
    sim = s.sim;
    const other = new MarathonSimulator({ ...FAST, port: Number(new URL(s.url).port) });
    await expect(other.start()).rejects.toThrow(/EADDRINUSE/);
  });

  it('validates options up front', () => {
    expect(resolveOptions().port).toBe(8080);
    expect(resolveOptions({ port: undefined }).host).toBe('127.0.0.1');
    expect(() => new MarathonSimulator({ failureRate: 2 })).toThrow(/failureRate/);
    expect(() => new MarathonSimulator({ deployMsBase: -1 })).toThrow(/deployMsBase/);
    expect(() => new MarathonSimulator({ port: 1.5 })).toThrow(/port/);
    expect(() => new MarathonSimulator({ host: '' })).toThrow(/host/);
  });

  it('logs requests and deployments unless quiet', async () => {
    const lines: string[] = [];
    sim = new MarathonSimulator({ ...FAST, quiet: false, log: (line) => lines.push(line) });
    const { url } = await sim.start();
    await api(url, 'POST', '/v2/apps', app('/logged'));
    await sim.deployments.idle();
    expect(lines.some((l) => l.startsWith('POST /v2/apps -> 201'))).toBe(true);
    expect(lines.some((l) => /deployment .* finished after \d+ ms \(\/logged\)/.test(l))).toBe(true);
  });
});
