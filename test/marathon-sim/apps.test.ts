import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MarathonSimulator } from '../../src/marathon-sim/MarathonSimulator.js';
import { api, app, ISO_TIMESTAMP, startSimulator, UUID } from './helpers.js';

let sim: MarathonSimulator;
let url: string;

beforeEach(async () => {
  ({ sim, url } = await startSimulator());
});
afterEach(async () => {
  await sim.stop();
});

describe('system endpoints', () => {
  it('answers GET /ping with a plain-text pong', async () => {
    const res = await api(url, 'GET', '/ping');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(res.text).toBe('pong');
  });

  it('answers GET /v2/info with the elected leader', async () => {
    const res = await api(url, 'GET', '/v2/info');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ name: 'marathon', elected: true, leader: url.replace('http://', '') });
    expect(typeof res.body.version).toBe('string');
    expect(res.body.frameworkId).toMatch(/-0000$/);
    expect(res.headers.get('x-marathon-leader')).toBe(url);
  });

  it('answers unknown paths with 404 and wrong methods with 405', async () => {
    expect((await api(url, 'GET', '/v2/nothing')).status).toBe(404);
    expect((await api(url, 'GET', '/elsewhere')).status).toBe(404);
    expect((await api(url, 'PATCH', '/v2/apps', {})).status).toBe(405);
    expect((await api(url, 'POST', '/ping')).status).toBe(405);
  });
});

describe('POST /v2/apps', () => {
  it('creates an app: 201, Location, Marathon-Deployment-Id and the app JSON with counts and deployments', async () => {
    const res = await api(url, 'POST', '/v2/apps', app('web', 2, { env: { A: '1' } }));
    expect(res.status).toBe(201);
    const deploymentId = res.headers.get('marathon-deployment-id');
    expect(deploymentId).toMatch(UUID);
    expect(res.headers.get('location')).toBe('/v2/apps/web');
    const body = res.body;
    expect(body.id).toBe('/web');
    expect(body).toMatchObject({
      cmd: 'sleep 1200', instances: 2, cpus: 0.1, mem: 64, disk: 0, env: { A: '1' }, constraints: [],
      healthChecks: [], upgradeStrategy: { minimumHealthCapacity: 1, maximumOverCapacity: 1 },
      tasksStaged: 0, tasksRunning: 0, tasksHealthy: 0, tasksUnhealthy: 0, tasks: [],
    });
    expect(body.version).toMatch(ISO_TIMESTAMP);
    expect(body.versionInfo).toEqual({ lastScalingAt: body.version, lastConfigChangeAt: body.version });
    expect(body.portDefinitions).toEqual([{ port: 10000, protocol: 'tcp', name: 'default', labels: {} }]);
    expect(body.deployments).toEqual([{ id: deploymentId }]);
  });

  it('refuses a duplicate id with 409 and Marathon message', async () => {
    expect((await api(url, 'POST', '/v2/apps', app('/dup'))).status).toBe(201);
    const res = await api(url, 'POST', '/v2/apps', app('/dup'));
    expect(res.status).toBe(409);
    expect(res.body).toEqual({ message: 'An app with id [/dup] already exists.' });
  });

  it('validates the id and the definition', async () => {
    const missing = await api(url, 'POST', '/v2/apps', { cmd: 'x' });
    expect(missing.status).toBe(422);
    expect(missing.body).toEqual({ message: 'Object is not valid', details: [{ path: '/id', errors: ['error.path.missing'] }] });
    const upper = await api(url, 'POST', '/v2/apps', app('/Web'));
    expect(upper.status).toBe(422);
    expect(upper.body.details[0].path).toBe('/id');
    const noCmd = await api(url, 'POST', '/v2/apps', { id: '/nocmd' });
    expect(noCmd.status).toBe(422);
    expect(noCmd.body.details[0].errors[0]).toContain("'cmd' or 'args'");
    const negative = await api(url, 'POST', '/v2/apps', app('/neg', -1));
    expect(negative.status).toBe(422);
    expect((await api(url, 'POST', '/v2/apps', '{"id": ')).status).toBe(400);
    expect((await api(url, 'POST', '/v2/apps', [1, 2])).status).toBe(400);
    expect(sim.state.apps()).toHaveLength(0);
  });

  it('creates the intermediate groups of a nested id', async () => {
    await api(url, 'POST', '/v2/apps', app('/a/b/c'));
    expect(sim.state.groupIds()).toEqual(['/a', '/a/b']);
    const root = await api(url, 'GET', '/v2/groups');
    expect(root.body.groups[0].id).toBe('/a');
    expect(root.body.groups[0].groups[0].apps[0].id).toBe('/a/b/c');
  });

  it('refuses an app below another app', async () => {
    await api(url, 'POST', '/v2/apps', app('/leaf'));
    const res = await api(url, 'POST', '/v2/apps', app('/leaf/child'));
    expect(res.status).toBe(409);
  });
});

describe('GET /v2/apps', () => {
  it('lists apps with counts and deployments, filters by id and embeds tasks on request', async () => {
    await api(url, 'POST', '/v2/apps', app('/shop/web', 2));
    await api(url, 'POST', '/v2/apps', app('/shop/db'));
    await sim.deployments.idle();
    const all = await api(url, 'GET', '/v2/apps');
    expect(all.status).toBe(200);
    expect(all.body.apps.map((a: { id: string }) => a.id).sort()).toEqual(['/shop/db', '/shop/web']);
    const web = all.body.apps.find((a: { id: string }) => a.id === '/shop/web');
    expect(web).toMatchObject({ tasksRunning: 2, tasksStaged: 0, deployments: [] });
    expect(web.tasks).toBeUndefined();
    const filtered = await api(url, 'GET', '/v2/apps?id=WEB&embed=apps.tasks');
    expect(filtered.body.apps).toHaveLength(1);
    expect(filtered.body.apps[0].tasks).toHaveLength(2);
  });

  it('shows one app with tasks, and 404 for an unknown one', async () => {
    await api(url, 'POST', '/v2/apps', app('/one', 2));
    await sim.deployments.idle();
    const res = await api(url, 'GET', '/v2/apps/one');
    expect(res.status).toBe(200);
    expect(res.body.app).toMatchObject({ id: '/one', tasksRunning: 2, tasksStaged: 0, deployments: [], readinessCheckResults: [] });
    const task = res.body.app.tasks[0];
    expect(task).toMatchObject({ appId: '/one', state: 'TASK_RUNNING', version: res.body.app.version, localVolumes: [] });
    expect(task.id).toMatch(/^one\.instance-[0-9a-f-]{36}\._app\.1$/);
    expect(task.startedAt).toMatch(ISO_TIMESTAMP);
    expect(task.stagedAt).toMatch(ISO_TIMESTAMP);
    expect(task.host).toMatch(/^10\.0\.0\.\d+$/);
    expect(task.ports).toHaveLength(1);
    expect(task.slaveId).toMatch(/-S\d+$/);
    const missing = await api(url, 'GET', '/v2/apps/nope');
    expect(missing.status).toBe(404);
    expect(missing.body).toEqual({ message: "App '/nope' does not exist" });
  });
});

describe('PUT /v2/apps/<id>', () => {
  it('patches by default, returns {version, deploymentId}, and keeps lastConfigChangeAt on a pure scale', async () => {
    const created = await api(url, 'POST', '/v2/apps', app('/svc'));
    await sim.deployments.idle();
    const res = await api(url, 'PUT', '/v2/apps/svc', { instances: 3 });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ version: expect.stringMatching(ISO_TIMESTAMP), deploymentId: res.headers.get('marathon-deployment-id') });
    await sim.deployments.idle();
    const shown = (await api(url, 'GET', '/v2/apps/svc')).body.app;
    expect(shown).toMatchObject({ cmd: 'sleep 1200', instances: 3, tasksRunning: 3, version: res.body.version });
    expect(shown.versionInfo).toEqual({ lastScalingAt: res.body.version, lastConfigChangeAt: created.body.version });
    const changed = await api(url, 'PUT', '/v2/apps/svc', { cmd: 'sleep 5' });
    await sim.deployments.idle();
    const after = (await api(url, 'GET', '/v2/apps/svc')).body.app;
    expect(after.versionInfo.lastConfigChangeAt).toBe(changed.body.version);
    expect(after.tasks.every((t: { version: string }) => t.version === changed.body.version)).toBe(true);
  });

  it('accepts the full app JSON a GET returned (what MarathonUpdateChannel sends)', async () => {
    await api(url, 'POST', '/v2/apps', app('/round', 1));
    await sim.deployments.idle();
    const fetched = (await api(url, 'GET', '/v2/apps')).body.apps[0];
    delete fetched.version;
    delete fetched.fetch;
    const res = await api(url, 'PUT', `/v2/apps${fetched.id}`, { ...fetched, instances: 2 });
    expect(res.status).toBe(200);
    await sim.deployments.idle();
    const stored = sim.state.app('/round')?.definition ?? {};
    expect(stored.instances).toBe(2);
    expect(stored).not.toHaveProperty('tasksRunning');
    expect(stored).not.toHaveProperty('deployments');
  });

  it('creates an unknown app with 201', async () => {
    const res = await api(url, 'PUT', '/v2/apps/fresh', app('/fresh'));
    expect(res.status).toBe(201);
    expect(res.headers.get('marathon-deployment-id')).toBe(res.body.deploymentId);
    expect(sim.state.app('/fresh')).toBeDefined();
  });

  it('answers 409 while a deployment locks the app, and supersedes it with ?force=true', async () => {
    const slow = await startSimulator({ deployMsBase: 2000 });
    try {
      const created = await api(slow.url, 'POST', '/v2/apps', app('/locked', 3));
      const first = created.headers.get('marathon-deployment-id');
      const locked = await api(slow.url, 'PUT', '/v2/apps/locked', { instances: 1 });
      expect(locked.status).toBe(409);
      expect(locked.body).toEqual({
        message: "App is locked by one or more deployments. Override with the option '?force=true'. View details at '/v2/deployments/<DEPLOYMENT_ID>'.",
        deployments: [{ id: first }],
      });
      expect((await api(slow.url, 'DELETE', '/v2/apps/locked')).status).toBe(409);
      const forced = await api(slow.url, 'PUT', '/v2/apps/locked?force=true', { instances: 1 });
      expect(forced.status).toBe(200);
      const running = (await api(slow.url, 'GET', '/v2/deployments')).body.map((d: { id: string }) => d.id);
      expect(running).toEqual([forced.body.deploymentId]);
    } finally {
      await slow.sim.stop();
    }
  });
});

describe('DELETE /v2/apps/<id>', () => {
  it('tolerates the double slash the original driver sends and removes the app at once', async () => {
    await sim.stop();
    ({ sim, url } = await startSimulator({ deployMsBase: 400, deployMsPerInstance: 1 }));
    await api(url, 'POST', '/v2/apps', app('/gone', 2));
    await sim.deployments.idle();
    const res = await api(url, 'DELETE', '/v2/apps//gone?force=true');
    expect(res.status).toBe(200);
    const id = res.headers.get('marathon-deployment-id');
    expect(res.body).toEqual({ version: expect.stringMatching(ISO_TIMESTAMP), deploymentId: id });
    expect((await api(url, 'GET', '/v2/apps')).body.apps).toEqual([]);
    expect((await api(url, 'GET', '/v2/apps/gone')).status).toBe(404);
    const running = (await api(url, 'GET', '/v2/deployments')).body;
    expect(running.map((d: { id: string }) => d.id)).toContain(id);
    await sim.deployments.idle();
    expect((await api(url, 'GET', '/v2/deployments')).body).toEqual([]);
    expect(sim.state.isEmpty()).toBe(true);
  });

  it('answers 404 for an unknown app', async () => {
    const res = await api(url, 'DELETE', '/v2/apps/none?force=true');
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ message: "App '/none' does not exist" });
  });
});
