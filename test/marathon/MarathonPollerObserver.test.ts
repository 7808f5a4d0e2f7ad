import { afterEach, describe, expect, it } from 'vitest';
import type { MarathonSimulator } from '../../src/marathon-sim/MarathonSimulator.js';
import type { Event } from '../../src/core/Event.js';
import { api, appSpec, harness, includesAll, startSimulator, type Harness } from './harness.js';

let sim: MarathonSimulator | null = null;
let h: Harness | null = null;

afterEach(async () => {
  await h?.close();
  await sim?.stop();
  h = null;
  sim = null;
});

/** A deploy channel and a poller (50 ms interval unless the options say otherwise) on a fresh simulator. */
async function setup(pollerOptions = '', simOptions: Parameters<typeof startSimulator>[0] = {}): Promise<{ h: Harness; url: string }> {
  const started = await startSimulator(simOptions);
  sim = started.sim;
  h = await harness(`
channels:
  - class: channel.MarathonDeployChannel
    url: "${started.url}"
    retry: no
    deploy:
      - repeat: "{{repeat}}"
        spec: '{"id": "{{app}}-{{_i}}", "cmd": "sleep 1", "instances": {{instances}}}'
  - class: channel.MarathonDeployChannel
    url: "${started.url}"
    retry: no
    deploy:
      - type: group
        spec: '{{group}}'
observers:
  - class: observer.MarathonPollerObserver
    url: "${started.url}"
${pollerOptions || '    interval: 50ms'}
`);
  return { h, url: started.url };
}

/** Deploys `repeat` apps `<app>-<i>` with `instances` each. */
const deploy = (harness: Harness, app: string, repeat = 1, instances = 1): Event => harness.update({ app, repeat, instances });
const ids = (events: Event[]): string[] => events.map((e) => (e.instances as string[])[0]!).sort();

describe('observer.MarathonPollerObserver', () => {
  it('takes the first answer as the baseline, then reports each deployed app once, traced to its start', async () => {
    const { h, url } = await setup();
    await api(url, 'POST', '/v2/apps', appSpec('/existing', 1));
    await sim!.deployments.idle();
    h.publish('StartEvent');
    await h.waitFor(() => h.named('MarathonStartedEvent').length === 1);
    expect(h.logs).toContain('INFO Marathon is responding');
    const update = deploy(h, '/scale/app', 3, 2);
    await h.waitFor(() => h.named('MarathonDeploymentSuccessEvent').length === 3);
    const success = h.named('MarathonDeploymentSuccessEvent');
    expect(ids(success)).toEqual(['/scale/app-0', '/scale/app-1', '/scale/app-2']);
    for (const e of success) {
      const started = h.named('MarathonDeploymentStartedEvent').find((s) => s.instance === (e.instances as string[])[0])!;
      expect(e.deployment).toBeNull();
      expect(includesAll(e.traceids, started.traceids)).toBe(true);
      expect(includesAll(e.traceids, update.traceids)).toBe(true);
    }
    // Only once the deployment is over: every instance runs when the app is reported.
    expect(sim!.state.apps().filter((a) => a.id.startsWith('/scale/')).every((a) => a.instances.every((i) => i.state === 'TASK_RUNNING'))).toBe(true);
    expect(h.named('MarathonGroupChangeSuccessEvent').map((e) => e.instances)).toContainEqual(['/scale']);
    await new Promise((r) => setTimeout(r, 150));
    expect(h.named('MarathonDeploymentSuccessEvent')).toHaveLength(3);
  });

  it('reports removed apps and the apps of a group deployment, traced to the group request', async () => {
    const { h, url } = await setup();
    h.publish('StartEvent');
    await h.waitFor(() => h.named('MarathonStartedEvent').length === 1);
    h.update({ group: JSON.stringify({ id: '/shop', apps: [{ id: 'cart', cmd: 'sleep 1' }], groups: [{ id: 'db', apps: [{ id: 'pg', cmd: 'sleep 1' }] }] }) });
    await h.waitFor(() => h.named('MarathonDeploymentSuccessEvent').length === 2);
    const requested = h.named('MarathonDeploymentRequestedEvent')[0]!;
    expect(ids(h.named('MarathonDeploymentSuccessEvent'))).toEqual(['/shop/cart', '/shop/db/pg']);
    for (const e of h.named('MarathonDeploymentSuccessEvent')) expect(includesAll(e.traceids, requested.traceids)).toBe(true);
    expect(ids(h.named('MarathonGroupChangeSuccessEvent'))).toEqual(expect.arrayContaining(['/shop', '/shop/db']));
    await api(url, 'DELETE', '/v2/groups/shop?force=true');
    await h.waitFor(() => h.named('MarathonDeploymentSuccessEvent').length === 4);
    expect(ids(h.named('MarathonDeploymentSuccessEvent').slice(2))).toEqual(['/shop/cart', '/shop/db/pg']);
  });

  it('fails a deployment that takes longer than `failureTimeout`', async () => {
    const { h } = await setup('    interval: 50ms\n    failureTimeout: 150ms', { deployMsBase: 10, deployMsPerInstance: 100 });
    h.publish('StartEvent');
    await h.waitFor(() => h.named('MarathonStartedEvent').length === 1);
    deploy(h, '/slow', 1, 5);
    await h.waitFor(() => h.named('MarathonDeploymentFailedEvent').length === 1);
    const failed = h.named('MarathonDeploymentFailedEvent')[0]!;
    expect(failed.instances).toEqual(['/slow-0']);
    expect(failed.reason).toBe('due to timeout');
    expect(includesAll(failed.traceids, h.named('MarathonDeploymentStartedEvent')[0]!.traceids)).toBe(true);
    expect(h.logs).toContain('WARNING Failing deployment /slow-0 due to timeout');
    const failedAt = failed.ts;
    expect(failedAt - h.named('MarathonDeploymentStartedEvent')[0]!.ts).toBeGreaterThanOrEqual(0.15);
  });

  it('after `retries` failed polls: MarathonUnavailableEvent, pending deployments fail; then it recovers', async () => {
    const { h } = await setup('    interval: 30ms\n    retries: 3', { deployMsBase: 2000 });
    h.publish('StartEvent');
    await h.waitFor(() => h.named('MarathonStartedEvent').length === 1);
    deploy(h, '/stuck');
    await h.waitFor(() => h.named('MarathonDeploymentStartedEvent').length === 1);
    sim!.failRequests(503);
    await h.waitFor(() => h.named('MarathonUnavailableEvent').length === 1);
    expect(h.logs).toContain('WARNING Unable to poll Marathon: Unexpected HTTP response HTTP/503');
    expect(h.logs).toContain('WARNING Marathon became unresponsive');
    const failed = h.named('MarathonDeploymentFailedEvent')[0]!;
    expect([failed.instances, failed.reason]).toEqual([['/stuck-0'], 'due to connection interrupt']);
    expect(includesAll(failed.traceids, h.named('MarathonDeploymentStartedEvent')[0]!.traceids)).toBe(true);
    sim!.failRequests(null);
    await h.waitFor(() => h.named('MarathonStartedEvent').length === 2);
    const names = h.events.map((e) => e.event).filter((n) => n === 'MarathonStartedEvent' || n === 'MarathonUnavailableEvent');
    expect(names).toEqual(['MarathonStartedEvent', 'MarathonUnavailableEvent', 'MarathonStartedEvent']);
  });

  it('publishes MarathonUnavailableEvent when Marathon is down at start, and MarathonStartedEvent once it answers', async () => {
    const { h } = await setup('    interval: 30ms\n    retries: 2');
    await sim!.stopAcceptingConnections();
    h.publish('StartEvent');
    await h.waitFor(() => h.named('MarathonUnavailableEvent').length === 1);
    expect(h.logs.filter((l) => l.startsWith('WARNING'))).toEqual([expect.stringMatching(/^WARNING Unable to poll Marathon: Cannot connect to .*: connection refused$/), expect.stringMatching(/^WARNING Marathon is not responding at /)]);
    await new Promise((r) => setTimeout(r, 100));
    await sim!.resume();
    await h.waitFor(() => h.named('MarathonStartedEvent').length === 1);
    expect(h.named('MarathonUnavailableEvent')).toHaveLength(1);
  });

  it('polls between its `events.start` and `events.stop`', async () => {
    const { h, url } = await setup('    interval: 30ms\n    events:\n      start: RestartEvent\n      stop: "CompleteStepImmediatelyEvent"');
    h.publish('StartEvent');
    await new Promise((r) => setTimeout(r, 100));
    expect(h.named('MarathonStartedEvent')).toEqual([]);
    h.publish('RestartEvent');
    await h.waitFor(() => h.named('MarathonStartedEvent').length === 1);
    await api(url, 'POST', '/v2/apps', appSpec('/seen', 0));
    await h.waitFor(() => h.named('MarathonDeploymentSuccessEvent').length === 1);
    h.publish('CompleteStepImmediatelyEvent');
    await h.bus.flush();
    await api(url, 'POST', '/v2/apps', appSpec('/unseen', 0));
    await new Promise((r) => setTimeout(r, 150));
    expect(ids(h.named('MarathonDeploymentSuccessEvent'))).toEqual(['/seen']);
  });

  it.each([
    ['    interval: 0', '`interval` must be a positive time'],
    ['    failureTimeout: soon', 'Expected time for `failureTimeout` of observer.MarathonPollerObserver, got "soon"'],
    ['    failureTimeout: "-1"', '`failureTimeout` must be a time'],
    ['    retries: -1', '`retries` must be a whole number'],
    ['    events: {begin: StartEvent}', 'Unknown key `begin` in events'],
    ['    events: {start: "NoSuchEvent"}', 'NoSuchEvent'],
  ])('rejects a bad config before the test: %s', async (options, message) => {
    await expect(setup(options)).rejects.toThrow(message);
  });
});
