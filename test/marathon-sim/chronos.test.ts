import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MarathonSimulator } from '../../src/marathon-sim/MarathonSimulator.js';
import { api, startSimulator } from './helpers.js';

let sim: MarathonSimulator;
let url: string;

beforeEach(async () => {
  ({ sim, url } = await startSimulator());
});
afterEach(async () => {
  await sim.stop();
});

const job = (name: string): Record<string, unknown> => ({ name, command: 'echo hi', schedule: 'R/2030-01-01T00:00:00Z/PT1H' });

describe('Chronos endpoints', () => {
  it('creates, lists and deletes jobs as tasks.chronos.RemoveAllJobs expects', async () => {
    expect((await api(url, 'POST', '/scheduler/iso8601', job('nightly'))).status).toBe(204);
    expect((await api(url, 'POST', '/scheduler/iso8601', job('with space'))).status).toBe(204);
    const list = await api(url, 'GET', '/scheduler/jobs');
    expect(list.status).toBe(200);
    expect(list.body.map((j: { name: string }) => j.name)).toEqual(['nightly', 'with space']);
    expect(list.body[0]).toMatchObject({ command: 'echo hi', disabled: false, successCount: 0, errorCount: 0 });
    for (const j of list.body) expect((await api(url, 'DELETE', `/scheduler/job/${encodeURIComponent(j.name)}`)).status).toBe(204);
    expect((await api(url, 'GET', '/scheduler/jobs')).body).toEqual([]);
    expect((await api(url, 'DELETE', '/scheduler/job/nightly')).status).toBe(400);
  });

  it('validates jobs and serves the /v1 prefix too', async () => {
    expect((await api(url, 'POST', '/scheduler/iso8601', { name: 'x' })).status).toBe(400);
    expect((await api(url, 'POST', '/v1/scheduler/iso8601', job('v1'))).status).toBe(204);
    expect((await api(url, 'GET', '/v1/scheduler/jobs')).body).toHaveLength(1);
    expect((await api(url, 'GET', '/scheduler/job/v1')).status).toBe(405);
    expect((await api(url, 'GET', '/scheduler/other')).status).toBe(404);
  });
});
