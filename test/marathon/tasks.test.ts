import { afterEach, describe, expect, it } from 'vitest';
import type { MarathonSimulator } from '../../src/marathon-sim/MarathonSimulator.js';
import { api, appSpec, harness, recordingServer, refusedPort, startSimulator, type Harness } from './harness.js';

let sim: MarathonSimulator | null = null;
let h: Harness | null = null;

afterEach(async () => {
  await h?.close();
  await sim?.stop();
  h = null;
  sim = null;
});

async function simulator(options: Parameters<typeof startSimulator>[0] = {}): Promise<string> {
  const started = await startSimulator(options);
  sim = started.sim;
  return started.url;
}

/** Apps at the root and in nested groups, a pod, all still deploying when the task starts. */
async function populate(url: string): Promise<void> {
  for (const id of ['/top', '/test-01-a', '/g/test-01-b', '/g/h/keep', '/scale/app-1', '/scale/sub/app-2']) {
    expect((await api(url, 'POST', '/v2/apps', appSpec(id, 2))).status).toBe(201);
  }
  const pod = { id: '/scale/pod', containers: [{ name: 'c', resources: { cpus: 0.1, mem: 32 } }], scaling: { kind: 'fixed', instances: 1 } };
  expect((await api(url, 'POST', '/v2/pods', pod)).status).toBe(201);
}

const task = (cls: string, url: string, extra = ''): string => `
tasks:
  - class: ${cls}
    at: setup
    url: "${url}"
${extra}`;

describe('tasks.marathon', () => {
  it('RemoveAllApps removes every app, nested ones too, and returns once their deployments are over', async () => {
    const url = await simulator({ deployMsBase: 300 });
    await populate(url);
    h = await harness(task('tasks.marathon.RemoveAllApps', url, '    headers:\n      X-Originating-From: Python'));
    const started = performance.now();
    await h.runTasks();
    expect(performance.now() - started).toBeGreaterThanOrEqual(300);
    expect(sim!.state.apps()).toEqual([]);
    expect(sim!.state.pods().map((p) => p.id)).toEqual(['/scale/pod']);
    expect(sim!.deployments.active().filter((d) => d.affectedIds('app').length > 0)).toEqual([]);
    expect(h.logs).toContain('INFO Removing 6 app(s)');
    expect(h.logs).toContain('INFO All deployments completed');
  });

  it('RemoveMatchingApps removes the apps whose id contains a match', async () => {
    const url = await simulator();
    await populate(url);
    await sim!.deployments.idle();
    h = await harness(task('tasks.marathon.RemoveMatchingApps', url, '    match: "test-0[1-9]-"'));
    await h.runTasks();
    expect(sim!.state.apps().map((a) => a.id).sort()).toEqual(['/g/h/keep', '/scale/app-1', '/scale/sub/app-2', '/top']);
    expect(sim!.deployments.active()).toEqual([]);
  });

  it('RemoveGroup removes a group with everything in it (macros allowed) and leaves the simulator empty', async () => {
    const url = await simulator({ deployMsBase: 200 });
    await populate(url);
    await api(url, 'DELETE', '/v2/groups/g?force=true');
    await api(url, 'DELETE', '/v2/apps/top?force=true');
    await api(url, 'DELETE', '/v2/apps/test-01-a?force=true');
    h = await harness(task('tasks.marathon.RemoveGroup', url, '    group: "{{group}}"'), { define: { group: 'scale' } });
    await h.runTasks();
    expect(sim!.state.isEmpty()).toBe(true);
    expect(sim!.deployments.active()).toEqual([]);
    expect(h.logs).toContain('INFO Removing group /scale');
    // Again: the group is gone, nothing to wait for.
    await h.runTasks();
    expect(h.logs).toContain('INFO Group /scale does not exist: nothing to remove');
  });

  it('stopping the task (as an interrupted session does) ends the wait; the next run works', async () => {
    const url = await simulator({ deployMsBase: 5000 });
    await api(url, 'POST', '/v2/apps', appSpec('/scale/slow', 0));
    h = await harness(task('tasks.marathon.RemoveGroup', url, '    group: /scale'));
    const run = h.runTasks();
    await h.waitFor(() => h!.logs.includes('INFO Waiting for 1 deployment(s) to complete'));
    const started = performance.now();
    await h.components[0]!.close();
    await run;
    expect(performance.now() - started).toBeLessThan(300);
    expect(h.logs).toContain('WARNING Stopped waiting for the deployments: the task was stopped');
    await h.runTasks();
    expect(h.logs).toContain('INFO Group /scale does not exist: nothing to remove');
  });

  it('stopping the task while a poll of the deployments is in flight says so as well', async () => {
    const server = await recordingServer();
    try {
      server.delayMs = 300;
      server.respond = (seen) => (seen.method === 'DELETE' ? '{"deploymentId": "d-1"}' : '[{"id": "d-1"}]');
      h = await harness(task('tasks.marathon.RemoveGroup', server.url, '    group: /scale'));
      const run = h.runTasks();
      await h.waitFor(() => h!.logs.includes('INFO Waiting for 1 deployment(s) to complete'));
      await h.waitFor(() => server.requests.some((r) => r.url === '/v2/deployments'));
      await h.components[0]!.close();
      await run;
      expect(h.logs).toContain('WARNING Stopped waiting for the deployments: the task was stopped');
    } finally {
      await server.close();
    }
  });

  it('an unreachable Marathon is a warning (a simulator stopped before teardown); an error status fails the task', async () => {
    const port = await refusedPort();
    h = await harness(task('tasks.marathon.RemoveGroup', `http://127.0.0.1:${port}`, '    group: /scale') + task('tasks.marathon.RemoveAllApps', `http://127.0.0.1:${port}`).replace('tasks:\n', ''));
    await h.runTasks();
    expect(h.logs.filter((l) => l.startsWith('WARNING'))).toEqual([
      `WARNING Marathon is not reachable at http://127.0.0.1:${port}/v2/groups/scale?force=true (Cannot connect to http://127.0.0.1:${port}: connection refused): skipped`,
      `WARNING Marathon is not reachable at http://127.0.0.1:${port}/v2/groups?embed=group.groups&embed=group.apps (Cannot connect to http://127.0.0.1:${port}: connection refused): skipped`,
    ]);
    await h.close();
    const url = await simulator();
    h = await harness(task('tasks.marathon.RemoveAllApps', url));
    sim!.failRequests(500);
    await expect(h.runTasks()).rejects.toThrow(`Unable to enumerate running apps (HTTP 500 from ${url})`);
  });

  it('rejects a missing url or group, and a bad match, before the test', async () => {
    await expect(harness('tasks:\n  - class: tasks.marathon.RemoveAllApps\n    at: setup\n')).rejects.toThrow('Missing required option `url` for tasks.marathon.RemoveAllApps');
    await expect(harness('tasks:\n  - class: tasks.marathon.RemoveGroup\n    at: setup\n    url: http://x\n')).rejects.toThrow('Missing required option `group`');
    await expect(harness('tasks:\n  - class: tasks.marathon.RemoveMatchingApps\n    at: setup\n    url: http://x\n    match: "(a"\n')).rejects.toThrow('`match` is not a valid regular expression');
  });
});

describe('tasks.chronos.RemoveAllJobs', () => {
  it('removes every Chronos job and returns once none is listed', async () => {
    const url = await simulator();
    for (const name of ['nightly', 'with space']) {
      expect((await api(url, 'POST', '/scheduler/iso8601', { name, command: 'true', schedule: 'R/2030-01-01T00:00:00Z/PT1H' })).status).toBe(204);
    }
    h = await harness(task('tasks.chronos.RemoveAllJobs', url));
    await h.runTasks();
    expect(sim!.chronos.list()).toEqual([]);
    expect(h.logs).toContain('INFO Removing 2 Chronos job(s)');
    await h.runTasks();
    expect(h.logs).toContain('INFO No Chronos job to remove');
  });

  it('an unreachable Chronos is a warning; an error status fails the task', async () => {
    const port = await refusedPort();
    h = await harness(task('tasks.chronos.RemoveAllJobs', `http://127.0.0.1:${port}`));
    await h.runTasks();
    expect(h.logs).toContain(`WARNING Chronos is not reachable at http://127.0.0.1:${port}/scheduler/jobs (Cannot connect to http://127.0.0.1:${port}: connection refused): skipped`);
    await h.close();
    const url = await simulator();
    h = await harness(task('tasks.chronos.RemoveAllJobs', url));
    sim!.failRequests(502);
    await expect(h.runTasks()).rejects.toThrow(`Unable to enumerate Chronos jobs (HTTP 502 from ${url}/scheduler/jobs)`);
  });
});
