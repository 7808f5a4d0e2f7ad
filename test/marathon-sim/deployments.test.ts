import { performance } from 'node:perf_hooks';
import { afterEach, describe, expect, it } from 'vitest';
import type { MarathonSimulator } from '../../src/marathon-sim/MarathonSimulator.js';
import type { SimulatorOptions } from '../../src/marathon-sim/SimulatorOptions.js';
import { api, app, ISO_TIMESTAMP, SseClient, startSimulator, UUID } from './helpers.js';

const started: MarathonSimulator[] = [];

async function simulator(options: Partial<SimulatorOptions> = {}): Promise<{ sim: MarathonSimulator; url: string }> {
  const s = await startSimulator(options);
  started.push(s.sim);
  return s;
}

afterEach(async () => {
  await Promise.all(started.splice(0).map((s) => s.stop()));
});

/** Wall time from POST to the end of the deployment. */
async function deployTime(url: string, sim: MarathonSimulator, body: Record<string, unknown>): Promise<number> {
  const t0 = performance.now();
  expect((await api(url, 'POST', '/v2/apps', body)).status).toBe(201);
  await sim.deployments.idle();
  return performance.now() - t0;
}

/** Deploys `count` apps one after the other and returns the ids whose deployment failed. */
async function failedApps(seed: number, failureRate: number, count: number): Promise<string[]> {
  const { sim, url } = await simulator({ seed, failureRate });
  const events = await SseClient.connect(url, '/v2/events?event_type=deployment_failed');
  for (let i = 0; i < count; i++) await api(url, 'POST', '/v2/apps', app(`/f/app-${i}`, 2));
  await sim.deployments.idle();
  await new Promise((r) => setTimeout(r, 20));
  events.close();
  const ids = events.events.flatMap((e) => e.data.plan.steps.flatMap((s: { actions: Array<{ app: string }> }) => s.actions.map((a) => a.app)));
  return [...new Set(ids)];
}

describe('GET /v2/deployments', () => {
  it("lists running deployments in Marathon's shape", async () => {
    const { url } = await simulator({ deployMsBase: 2000 });
    const created = await api(url, 'POST', '/v2/apps', app('/d/web', 2));
    const res = await api(url, 'GET', '/v2/deployments');
    expect(res.status).toBe(200);
    expect(res.body).toEqual([
      {
        id: created.headers.get('marathon-deployment-id'),
        version: created.body.version,
        affectedApps: ['/d/web'],
        affectedPods: [],
        steps: [{ actions: [{ action: 'StartApplication', app: '/d/web' }] }, { actions: [{ action: 'ScaleApplication', app: '/d/web' }] }],
        currentActions: [{ action: 'StartApplication', app: '/d/web', readinessCheckResults: [] }],
        currentStep: 1,
        totalSteps: 2,
      },
    ]);
    expect(res.body[0].id).toMatch(UUID);
    expect(res.body[0].version).toMatch(ISO_TIMESTAMP);
  });
});

describe('simulated time', () => {
  it('takes longer the more instances a deployment starts', async () => {
    const { sim, url } = await simulator({ deployMsBase: 10, deployMsPerInstance: 15 });
    const one = await deployTime(url, sim, app('/t/one', 1));
    const many = await deployTime(url, sim, app('/t/many', 12));
    // Timers never fire early, so the per-instance time is a hard lower bound.
    expect(many).toBeGreaterThanOrEqual(10 + 12 * 15);
    expect(many).toBeGreaterThan(one);
    expect(sim.state.app('/t/many')?.instances).toHaveLength(12);
  });

  it('slows deployments down with the number running at the same time (loadFactor)', async () => {
    const batch = async (loadFactor: number): Promise<number> => {
      const { sim, url } = await simulator({ deployMsBase: 100, deployMsPerInstance: 10, loadFactor });
      const t0 = performance.now();
      await Promise.all(Array.from({ length: 5 }, (_, i) => api(url, 'POST', '/v2/apps', app(`/load/a${i}`, 2))));
      await sim.deployments.idle();
      return performance.now() - t0;
    };
    const unloaded = await batch(0);
    const loaded = await batch(1);
    expect(loaded).toBeGreaterThan(unloaded * 2);
  });

  it('stages new instances together and runs them one per instance interval', async () => {
    const { sim, url } = await simulator({ deployMsBase: 0, deployMsPerInstance: 200 });
    await api(url, 'POST', '/v2/apps', app('/stage', 3));
    await new Promise((r) => setTimeout(r, 30));
    const early = (await api(url, 'GET', '/v2/apps/stage')).body.app;
    expect(early).toMatchObject({ tasksStaged: 3, tasksRunning: 0 });
    await sim.deployments.idle();
    expect((await api(url, 'GET', '/v2/apps/stage')).body.app).toMatchObject({ tasksStaged: 0, tasksRunning: 3 });
  });
});

describe('seeded failures', () => {
  it('fail the same deployments for the same seed and never or always at the extremes', async () => {
    const first = await failedApps(42, 0.5, 16);
    const second = await failedApps(42, 0.5, 16);
    const other = await failedApps(7, 0.5, 16);
    expect(first.length).toBeGreaterThan(0);
    expect(first.length).toBeLessThan(16);
    expect(second).toEqual(first);
    expect(other).not.toEqual(first);
    expect(await failedApps(42, 0, 6)).toEqual([]);
    expect(await failedApps(42, 1, 6)).toHaveLength(6);
  });

  it('ends a failing deployment with deployment_step_failure then deployment_failed, and fails staged instances', async () => {
    const { sim, url } = await simulator({ failureRate: 1, deployMsPerInstance: 5 });
    const events = await SseClient.connect(url);
    const created = await api(url, 'POST', '/v2/apps', app('/doomed', 4));
    const id = created.headers.get('marathon-deployment-id');
    const failed = await events.waitFor((e) => e.event === 'deployment_failed');
    expect(failed.data).toMatchObject({ id, eventType: 'deployment_failed', plan: { id } });
    expect(failed.data.reason).toMatch(/Simulated deployment failure/);
    const names = events.events.map((e) => e.event);
    expect(names.lastIndexOf('deployment_step_failure')).toBeLessThan(names.indexOf('deployment_failed'));
    expect(names).not.toContain('deployment_success');
    const stepFailure = events.ofType('deployment_step_failure')[0];
    expect(stepFailure?.data.currentStep).toEqual({ actions: [{ action: 'ScaleApplication', app: '/doomed' }] });
    expect(events.ofType('status_update_event').filter((e) => e.data.taskStatus === 'TASK_FAILED')).toHaveLength(2);
    expect(sim.state.app('/doomed')?.instances.map((i) => i.state)).toEqual(['TASK_RUNNING', 'TASK_RUNNING']);
    events.close();
  });
});

describe('DELETE /v2/deployments/<id>', () => {
  it('rolls a deployment back: the new app goes away again', async () => {
    const { sim, url } = await simulator({ deployMsBase: 2000 });
    const events = await SseClient.connect(url, '/v2/events?event_type=deployment_failed');
    const created = await api(url, 'POST', '/v2/apps', app('/rb', 2));
    const original = created.headers.get('marathon-deployment-id') ?? '';
    const res = await api(url, 'DELETE', `/v2/deployments/${original}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('marathon-deployment-id')).toBe(res.body.deploymentId);
    expect(res.body.deploymentId).not.toBe(original);
    expect((await events.waitFor((e) => e.data.id === original)).data.reason).toMatch(/rolled back/);
    expect(sim.state.app('/rb')).toBeUndefined();
    expect(sim.state.isEmpty()).toBe(true);
    expect((await api(url, 'GET', '/v2/deployments')).body.map((d: { id: string }) => d.id)).toEqual([res.body.deploymentId]);
    events.close();
  });

  it('with ?force=true just removes the deployment and leaves the state alone', async () => {
    const { sim, url } = await simulator({ deployMsBase: 2000 });
    const created = await api(url, 'POST', '/v2/apps', app('/kept', 2));
    const id = created.headers.get('marathon-deployment-id') ?? '';
    const res = await api(url, 'DELETE', `/v2/deployments/${id}?force=true`);
    expect(res.status).toBe(202);
    expect((await api(url, 'GET', '/v2/deployments')).body).toEqual([]);
    expect(sim.state.app('/kept')).toBeDefined();
  });

  it('answers 404 for an unknown deployment', async () => {
    const { url } = await simulator();
    const res = await api(url, 'DELETE', '/v2/deployments/abc');
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ message: 'DeploymentPlan abc does not exist' });
  });
});
