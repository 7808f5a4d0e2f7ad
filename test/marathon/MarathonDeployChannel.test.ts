import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { MarathonSimulator } from '../../src/marathon-sim/MarathonSimulator.js';
import { api, appSpec, harness, includesAll, recordingServer, startSimulator, type RecordingServer } from './harness.js';

let sim: MarathonSimulator;
let url: string;
let server: RecordingServer;

beforeAll(async () => {
  ({ sim, url } = await startSimulator());
  server = await recordingServer();
});
afterAll(async () => {
  await sim.stop();
  await server.close();
});
beforeEach(async () => {
  await api(url, 'DELETE', '/v2/groups/?force=true');
  await sim.deployments.idle();
  server.requests = [];
  server.maxInFlight = 0;
  server.delayMs = 0;
  server.statuses = [];
});

const UUID = /^[0-9a-f-]{36}$/;

describe('channel.MarathonDeployChannel', () => {
  it('POSTs `repeat` rendered specs ({{_i}} and parameters) and publishes Requested then Started, traced to the update', async () => {
    const h = await harness(`
channels:
  - class: channel.MarathonDeployChannel
    url: "${url}"
    deploy:
      - type: app
        repeat: "{{count}}"
        spec: |
          {"id": "load/app-{{_i}}", "cmd": "sleep 1200", "cpus": 0.1, "mem": 64, "instances": {{size}}}
`);
    const update = h.update({ count: 3, size: 2 });
    await h.waitFor(() => h.named('MarathonDeploymentStartedEvent').length === 3);
    await sim.deployments.idle();
    expect(sim.state.apps().map((a) => [a.id, a.definition.instances, a.instances.length]).sort()).toEqual([
      ['/load/app-0', 2, 2],
      ['/load/app-1', 2, 2],
      ['/load/app-2', 2, 2],
    ]);
    const requested = h.named('MarathonDeploymentRequestedEvent');
    expect(requested.map((e) => e.instance).sort()).toEqual(['/load/app-0', '/load/app-1', '/load/app-2']);
    for (const e of requested) expect(includesAll(e.traceids, update.traceids)).toBe(true);
    for (const started of h.named('MarathonDeploymentStartedEvent')) {
      const request = requested.find((e) => e.instance === started.instance)!;
      expect(includesAll(started.traceids, request.traceids)).toBe(true);
      expect(started.deployment).toMatch(UUID);
      expect(h.events.indexOf(request)).toBeLessThan(h.events.indexOf(started));
    }
    expect(h.logs).toContain(`INFO Deploying 3 apps to ${url}/v2/apps`);
    expect(h.logs).toContain('INFO Deployed 3 of 3 apps');
    await h.close();
  });

  it('deploys pods and groups to their endpoints', async () => {
    const h = await harness(`
channels:
  - class: channel.MarathonDeployChannel
    url: "${url}/"
    trigger: always
    deploy:
      - type: pod
        spec: '{"id": "/pods/web", "containers": [{"name": "c", "resources": {"cpus": 0.1, "mem": 32}}], "scaling": {"kind": "fixed", "instances": 1}}'
      - type: group
        repeat: 2
        spec: '{"id": "/grp-{{_i}}", "apps": [{"id": "a", "cmd": "sleep 1", "instances": 1}, {"id": "b", "cmd": "sleep 1", "instances": 1}]}'
`);
    h.update({ x: 1 });
    await h.waitFor(() => h.named('MarathonDeploymentStartedEvent').length === 3);
    expect(h.named('MarathonDeploymentStartedEvent').map((e) => e.instance).sort()).toEqual(['/grp-0', '/grp-1', '/pods/web']);
    expect(sim.state.pods().map((p) => p.id)).toEqual(['/pods/web']);
    expect(sim.state.apps().map((a) => a.id).sort()).toEqual(['/grp-0/a', '/grp-0/b', '/grp-1/a', '/grp-1/b']);
    await h.close();
  });

  it('retries a refused deployment `tries` times, `interval` apart, with a Requested event before every attempt', async () => {
    await api(url, 'POST', '/v2/apps', appSpec('/taken', 0));
    const h = await harness(`
channels:
  - class: channel.MarathonDeployChannel
    url: "${url}"
    retry:
      tries: 3
      interval: 50ms
    deploy:
      - spec: '{"id": "/taken", "cmd": "sleep {{n}}"}'
`);
    h.update({ n: 1 });
    await h.waitFor(() => h.logs.includes('INFO Deployed 0 of 1 app (1 failed)'));
    const requested = h.named('MarathonDeploymentRequestedEvent');
    const failed = h.named('MarathonDeploymentRequestFailedEvent');
    expect(requested).toHaveLength(3);
    expect(failed).toHaveLength(3);
    failed.forEach((f, i) => {
      expect(f.status_code).toBe(409);
      expect(f.response).toContain('An app with id [/taken] already exists.');
      expect(f.respose).toBe(f.response);
      expect(includesAll(f.traceids, requested[i]!.traceids)).toBe(true);
    });
    expect(requested[1]!.ts - requested[0]!.ts).toBeGreaterThanOrEqual(0.045);
    expect(h.logs.filter((l) => l.startsWith('WARNING'))).toEqual(['WARNING Deployment of app "/taken" failed: HTTP 409 {"message":"An app with id [/taken] already exists."} (retrying)']);
    await h.close();
  });

  it('`retry: no` tries once and the channel keeps working; a retried deployment succeeds once Marathon recovers', async () => {
    const h = await harness(`
channels:
  - class: channel.MarathonDeployChannel
    url: "${url}"
    retry: no
    deploy:
      - spec: '{"id": "/once-{{n}}", "cmd": "sleep 1"}'
  - class: channel.MarathonDeployChannel
    url: "${url}"
    retry: {tries: 20, interval: 20ms}
    deploy:
      - spec: '{"id": "/later-{{m}}", "cmd": "sleep 1"}'
`);
    sim.failRequests(503);
    h.update({ n: 1 });
    await h.waitFor(() => h.logs.includes('INFO Deployed 0 of 1 app (1 failed)'));
    expect(h.named('MarathonDeploymentRequestFailedEvent').map((e) => [e.instance, e.status_code])).toEqual([['/once-1', 503]]);
    h.update({ m: 1 });
    await h.waitFor(() => h.named('MarathonDeploymentRequestFailedEvent').length >= 3);
    sim.failRequests(null);
    h.update({ n: 2 });
    await h.waitFor(() => h.named('MarathonDeploymentStartedEvent').length === 2);
    expect(h.named('MarathonDeploymentStartedEvent').map((e) => e.instance).sort()).toEqual(['/later-1', '/once-2']);
    await h.close();
  });

  it('retries by default, a second after the failed attempt', async () => {
    const h = await harness(`
channels:
  - class: channel.MarathonDeployChannel
    url: "${url}"
    deploy:
      - spec: '{"id": "/default-{{n}}", "cmd": "sleep 1"}'
`);
    sim.failRequests(503);
    h.update({ n: 1 });
    await h.waitFor(() => h.named('MarathonDeploymentRequestFailedEvent').length === 1);
    sim.failRequests(null);
    await h.waitFor(() => h.named('MarathonDeploymentStartedEvent').length === 1, 3000);
    const [first, second] = h.named('MarathonDeploymentRequestedEvent');
    expect(second!.ts - first!.ts).toBeGreaterThanOrEqual(0.99);
    await h.close();
  });

  it('`parallel` bounds the requests in flight; the default is 2', async () => {
    server.delayMs = 30;
    const h = await harness(`
channels:
  - class: channel.MarathonDeployChannel
    url: "${server.url}"
    deploy:
      - repeat: "{{n}}"
        parallel: 4
        spec: '{"id": "/p-{{_i}}"}'
  - class: channel.MarathonDeployChannel
    url: "${server.url}"
    deploy:
      - repeat: "{{m}}"
        spec: '{"id": "/d-{{_i}}"}'
`);
    h.update({ n: 12 });
    await h.waitFor(() => h.named('MarathonDeploymentStartedEvent').length === 12);
    expect(server.maxInFlight).toBe(4);
    server.maxInFlight = 0;
    h.update({ m: 6 });
    await h.waitFor(() => h.named('MarathonDeploymentStartedEvent').length === 18);
    expect(server.maxInFlight).toBe(2);
    expect(server.requests.every((r) => r.method === 'POST' && r.url === '/v2/apps' && r.headers['content-type'] === 'application/json')).toBe(true);
    await h.close();
  });

  it('`burst` sends groups, `rate` spaces them, `delay` waits before the first; the token is sent when defined', async () => {
    server.delayMs = 40;
    const h = await harness(
      `
channels:
  - class: channel.MarathonDeployChannel
    url: "${server.url}"
    headers:
      X-Originating-From: Python
    deploy:
      - type: pod
        repeat: 6
        burst: "{{b}}"
        delay: 100ms
        spec: '{"id": "/b-{{_i}}"}'
      - type: group
        repeat: 4
        rate: "{{r}}"
        spec: '{"id": "/r-{{_i}}"}'
`,
      { define: { dcos_auth_token: 'secret-token' } },
    );
    const t0 = process.hrtime.bigint();
    h.update({ b: 3, r: 20 });
    await h.waitFor(() => h.named('MarathonDeploymentStartedEvent').length === 10);
    const at = (path: string): number[] => server.requests.filter((r) => r.url === path).map((r) => Number(r.at - t0) / 1e6);
    const pods = at('/v2/pods');
    // The moments the requests were started: arrivals also depend on connection set-up.
    const groups = h.named('MarathonDeploymentRequestedEvent').filter((e) => String(e.instance).startsWith('/r-')).map((e) => e.ts * 1000);
    expect(h.logs).toContain('INFO Waiting 0.1 sec before placing the first request');
    expect(pods[0]!).toBeGreaterThanOrEqual(99);
    expect(pods[2]! - pods[0]!).toBeLessThan(20);
    expect(pods[3]! - pods[0]!).toBeGreaterThanOrEqual(39);
    expect(groups).toHaveLength(4);
    for (let i = 1; i < groups.length; i++) expect(groups[i]! - groups[0]!).toBeGreaterThanOrEqual(i * 50 - 2);
    for (const r of server.requests) {
      expect(r.headers.authorization).toBe('token=secret-token');
      expect(r.headers['x-originating-from']).toBe('Python');
    }
    await h.close();
  });

  it('logs a spec without `id` or that is not JSON, and sends nothing for it', async () => {
    const h = await harness(`
channels:
  - class: channel.MarathonDeployChannel
    url: "${server.url}"
    trigger: always
    deploy:
      - spec: '{"cmd": "sleep 1"}'
      - spec: '{"id": "/x", {{broken}}'
      - repeat: "{{count}}"
        spec: '{"id": "/y"}'
`);
    h.update({ count: 'many' });
    await h.bus.flush();
    await new Promise((r) => setTimeout(r, 50));
    expect(h.logs).toContain('ERROR Deployment body is expected to have an "id" field');
    expect(h.logs.some((l) => l.startsWith('ERROR The spec of deploy[1] is not valid JSON'))).toBe(true);
    expect(h.logs).toContain('ERROR Not deploying deploy[2]: `repeat` must be a whole number of deployments, got "many"');
    expect(server.requests).toEqual([]);
    await h.close();
  });

  it('teardown aborts a pending delay and the requests in flight', async () => {
    server.delayMs = 2000;
    const h = await harness(`
channels:
  - class: channel.MarathonDeployChannel
    url: "${server.url}"
    trigger: always
    deploy:
      - delay: 10s
        spec: '{"id": "/late"}'
      - spec: '{"id": "/slow"}'
`);
    h.update({ x: 1 });
    await h.waitFor(() => server.requests.length === 1);
    const started = performance.now();
    await h.close();
    await new Promise((r) => setTimeout(r, 20));
    expect(performance.now() - started).toBeLessThan(500);
    expect(h.named('MarathonDeploymentStartedEvent')).toEqual([]);
    expect(server.requests.map((r) => JSON.parse(r.body).id)).toEqual(['/slow']);
  });

  it.each([
    ['deploy:\n      - spec: \'{"id": "/a"}\'\n        burst: 2\n        parallel: 3', 'deploy[0]: Please specify either a `burst` or a `parallel` parameter, but not both'],
    ['deploy:\n      - spec: \'{"id": "/a"}\'\n        type: job', 'deploy[0]: Unknown deployment type "job" (expected app, pod or group)'],
    ['deploy:\n      - spec: \'{"id": "/a"}\'\n        repaet: 2', 'deploy[0]: Unknown key `repaet` (did you mean `repeat`?)'],
    ['deploy:\n      - type: app', 'deploy[0]: `spec` must be the JSON definition'],
    ['deploy: []', '`deploy` must list at least one deployment'],
    ['retry: {tries: 0}\n    deploy:\n      - spec: \'{"id": "/a"}\'', '`retry.tries` must be a whole number of at least 1'],
    ['deploy:\n      - spec: \'{"id": "/a"}\'\n        delay: soon', 'deploy[0]: `delay` must be a time'],
  ])('rejects a bad config before the test: %s', async (options, message) => {
    await expect(harness(`
channels:
  - class: channel.MarathonDeployChannel
    url: "${url}"
    ${options}
`)).rejects.toThrow(message);
  });
});
