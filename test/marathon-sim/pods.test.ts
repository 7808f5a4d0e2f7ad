import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MarathonSimulator } from '../../src/marathon-sim/MarathonSimulator.js';
import { api, ISO_TIMESTAMP, startSimulator, UUID } from './helpers.js';

let sim: MarathonSimulator;
let url: string;

const pod = (id: string, instances = 1): Record<string, unknown> => ({
  id,
  scaling: { kind: 'fixed', instances },
  containers: [{ name: 'sleep1', exec: { command: { shell: 'sleep 1000' } }, resources: { cpus: 0.1, mem: 32 } }],
});

beforeEach(async () => {
  ({ sim, url } = await startSimulator());
});
afterEach(async () => {
  await sim.stop();
});

describe('/v2/pods', () => {
  it('answers HEAD for pod support', async () => {
    expect((await api(url, 'HEAD', '/v2/pods')).status).toBe(200);
  });

  it('creates a pod: 201, deployment header and the normalised definition', async () => {
    const res = await api(url, 'POST', '/v2/pods', pod('/pods/p1', 2));
    expect(res.status).toBe(201);
    expect(res.headers.get('marathon-deployment-id')).toMatch(UUID);
    expect(res.body).toMatchObject({
      id: '/pods/p1',
      scaling: { kind: 'fixed', instances: 2 },
      networks: [{ mode: 'host' }],
      containers: [{ name: 'sleep1' }],
      executorResources: { cpus: 0.1, mem: 32, disk: 10 },
    });
    expect(res.body.version).toMatch(ISO_TIMESTAMP);
    const deployments = (await api(url, 'GET', '/v2/deployments')).body;
    expect(deployments[0]).toMatchObject({ affectedApps: [], affectedPods: ['/pods/p1'] });
    expect(deployments[0].steps[0].actions[0]).toEqual({ action: 'StartApplication', pod: '/pods/p1' });
    await sim.deployments.idle();
    const instances = sim.state.pod('/pods/p1')?.instances ?? [];
    expect(instances.map((i) => i.state)).toEqual(['TASK_RUNNING', 'TASK_RUNNING']);
    expect(instances[0]?.taskId).toMatch(/^pods_p1\.instance-[0-9a-f-]{36}\.sleep1$/);
  });

  it('lists, shows, updates and refuses mismatched or invalid pods', async () => {
    await api(url, 'POST', '/v2/pods', pod('/p'));
    expect((await api(url, 'POST', '/v2/pods', pod('/p'))).status).toBe(409);
    const list = await api(url, 'GET', '/v2/pods');
    expect(list.body.map((p: { id: string }) => p.id)).toEqual(['/p']);
    expect((await api(url, 'GET', '/v2/pods/p')).body.id).toBe('/p');
    const missing = await api(url, 'GET', '/v2/pods/nope');
    expect(missing.status).toBe(404);
    expect(missing.body).toEqual({ message: 'pod with /nope does not exist' });
    await sim.deployments.idle();
    const updated = await api(url, 'PUT', '/v2/pods/p', pod('/p', 3));
    expect(updated.status).toBe(200);
    expect(updated.headers.get('marathon-deployment-id')).toMatch(UUID);
    expect(updated.body.scaling.instances).toBe(3);
    await sim.deployments.idle();
    expect(sim.state.pod('/p')?.instances).toHaveLength(3);
    expect((await api(url, 'PUT', '/v2/pods/p', pod('/other'))).status).toBe(400);
    const invalid = await api(url, 'POST', '/v2/pods', { id: '/empty', containers: [] });
    expect(invalid.status).toBe(422);
    expect(invalid.body.details[0].path).toBe('/containers');
  });

  it('deletes a pod with 202, an empty body and the deployment header', async () => {
    await api(url, 'POST', '/v2/pods', pod('/bye', 2));
    await sim.deployments.idle();
    const res = await api(url, 'DELETE', '/v2/pods/bye');
    expect(res.status).toBe(202);
    expect(res.text).toBe('');
    expect(res.headers.get('marathon-deployment-id')).toMatch(UUID);
    expect((await api(url, 'GET', '/v2/pods')).body).toEqual([]);
    expect((await api(url, 'DELETE', '/v2/pods/bye')).body).toEqual({ message: "Pod '/bye' does not exist" });
    await sim.deployments.idle();
    expect(sim.state.isEmpty()).toBe(true);
  });

  it('shows pods in the group tree only when group.pods is embedded (or nothing is)', async () => {
    await api(url, 'POST', '/v2/pods', pod('/in-root'));
    expect((await api(url, 'GET', '/v2/groups')).body.pods.map((p: { id: string }) => p.id)).toEqual(['/in-root']);
    expect((await api(url, 'GET', '/v2/groups?embed=group.pods')).body.pods).toHaveLength(1);
    expect((await api(url, 'GET', '/v2/groups?embed=group.apps')).body.pods).toBeUndefined();
  });
});
