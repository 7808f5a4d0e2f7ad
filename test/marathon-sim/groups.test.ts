import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MarathonSimulator } from '../../src/marathon-sim/MarathonSimulator.js';
import { api, app, eventually, ISO_TIMESTAMP, startSimulator, UUID } from './helpers.js';

let sim: MarathonSimulator;
let url: string;

const EMBED_ALL = 'embed=group.groups&embed=group.apps&embed=group.pods';

const shop = {
  id: '/shop',
  apps: [app('web', 2), app('/shop/api')],
  groups: [{ id: 'db', apps: [app('pg')] }],
};

beforeEach(async () => {
  ({ sim, url } = await startSimulator());
});
afterEach(async () => {
  await sim.stop();
});

describe('GET /v2/groups', () => {
  it('returns the empty root group', async () => {
    const res = await api(url, 'GET', '/v2/groups');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ id: '/', apps: [], groups: [], pods: [], dependencies: [], version: expect.stringMatching(ISO_TIMESTAMP) });
  });

  it('honours embed selections', async () => {
    await api(url, 'POST', '/v2/groups', shop);
    const appsOnly = (await api(url, 'GET', '/v2/groups/shop?embed=group.apps')).body;
    expect(appsOnly.apps).toHaveLength(2);
    expect(appsOnly.groups).toBeUndefined();
    const groupsOnly = (await api(url, 'GET', '/v2/groups?embed=group.groups')).body;
    expect(groupsOnly.apps).toBeUndefined();
    expect(groupsOnly.groups[0].id).toBe('/shop');
    const deploying = (await api(url, 'GET', `/v2/groups?${EMBED_ALL}&embed=group.apps.deployments&embed=group.apps.counts`)).body;
    const web = deploying.groups[0].apps.find((a: { id: string }) => a.id === '/shop/web');
    expect(web.deployments).toHaveLength(1);
    expect(web).toHaveProperty('tasksRunning');
    const plain = (await api(url, 'GET', `/v2/groups?${EMBED_ALL}`)).body.groups[0].apps[0];
    expect(plain).not.toHaveProperty('deployments');
    expect(plain).not.toHaveProperty('tasksRunning');
    await sim.deployments.idle();
    const settled = (await api(url, 'GET', '/v2/groups/shop?embed=group.apps&embed=group.apps.deployments&embed=group.apps.tasks')).body;
    expect(settled.apps.find((a: { id: string }) => a.id === '/shop/web')).toMatchObject({ deployments: [], tasks: [{}, {}] });
  });

  it('shows nested groups and answers 404 for unknown ones', async () => {
    await api(url, 'POST', '/v2/groups', shop);
    const db = await api(url, 'GET', '/v2/groups/shop/db');
    expect(db.body).toMatchObject({ id: '/shop/db', apps: [{ id: '/shop/db/pg' }], groups: [], pods: [] });
    const missing = await api(url, 'GET', '/v2/groups/nope');
    expect(missing.status).toBe(404);
    expect(missing.body).toEqual({ message: "Group '/nope' does not exist" });
  });
});

describe('POST /v2/groups', () => {
  it('creates nested groups and apps with relative ids in one deployment', async () => {
    const res = await api(url, 'POST', '/v2/groups', shop);
    expect(res.status).toBe(201);
    expect(res.headers.get('marathon-deployment-id')).toBe(res.body.deploymentId);
    expect(res.body).toEqual({ version: expect.stringMatching(ISO_TIMESTAMP), deploymentId: expect.stringMatching(UUID) });
    expect(sim.state.apps().map((r) => r.id).sort()).toEqual(['/shop/api', '/shop/db/pg', '/shop/web']);
    const [deployment] = (await api(url, 'GET', '/v2/deployments')).body;
    expect(deployment.affectedApps.sort()).toEqual(['/shop/api', '/shop/db/pg', '/shop/web']);
    expect(deployment.totalSteps).toBe(2);
    await sim.deployments.idle();
    expect(sim.state.app('/shop/web')?.instances).toHaveLength(2);
  });

  it('refuses an existing group and children outside the group', async () => {
    await api(url, 'POST', '/v2/groups', shop);
    const again = await api(url, 'POST', '/v2/groups', { id: '/shop' });
    expect(again.status).toBe(409);
    expect(again.body).toEqual({ message: 'Group /shop is already created. Use PUT to change this group.' });
    const stray = await api(url, 'POST', '/v2/groups', { id: '/x', apps: [app('/elsewhere/a')] });
    expect(stray.status).toBe(422);
    expect(stray.body.details[0].path).toBe('/apps(0)/id');
  });
});

describe('PUT /v2/groups/<id>', () => {
  it('replaces the listed apps and removes unlisted ones', async () => {
    await api(url, 'POST', '/v2/groups', shop);
    await sim.deployments.idle();
    const res = await api(url, 'PUT', '/v2/groups/shop', { apps: [app('web', 2), app('cart')] });
    expect(res.status).toBe(200);
    expect(res.headers.get('marathon-deployment-id')).toBe(res.body.deploymentId);
    expect(sim.state.apps().map((r) => r.id).sort()).toEqual(['/shop/cart', '/shop/db/pg', '/shop/web']);
    const [deployment] = (await api(url, 'GET', '/v2/deployments')).body;
    expect(deployment.affectedApps.sort()).toEqual(['/shop/api', '/shop/cart']);
  });

  it('scales every app with scaleBy and previews with dryRun', async () => {
    await api(url, 'POST', '/v2/groups', shop);
    await sim.deployments.idle();
    const preview = await api(url, 'PUT', '/v2/groups/shop?dryRun=true', { scaleBy: 2 });
    expect(preview.body).toEqual({
      steps: [{ actions: expect.arrayContaining([{ action: 'ScaleApplication', app: '/shop/web' }, { action: 'ScaleApplication', app: '/shop/db/pg' }]) }],
    });
    expect(sim.deployments.active()).toHaveLength(0);
    await api(url, 'PUT', '/v2/groups/shop', { scaleBy: 2 });
    await sim.deployments.idle();
    expect(sim.state.app('/shop/web')?.instances).toHaveLength(4);
    expect(sim.state.app('/shop/db/pg')?.instances).toHaveLength(2);
  });
});

describe('DELETE /v2/groups/<id>', () => {
  it('accepts a trailing slash and a leading double slash, and removes everything below', async () => {
    await api(url, 'POST', '/v2/groups', shop);
    await sim.deployments.idle();
    const res = await api(url, 'DELETE', '/v2/groups//shop/?force=true');
    expect(res.status).toBe(200);
    expect(res.headers.get('marathon-deployment-id')).toBe(res.body.deploymentId);
    expect(sim.state.isEmpty()).toBe(true);
    await sim.deployments.idle();
    expect((await api(url, 'DELETE', '/v2/groups/shop/')).status).toBe(404);
  });

  it('answers 409 while an app in the group is deploying unless forced', async () => {
    const slow = await startSimulator({ deployMsBase: 2000 });
    try {
      await api(slow.url, 'POST', '/v2/groups', shop);
      expect((await api(slow.url, 'DELETE', '/v2/groups/shop')).status).toBe(409);
      expect((await api(slow.url, 'DELETE', '/v2/groups/shop?force=true')).status).toBe(200);
    } finally {
      await slow.sim.stop();
    }
  });

  it('leaves the simulator empty after the RemoveAllApps / RemoveGroup sequence of the driver', async () => {
    await api(url, 'POST', '/v2/apps', app('/top', 2));
    await api(url, 'POST', '/v2/apps', app('/scale-instances/a'));
    await api(url, 'POST', '/v2/groups', shop);
    const tree = await api(url, 'GET', `/v2/groups?${EMBED_ALL}`);
    expect(tree.status).toBe(200);
    const ids: string[] = [];
    for (const rootApp of tree.body.apps) {
      const res = await api(url, 'DELETE', `/v2/apps/${rootApp.id}?force=true`);
      expect(res.status).toBe(200);
      ids.push(res.headers.get('marathon-deployment-id') ?? '');
    }
    for (const group of ['/scale-instances', 'shop']) {
      const res = await api(url, 'DELETE', `/v2/groups/${group}/?force=true`);
      expect(res.status).toBe(200);
      ids.push(res.headers.get('marathon-deployment-id') ?? '');
    }
    await eventually(async () => {
      const running = (await api(url, 'GET', '/v2/deployments')).body as Array<{ id: string }>;
      return !running.some((d) => ids.includes(d.id));
    });
    expect(sim.state.isEmpty()).toBe(true);
    expect((await api(url, 'GET', `/v2/groups?${EMBED_ALL}`)).body).toMatchObject({ apps: [], groups: [], pods: [] });
  });

  it('clears the root group with DELETE /v2/groups', async () => {
    await api(url, 'POST', '/v2/groups', shop);
    await api(url, 'POST', '/v2/apps', app('/solo'));
    expect((await api(url, 'DELETE', '/v2/groups?force=true')).status).toBe(200);
    expect(sim.state.isEmpty()).toBe(true);
  });
});
