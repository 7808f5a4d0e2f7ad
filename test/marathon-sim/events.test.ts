import { connect } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MarathonSimulator } from '../../src/marathon-sim/MarathonSimulator.js';
import { api, app, ISO_TIMESTAMP, SseClient, startSimulator } from './helpers.js';

let sim: MarathonSimulator;
let url: string;
const clients: SseClient[] = [];

async function subscribe(path = '/v2/events'): Promise<SseClient> {
  const client = await SseClient.connect(url, path);
  clients.push(client);
  return client;
}

/** A raw HTTP exchange, to control the protocol version. */
function rawRequest(text: string): Promise<string> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => socket.write(text));
    let received = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      received += chunk;
      if (received.includes('\r\n\r\n')) {
        socket.destroy();
        resolve(received);
      }
    });
    socket.on('error', reject);
  });
}

beforeEach(async () => {
  ({ sim, url } = await startSimulator());
});
afterEach(async () => {
  for (const client of clients.splice(0)) client.close();
  await sim.stop();
});

describe('GET /v2/events without an SSE Accept header', () => {
  it('is refused at once with 405 like Marathon’s servlet (400 for HTTP/1.0)', async () => {
    const res = await api(url, 'GET', '/v2/events');
    expect(res.status).toBe(405);
    expect(res.body).toEqual({ message: 'HTTP method GET is not supported by this URL' });
    const http10 = await rawRequest('GET /v2/events HTTP/1.0\r\nHost: x\r\n\r\n');
    expect(http10).toMatch(/^HTTP\/1\.1 400 /);
    expect((await api(url, 'POST', '/v2/events', {})).status).toBe(405);
  });
});

describe('the event stream', () => {
  it('reports an app deployment in Marathon’s order with Marathon’s payloads', async () => {
    const events = await subscribe();
    const created = await api(url, 'POST', '/v2/apps', app('/seq/web', 2));
    const id = created.headers.get('marathon-deployment-id');
    await events.waitFor((e) => e.event === 'deployment_success');
    const relevant = events.events.filter((e) => e.event !== 'event_stream_attached');
    const names = relevant.map((e) => `${e.event}${e.data.taskStatus ? `:${e.data.taskStatus}` : ''}${e.data.condition ? `:${e.data.condition}` : ''}`);
    expect(names).toEqual([
      'api_post_event',
      'group_change_success',
      'deployment_info',
      'deployment_step_success',
      'deployment_info',
      'status_update_event:TASK_STAGING',
      'instance_changed_event:Staging',
      'status_update_event:TASK_STAGING',
      'instance_changed_event:Staging',
      'status_update_event:TASK_RUNNING',
      'instance_changed_event:Running',
      'status_update_event:TASK_RUNNING',
      'instance_changed_event:Running',
      'deployment_step_success',
      'deployment_success',
    ]);
    for (const e of relevant) {
      expect(e.data.eventType).toBe(e.event);
      expect(e.data.timestamp).toMatch(ISO_TIMESTAMP);
    }
    const [post, change, info1, , info2, staging, changed] = relevant;
    expect(post?.data).toMatchObject({ uri: '/v2/apps', clientIp: expect.any(String), appDefinition: { id: '/seq/web', instances: 2 } });
    expect(change?.data).toMatchObject({ groupId: '/seq', version: created.body.version });
    expect(info1?.data.plan).toMatchObject({
      id,
      version: created.body.version,
      steps: [{ actions: [{ action: 'StartApplication', app: '/seq/web' }] }, { actions: [{ action: 'ScaleApplication', app: '/seq/web' }] }],
      original: { id: '/', apps: [], groups: [] },
      target: { id: '/', groups: [{ id: '/seq', apps: [{ id: '/seq/web' }] }] },
    });
    expect(info1?.data.currentStep).toEqual({ actions: [{ action: 'StartApplication', app: '/seq/web' }] });
    expect(info2?.data.currentStep).toEqual({ actions: [{ action: 'ScaleApplication', app: '/seq/web' }] });
    expect(staging?.data).toMatchObject({
      appId: '/seq/web', taskStatus: 'TASK_STAGING', message: '', version: created.body.version,
      host: expect.stringMatching(/^10\.0\.0\./), slaveId: expect.any(String), ipAddresses: [{ protocol: 'IPv4' }],
    });
    expect(staging?.data.taskId).toMatch(/^seq_web\.instance-/);
    expect(changed?.data).toMatchObject({ runSpecId: '/seq/web', condition: 'Staging', runSpecVersion: created.body.version });
    expect(events.ofType('deployment_success')[0]?.data).toMatchObject({ id, plan: { id } });
  });

  it('frames events with CRLF and sends comment heartbeats', async () => {
    const events = await subscribe();
    await api(url, 'POST', '/v2/apps', app('/crlf'));
    await events.waitFor((e) => e.event === 'deployment_success');
    await new Promise((r) => setTimeout(r, 120));
    expect(events.raw).toMatch(/^event: event_stream_attached\r\ndata: \{.*\}\r\n\r\n/);
    expect(events.raw).toContain('event: deployment_info\r\ndata: {"plan":');
    expect(events.raw).not.toMatch(/[^\r]\n/);
    expect(events.comments).toBeGreaterThan(0);
    expect(events.response.headers['content-type']).toBe('text/event-stream');
  });

  it('filters by event_type and can strip plans with plan-format=light', async () => {
    const filtered = await subscribe('/v2/events?event_type=deployment_success&event_type=deployment_failed');
    const light = await subscribe('/v2/events?event_type=deployment_info&plan-format=light');
    await api(url, 'POST', '/v2/apps', app('/filtered'));
    await filtered.waitFor((e) => e.event === 'deployment_success');
    await sim.deployments.idle();
    expect(new Set(filtered.events.map((e) => e.event))).toEqual(new Set(['deployment_success']));
    expect(light.events.every((e) => e.event === 'deployment_info')).toBe(true);
    expect(light.events[0]?.data.plan).not.toHaveProperty('original');
    expect(light.events[0]?.data.plan).toHaveProperty('steps');
  });

  it('serves many concurrent clients', async () => {
    const many = await Promise.all(Array.from({ length: 25 }, () => subscribe('/v2/events?event_type=deployment_success')));
    expect(sim.events.clientCount).toBe(25);
    await api(url, 'POST', '/v2/apps', app('/fanout', 3));
    await Promise.all(many.map((c) => c.waitFor((e) => e.event === 'deployment_success')));
  });

  it('lets clients reconnect after the streams were dropped', async () => {
    const before = await subscribe();
    sim.dropEventStreams();
    await before.waitForClose();
    const after = await subscribe();
    await api(url, 'POST', '/v2/apps', app('/again'));
    await after.waitFor((e) => e.event === 'deployment_success');
    expect(before.ofType('deployment_success')).toHaveLength(0);
  });

  it('ends a superseded deployment with deployment_failed', async () => {
    const slow = await startSimulator({ deployMsBase: 600 });
    try {
      const events = await SseClient.connect(slow.url, '/v2/events?event_type=deployment_failed&event_type=deployment_success');
      clients.push(events);
      const first = (await api(slow.url, 'POST', '/v2/apps', app('/sup', 2))).headers.get('marathon-deployment-id');
      const second = (await api(slow.url, 'PUT', '/v2/apps/sup?force=true', { instances: 1 })).body.deploymentId;
      const failed = await events.waitFor((e) => e.event === 'deployment_failed');
      expect(failed.data.id).toBe(first);
      expect(failed.data.reason).toContain(`superseded by deployment ${second}`);
      await events.waitFor((e) => e.event === 'deployment_success' && e.data.id === second);
    } finally {
      await slow.sim.stop();
    }
  });

  it('reports killed instances when an app is removed', async () => {
    await api(url, 'POST', '/v2/apps', app('/kill', 2));
    await sim.deployments.idle();
    const events = await subscribe();
    await api(url, 'DELETE', '/v2/apps/kill?force=true');
    const success = await events.waitFor((e) => e.event === 'deployment_success');
    expect(success.data.plan.steps).toEqual([{ actions: [{ action: 'StopApplication', app: '/kill' }] }]);
    expect(events.ofType('status_update_event').map((e) => e.data.taskStatus)).toEqual(['TASK_KILLED', 'TASK_KILLED']);
    expect(events.ofType('instance_changed_event').map((e) => e.data.condition)).toEqual(['Killed', 'Killed']);
  });

  it('sends pod lifecycle events', async () => {
    const events = await subscribe('/v2/events?event_type=pod_created_event');
    await api(url, 'POST', '/v2/pods', { id: '/pe', containers: [{ name: 'c', resources: { cpus: 0.1, mem: 16 } }] });
    const created = await events.waitFor((e) => e.event === 'pod_created_event');
    expect(created.data).toMatchObject({ uri: '/v2/pods', clientIp: expect.any(String) });
  });
});
