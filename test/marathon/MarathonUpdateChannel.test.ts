import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { MarathonSimulator } from '../../src/marathon-sim/MarathonSimulator.js';
import { runConfig } from '../helpers/driver.js';
import { api, appSpec, harness, includesAll, startSimulator } from './harness.js';

let sim: MarathonSimulator;
let url: string;

beforeAll(async () => {
  ({ sim, url } = await startSimulator());
});
afterAll(async () => {
  await sim.stop();
});

const VARIABLE = ['/groups/variable-1', '/groups/variable-2', '/groups/variable-3', '/groups/variable-4', '/groups/variable-5'];

beforeEach(async () => {
  await api(url, 'DELETE', '/v2/groups/?force=true');
  await sim.deployments.idle();
  for (const id of [...VARIABLE, '/groups/fixed', '/other/variable-9']) expect((await api(url, 'POST', '/v2/apps', appSpec(id, 1))).status).toBe(201);
  await sim.deployments.idle();
});

const env = (id: string): unknown => sim.state.app(id)?.definition.env;

describe('channel.MarathonUpdateChannel', () => {
  it('patches the apps matching `filter` (at the start of the id), at most `limit` of them, in order with `shuffle: no`', async () => {
    const h = await harness(`
channels:
  - class: channel.MarathonUpdateChannel
    url: "${url}"
    update:
      - action: patch_app
        limit: 3
        filter: "/groups/variable-"
        shuffle: no
        patch:
          env:
            PARAMETER_VALUE: "{{parameter1}}"
`);
    const update = h.update({ parameter1: 42 });
    await h.waitFor(() => h.named('MarathonDeploymentStartedEvent').length === 3);
    await sim.deployments.idle();
    expect(VARIABLE.map(env)).toEqual([{ PARAMETER_VALUE: '42' }, { PARAMETER_VALUE: '42' }, { PARAMETER_VALUE: '42' }, {}, {}]);
    expect(env('/other/variable-9')).toEqual({});
    expect(env('/groups/fixed')).toEqual({});
    // The rest of the definition is sent back unchanged.
    expect(sim.state.app('/groups/variable-1')!.definition).toMatchObject({ cmd: 'sleep 1200', cpus: 0.1, mem: 64, instances: 1 });
    const requested = h.named('MarathonDeploymentRequestedEvent');
    expect(requested.map((e) => e.instance)).toEqual(VARIABLE.slice(0, 3));
    for (const e of requested) expect(includesAll(e.traceids, update.traceids)).toBe(true);
    for (const e of h.named('MarathonDeploymentStartedEvent')) {
      expect(includesAll(e.traceids, requested.find((r) => r.instance === e.instance)!.traceids)).toBe(true);
    }
    expect(h.logs).toContain('INFO Updated 3 of 3 apps');
    await h.close();
  });

  it('shuffles the apps by default before taking `limit` of them', async () => {
    const h = await harness(`
channels:
  - class: channel.MarathonUpdateChannel
    url: "${url}"
    update:
      - action: patch_app
        limit: 2
        filter: "/groups/variable-"
        patch: {labels: {round: "{{round}}"}}
`);
    const picks = new Set<string>();
    for (let round = 1; round <= 8; round++) {
      const before = h.named('MarathonDeploymentStartedEvent').length;
      h.update({ round });
      await h.waitFor(() => h.named('MarathonDeploymentStartedEvent').length === before + 2);
      await sim.deployments.idle();
      picks.add(h.named('MarathonDeploymentRequestedEvent').slice(-2).map((e) => String(e.instance)).sort().join(','));
    }
    expect(picks.size).toBeGreaterThan(1);
    expect([...picks].every((p) => p.split(',').every((id) => VARIABLE.includes(id)))).toBe(true);
    await h.close();
  });

  it('takes the patch as a JSON text too, so that numbers can come from macros; without filter every app is updated', async () => {
    const h = await harness(`
channels:
  - class: channel.MarathonUpdateChannel
    url: "${url}"
    update:
      - action: patch_app
        patch: '{"instances": {{n}}}'
`);
    h.update({ n: 2 });
    await h.waitFor(() => h.named('MarathonDeploymentStartedEvent').length === 7);
    await sim.deployments.idle();
    expect(sim.state.apps().map((a) => a.instances.length)).toEqual([2, 2, 2, 2, 2, 2, 2]);
    await h.close();
  });

  it('logs when Marathon cannot list the apps, and when no app id starts with a match', async () => {
    const h = await harness(`
channels:
  - class: channel.MarathonUpdateChannel
    url: "${url}"
    update:
      - action: patch_app
        filter: "{{filter}}"
        patch: {cpus: 0.2}
`);
    sim.failRequests(503);
    h.update({ filter: '/groups' });
    await h.waitFor(() => h.logs.some((l) => l.startsWith('ERROR Unable to query marathon apps')));
    expect(h.logs).toContain('ERROR Unable to query marathon apps (HTTP response 503)');
    sim.failRequests(null);
    // As Python's re.match: the expression must match at the start of the id.
    h.update({ filter: 'variable-' });
    await h.waitFor(() => h.logs.some((l) => l.startsWith('WARNING No app matched')));
    expect(h.named('MarathonDeploymentRequestedEvent')).toEqual([]);
    await h.close();
  });

  it.each([
    ['update:\n      - action: restart_app\n        patch: {a: 1}', 'update[0]: Unknown update action "restart_app" (expected patch_app)'],
    ['update:\n      - action: patch_app\n        patch: "not json"', 'update[0]: Unable to parse the `patch` property'],
    ['update:\n      - action: patch_app\n        patch: {a: 1}\n        filter: "(unclosed"', 'update[0]: `filter` is not a valid regular expression'],
    ['update:\n      - action: patch_app\n        patch: {a: 1}\n        limt: 2', 'update[0]: Unknown key `limt` (did you mean `limit`?)'],
    ['headers: {}', 'Missing required option `update` for channel.MarathonUpdateChannel'],
  ])('rejects a bad config before the test: %s', async (options, message) => {
    await expect(harness(`
channels:
  - class: channel.MarathonUpdateChannel
    url: "${url}"
    ${options}
`)).rejects.toThrow(message);
  });

  it('reports the manual recipe that gives it `deploy:` as a config error pointing at MarathonDeployChannel', async () => {
    const r = await runConfig(`
policies:
  - class: policy.SimplePolicy
channels:
  - class: channel.MarathonUpdateChannel
    url: "{{marathon_url}}"
    deploy:
      - type: app
        spec: '{"id": "deployment", "instances": "{{parameter1}}"}'
`);
    expect(r.code).toBe(2);
    expect(r.logs.join('\n')).toMatch(/test\.yml:7:\d+: channels\[0\]\.deploy: `deploy` is not an option of channel\.MarathonUpdateChannel \(did you mean `class: channel\.MarathonDeployChannel`\?\)/);
  });
});
