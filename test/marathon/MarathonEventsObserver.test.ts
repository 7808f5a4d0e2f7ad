import { afterEach, describe, expect, it } from 'vitest';
import type { MarathonSimulator } from '../../src/marathon-sim/MarathonSimulator.js';
import type { Event } from '../../src/core/Event.js';
import { parseMarathonTimestamp } from '../../src/marathon/parseMarathonTimestamp.js';
import { api, harness, includesAll, startSimulator, type Harness } from './harness.js';

let sim: MarathonSimulator | null = null;
let h: Harness | null = null;

afterEach(async () => {
  await h?.close();
  await sim?.stop();
  h = null;
  sim = null;
});

/** A deploy channel and the observer under test, on a fresh simulator. */
async function setup(observerOptions = '', simOptions: Parameters<typeof startSimulator>[0] = {}, define: Record<string, unknown> = {}): Promise<{ h: Harness; url: string }> {
  const started = await startSimulator(simOptions);
  sim = started.sim;
  const url = started.url;
  h = await harness(
    `
channels:
  - class: channel.MarathonDeployChannel
    url: "${url}"
    retry: no
    deploy:
      - type: "{{type}}"
        spec: '{{spec}}'
observers:
  - class: observer.MarathonEventsObserver
    url: "${url}/v2/events"
${observerOptions}
`,
    { define: { marathon_url: url, ...define } },
  );
  return { h, url };
}

const deploy = (harness: Harness, type: string, spec: Record<string, unknown>): Event => harness.update({ type, spec: JSON.stringify(spec) });
const app = (id: string, instances = 1): Record<string, unknown> => ({ id, cmd: 'sleep 1', cpus: 0.1, mem: 32, instances });

describe('observer.MarathonEventsObserver', () => {
  it('translates the deployment events of an app, traced to its MarathonDeploymentRequestedEvent', async () => {
    const { h } = await setup();
    h.publish('StartEvent');
    await h.waitFor(() => h.named('MarathonSSEConnectedEvent').length === 1);
    expect(h.named('MarathonStartedEvent')).toHaveLength(1);
    const update = deploy(h, 'app', app('/web', 2));
    await h.waitFor(() => h.named('MarathonDeploymentSuccessEvent').length === 1);
    const requested = h.named('MarathonDeploymentRequestedEvent')[0]!;
    const started = h.named('MarathonDeploymentStartedEvent')[0]!;
    const success = h.named('MarathonDeploymentSuccessEvent')[0]!;
    expect(success.deployment).toBe(started.deployment);
    expect(success.instances).toEqual(['/web']);
    expect(includesAll(success.traceids, requested.traceids)).toBe(true);
    expect(includesAll(success.traceids, update.traceids)).toBe(true);
    const status = h.named('MarathonDeploymentStatusEvent');
    const steps = h.named('MarathonDeploymentStepSuccessEvent');
    expect(status.length).toBeGreaterThanOrEqual(1);
    expect(steps).toHaveLength(status.length);
    for (const e of [...status, ...steps]) {
      expect(e.instances).toEqual(['/web']);
      expect(e.deployment).toBe(started.deployment);
      expect(includesAll(e.traceids, requested.traceids)).toBe(true);
    }
    // group_change_success names the parent group (/), which nobody requested: untraced.
    const group = h.named('MarathonGroupChangeSuccessEvent')[0]!;
    expect(group.instances).toEqual(['/']);
    expect(group.traceids).toHaveLength(1);
    // Every SSE event also arrives raw, untraced.
    const raw = h.named('MarathonSSEEvent').map((e) => e.eventName);
    expect(raw).toEqual(expect.arrayContaining(['event_stream_attached', 'api_post_event', 'group_change_success', 'deployment_info', 'status_update_event', 'instance_changed_event', 'deployment_success']));
    expect(h.named('MarathonSSEEvent').every((e) => e.traceids.length === 1)).toBe(true);
    // The driver events of one SSE event come right after its raw event, in the order Marathon sent them.
    const order = h.events.filter((e) => e.event.startsWith('MarathonDeployment') && e.event !== 'MarathonDeploymentRequestedEvent' && e.event !== 'MarathonDeploymentStartedEvent').map((e) => e.event);
    expect(order[0]).toBe('MarathonDeploymentStatusEvent');
    expect(order.at(-1)).toBe('MarathonDeploymentSuccessEvent');
  });

  it('links the apps of a group deployment to the request of the group', async () => {
    const { h } = await setup();
    h.publish('StartEvent');
    await h.waitFor(() => h.named('MarathonSSEConnectedEvent').length === 1);
    deploy(h, 'group', { id: '/shop', apps: [app('cart'), app('pay')], groups: [{ id: 'db', apps: [app('pg')] }] });
    await h.waitFor(() => h.named('MarathonDeploymentSuccessEvent').length === 1);
    const requested = h.named('MarathonDeploymentRequestedEvent')[0]!;
    const success = h.named('MarathonDeploymentSuccessEvent')[0]!;
    expect(requested.instance).toBe('/shop');
    expect([...(success.instances as string[])].sort()).toEqual(['/shop/cart', '/shop/db/pg', '/shop/pay']);
    expect(includesAll(success.traceids, requested.traceids)).toBe(true);
    const group = h.named('MarathonGroupChangeSuccessEvent').find((e) => (e.instances as string[])[0] === '/shop')!;
    expect(includesAll(group.traceids, requested.traceids)).toBe(true);
  });

  it('publishes failed deployments with their reason, traced', async () => {
    const { h } = await setup('', { failureRate: 1, deployMsBase: 10, deployMsPerInstance: 5 });
    h.publish('StartEvent');
    await h.waitFor(() => h.named('MarathonSSEConnectedEvent').length === 1);
    deploy(h, 'app', app('/doomed', 4));
    await h.waitFor(() => h.named('MarathonDeploymentFailedEvent').length === 1);
    const requested = h.named('MarathonDeploymentRequestedEvent')[0]!;
    const failed = h.named('MarathonDeploymentFailedEvent')[0]!;
    expect(failed.instances).toEqual(['/doomed']);
    expect(String(failed.reason)).toContain('Simulated deployment failure');
    expect(includesAll(failed.traceids, requested.traceids)).toBe(true);
    const stepFailure = h.named('MarathonDeploymentStepFailureEvent')[0]!;
    expect(stepFailure.instances).toEqual(['/doomed']);
    expect(includesAll(stepFailure.traceids, requested.traceids)).toBe(true);
    expect(h.named('MarathonDeploymentSuccessEvent')).toEqual([]);
  });

  it('timestamps events with Marathon\'s timestamp by default, and with the arrival time for `useEventTimestamp: no`', async () => {
    const { h } = await setup('  - class: observer.MarathonEventsObserver\n    url: "{{marathon_url}}/v2/events"\n    useEventTimestamp: no');
    h.publish('StartEvent');
    await h.waitFor(() => h.named('MarathonSSEConnectedEvent').length === 2);
    deploy(h, 'app', app('/clock'));
    await h.waitFor(() => h.named('MarathonDeploymentSuccessEvent').length === 2);
    const [own, arrival] = h.named('MarathonDeploymentSuccessEvent');
    const stamp = parseMarathonTimestamp((h.named('MarathonSSEEvent').find((e) => e.eventName === 'deployment_success')!.eventData as { timestamp: string }).timestamp)!;
    expect(own!.ts).toBe(stamp);
    expect(arrival!.ts).not.toBe(stamp);
    expect(arrival!.ts).toBeGreaterThanOrEqual(stamp);
  });

  it('sends the configured headers and the auth token of `dcos_auth_token`', async () => {
    const started = await startSimulator({ requireAuth: true });
    sim = started.sim;
    const login = await api(started.url, 'POST', '/acs/api/v1/auth/login', { uid: 'bootstrapuser', password: 'deleteme' });
    h = await harness(
      `
observers:
  - class: observer.MarathonEventsObserver
    url: "${started.url}/v2/events"
    headers:
      Accept: text/plain
  - class: observer.MarathonEventsObserver
    url: "${started.url}/v2/events"
    headers:
      Authorization: token=forged
`,
      { define: { dcos_auth_token: login.body.token } },
    );
    h.publish('StartEvent');
    await h.waitFor(() => h.named('MarathonSSEConnectedEvent').length === 1 && h.named('MarathonUnavailableEvent').length === 1);
    // `Accept: text/plain` is overridden (Marathon streams only for text/event-stream); a forged token is refused.
    expect(h.logs.some((l) => l.includes('Non-200 status code (401)'))).toBe(true);
  });

  it('reconnects after the stream is cut, and goes on translating events', async () => {
    const { h } = await setup();
    h.publish('StartEvent');
    await h.waitFor(() => h.named('MarathonSSEConnectedEvent').length === 1);
    const first = deploy(h, 'app', app('/before'));
    await h.waitFor(() => h.named('MarathonDeploymentRequestedEvent').length === 1);
    sim!.dropEventStreams();
    await h.waitFor(() => h.named('MarathonSSEConnectedEvent').length === 2);
    const names = h.events.map((e) => e.event).filter((n) => ['MarathonSSEConnectedEvent', 'MarathonSSEDisconnectedEvent', 'MarathonStartedEvent', 'MarathonUnavailableEvent'].includes(n));
    expect(names).toEqual(['MarathonStartedEvent', 'MarathonSSEConnectedEvent', 'MarathonSSEDisconnectedEvent', 'MarathonSSEConnectedEvent']);
    // Both carry the trace ids of the deployments still waited for.
    expect(includesAll(h.named('MarathonSSEDisconnectedEvent')[0]!.traceids, first.traceids)).toBe(true);
    expect(h.logs.some((l) => l.startsWith('WARNING Marathon closed the SSE endpoint'))).toBe(true);
    deploy(h, 'app', app('/after'));
    await h.waitFor(() => h.named('MarathonDeploymentSuccessEvent').some((e) => (e.instances as string[])[0] === '/after'));
  });

  it('publishes MarathonUnavailableEvent when Marathon is down at start, then recovers; the same when it goes down later', async () => {
    const { h } = await setup();
    await sim!.stopAcceptingConnections();
    h.publish('StartEvent');
    await h.waitFor(() => h.named('MarathonUnavailableEvent').length === 1);
    await new Promise((r) => setTimeout(r, 400));
    // Retried with a backoff, announced once.
    expect(h.named('MarathonUnavailableEvent')).toHaveLength(1);
    expect(h.logs.filter((l) => l.startsWith('WARNING Unable to connect'))).toHaveLength(1);
    await sim!.resume();
    await h.waitFor(() => h.named('MarathonSSEConnectedEvent').length === 1, 8000);
    deploy(h, 'app', app('/recovered'));
    await h.waitFor(() => h.named('MarathonDeploymentSuccessEvent').length === 1);
    await sim!.stopAcceptingConnections();
    await h.waitFor(() => h.named('MarathonUnavailableEvent').length === 2);
    await sim!.resume();
    await h.waitFor(() => h.named('MarathonSSEConnectedEvent').length === 2, 8000);
    const names = h.events.map((e) => e.event).filter((n) => ['MarathonSSEConnectedEvent', 'MarathonSSEDisconnectedEvent', 'MarathonStartedEvent', 'MarathonUnavailableEvent'].includes(n));
    expect(names).toEqual([
      'MarathonUnavailableEvent',
      'MarathonStartedEvent',
      'MarathonSSEConnectedEvent',
      'MarathonSSEDisconnectedEvent',
      'MarathonUnavailableEvent',
      'MarathonStartedEvent',
      'MarathonSSEConnectedEvent',
    ]);
  });

  it('warns that `curl: yes` is not supported and uses the built-in client', async () => {
    const { h } = await setup('    curl: yes');
    expect(h.logs).toContain('WARNING `curl: yes` is not supported: the built-in SSE client is used');
    h.publish('StartEvent');
    await h.waitFor(() => h.named('MarathonSSEConnectedEvent').length === 1);
  });
});
