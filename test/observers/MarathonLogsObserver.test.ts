import { describe, it, expect } from 'vitest';
import { join } from 'node:path';
import { runConfig, readEvents, workdir, ROOT, type DumpedEvent } from '../helpers/driver.js';

const PLAN_1 = '6a3b2c1d-0000-4000-8000-123456789abc';
const PLAN_2 = '0f0e0d0c-1111-4222-8333-444455556666';
const UNKNOWN_PLAN = 'deadbeef-2222-4333-8444-555566667777';
const VERSION = '2018-08-10T12:00:01.000Z';

/** What `sbt run` prints for a Marathon: every log record prefixed by `[info]`, continuations indented. */
const MARATHON_OUTPUT = [
  '[info] Loading project definition from /marathon/project',
  '[info] [2018-08-10 12:00:00,000] INFO  Started ServerConnector@1a2b3c{HTTP/1.1,[http/1.1]}{0.0.0.0:8080} (org.eclipse.jetty.server.AbstractConnector:main)',
  '[info] [2018-08-10 12:00:01,000] INFO  Computed new deployment plan:',
  `[info]   DeploymentPlan id=${PLAN_1},${VERSION}`,
  '[info]   step 1:',
  '[info]     Start App(/app-1, cmd="sleep 1000") with 1 instances',
  '[info]     Start App(/app-2, cmd="sleep 1000") with 1 instances',
  '[info]  (mesosphere.marathon.core.deployment.impl.DeploymentManagerActor:marathon-akka.actor.default-dispatcher-5)',
  `[info] [2018-08-10 12:00:02,000] INFO  Computed new deployment plan:`,
  `[info]   DeploymentPlan id=${PLAN_2},${VERSION}`,
  '[info]     Start App(/app-3, cmd="sleep 1000") with 2 instances',
  `[info] [2018-08-10 12:00:05,000] INFO  Deployment ${PLAN_1}:${VERSION} of /app-1 finished (mesosphere.marathon.core.deployment.impl.DeploymentManagerActor:main)`,
  '[info] [2018-08-10 12:00:06,000] INFO  Received health result for app [/app-3]',
  `[info] [2018-08-10 12:00:07,000] WARN  Deployment ${PLAN_2}:${VERSION} of /app-3 failed (mesosphere.marathon.core.deployment.impl.DeploymentManagerActor:main)`,
  `[info] [2018-08-10 12:00:08,000] INFO  Deployment ${UNKNOWN_PLAN}:${VERSION} of /other finished (mesosphere.marathon.core.deployment.impl.DeploymentManagerActor:main)`,
  '[info] [2018-08-10 12:00:09,000] INFO  Shutting down',
];

/** A Marathon-like program launched at start (not part of the test), as the manual requires. */
function config(extraObservers = ''): string {
  const dir = workdir({ 'marathon.sh': `sleep 0.3\ncat <<'EOF'\n${MARATHON_OUTPUT.join('\n')}\nEOF\n` });
  return `
config:
  parameters: [{name: x}]
policies:
  - class: policy.SimplePolicy
    parameters: {x: 1}
    events: {end: CmdlineExitEvent}
    timeout: 20s
channels:
  - class: channel.CmdlineChannel
    atstart: yes
    restart: no
    cmdline: "sh ${join(dir, 'marathon.sh')}"
observers:
  - class: observer.MarathonLogsObserver
${extraObservers}
reporters:
  - class: reporter.RawEventsReporter
`;
}

const named = (events: DumpedEvent[], name: string): DumpedEvent[] => events.filter((e) => e.name === name);

describe('observer.MarathonLogsObserver', () => {
  it('publishes the started, success and failure events of Marathon output, and no LogStaxMessageEvents', async () => {
    const r = await runConfig(config());
    expect(r.code).toBe(0);
    const events = readEvents(r);
    expect(named(events, 'MarathonStartedEvent')).toHaveLength(1);
    expect(named(events, 'MarathonDeploymentSuccessEvent').map((e) => [e.data.deployment, e.data.instances])).toEqual([[PLAN_1, ['/app-1', '/app-2']]]);
    expect(named(events, 'MarathonDeploymentFailedEvent').map((e) => [e.data.deployment, e.data.instances])).toEqual([[PLAN_2, ['/app-3']]]);
    expect(named(events, 'LogStaxMessageEvent')).toEqual([]);
    expect(r.logs.join('\n')).toContain(`Got completion for a plan ${UNKNOWN_PLAN} that hasn't been computed yet`);
    // Published in log order, before the program's exit ended the test.
    const order = events.map((e) => e.name).filter((n) => n.startsWith('Marathon') || n === 'CmdlineExitZeroEvent');
    expect(order).toEqual(['MarathonStartedEvent', 'MarathonDeploymentSuccessEvent', 'MarathonDeploymentFailedEvent', 'CmdlineExitZeroEvent']);
  });

  it('without deployment requests on the bus, attributes the events to the current test case', async () => {
    const events = readEvents(await runConfig(config()));
    const update = named(events, 'ParameterUpdateEvent')[0]!.data.traceids as number[];
    for (const name of ['MarathonStartedEvent', 'MarathonDeploymentSuccessEvent', 'MarathonDeploymentFailedEvent']) {
      expect(named(events, name)[0]!.data.traceids, name).toEqual(expect.arrayContaining(update));
    }
  });

  it('links a completed deployment to the trace of the MarathonDeploymentRequestedEvent of its apps', async () => {
    const requests = `  - class: ${join(ROOT, 'test', 'fixtures', 'marathon-requests.mjs')}#DeploymentRequests
    instances: [/app-2]`;
    const events = readEvents(await runConfig(config(requests)));
    const requested = named(events, 'MarathonDeploymentRequestedEvent');
    expect(requested.map((e) => e.data.instance)).toEqual(['/app-2']);
    const requestTrace = (requested[0]!.data.traceids as number[])[0]!;
    const update = (named(events, 'ParameterUpdateEvent')[0]!.data.traceids as number[])[0]!;
    const success = named(events, 'MarathonDeploymentSuccessEvent')[0]!.data.traceids as number[];
    expect(success).toContain(requestTrace);
    expect(success).not.toContain(update);
    // /app-3 was never requested: the failure falls back to the test case.
    expect(named(events, 'MarathonDeploymentFailedEvent')[0]!.data.traceids).toContain(update);
  });

  it('accepts no options', async () => {
    const r = await runConfig(config().replace('  - class: observer.MarathonLogsObserver\n', '  - class: observer.MarathonLogsObserver\n    filters: []\n'));
    expect(r.code).toBe(2);
    expect(r.logs.join('\n')).toContain('Unknown option `filters` for observer.MarathonLogsObserver');
  });
});
