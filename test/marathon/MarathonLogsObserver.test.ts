import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import type { MarathonSimulator } from '../../src/marathon-sim/MarathonSimulator.js';
import { readEvents, runConfig, workdir, type DumpedEvent } from '../helpers/driver.js';
import { startSimulator } from './harness.js';

let sim: MarathonSimulator;
let url: string;

beforeAll(async () => {
  ({ sim, url } = await startSimulator());
});
afterAll(async () => {
  await sim.stop();
});

const PLAN = '6a3b2c1d-0000-4000-8000-123456789abc';
const VERSION = '2018-08-10T12:00:01.000Z';

/** What a Marathon launched by `sbt run` logs for the deployment of /logs/app-0 and /logs/app-1. */
const MARATHON_LOG = [
  '[info] [2018-08-10 12:00:01,000] INFO  Computed new deployment plan:',
  `[info]   DeploymentPlan id=${PLAN},${VERSION}`,
  '[info]     Start App(/logs/app-0, cmd="sleep 1200") with 1 instances',
  '[info]     Start App(/logs/app-1, cmd="sleep 1200") with 1 instances',
  `[info] [2018-08-10 12:00:05,000] INFO  Deployment ${PLAN}:${VERSION} of /logs finished (mesosphere.marathon.core.deployment.impl.DeploymentManagerActor:main)`,
  '[info] [2018-08-10 12:00:06,000] INFO  Shutting down',
];

const named = (events: DumpedEvent[], name: string): DumpedEvent[] => events.filter((e) => e.name === name);
const traces = (e: DumpedEvent): number[] => e.data.traceids as number[];

describe('observer.MarathonLogsObserver with channel.MarathonDeployChannel', () => {
  it('links the deployment a Marathon log reports to the MarathonDeploymentRequestedEvents of the channel', async () => {
    // The log is printed once the channel requested the deployments; the process is not part of the test case.
    const dir = workdir({ 'marathon.sh': `sleep 0.5\ncat <<'EOF'\n${MARATHON_LOG.join('\n')}\nEOF\n` });
    const r = await runConfig(`
config:
  parameters: [{name: apps}]
policies:
  - class: policy.MultiStepPolicy
    steps:
      - name: Deploy
        values:
          - parameter: apps
            value: 2
        events:
          # Traced: it only advances if the log's success event is linked to the requests.
          advance: MarathonDeploymentSuccessEvent
        advance_condition:
          timeout: 10s
          timeout_status: UNLINKED
channels:
  - class: channel.MarathonDeployChannel
    url: "${url}"
    deploy:
      - repeat: "{{apps}}"
        spec: '{"id": "/logs/app-{{_i}}", "cmd": "sleep 1200", "instances": 1}'
  - class: channel.CmdlineChannel
    atstart: yes
    restart: no
    cmdline: "sh ${join(dir, 'marathon.sh')}"
observers:
  - class: observer.MarathonLogsObserver
reporters:
  - class: reporter.RawEventsReporter
  - class: reporter.CSVReporter
`);
    expect(r.code).toBe(0);
    const events = readEvents(r);
    const requested = named(events, 'MarathonDeploymentRequestedEvent');
    expect(requested.map((e) => e.data.instance)).toEqual(['/logs/app-0', '/logs/app-1']);
    const success = named(events, 'MarathonDeploymentSuccessEvent');
    expect(success).toHaveLength(1);
    expect(success[0]!.data.deployment).toBe(PLAN);
    expect(success[0]!.data.instances).toEqual(['/logs/app-0', '/logs/app-1']);
    for (const request of requested) expect(traces(success[0]!)).toEqual(expect.arrayContaining(traces(request)));
    expect(r.read('results.csv')).not.toContain('UNLINKED');
  });
});
