import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MarathonSimulator } from '../../src/marathon-sim/MarathonSimulator.js';
import { readEvents, runConfig, type DumpedEvent } from '../helpers/driver.js';
import { startSimulator } from './harness.js';

let sim: MarathonSimulator;
let url: string;

beforeAll(async () => {
  ({ sim, url } = await startSimulator({ deployMsBase: 20, deployMsPerInstance: 5 }));
});
afterAll(async () => {
  await sim.stop();
});

const named = (events: DumpedEvent[], name: string): DumpedEvent[] => events.filter((e) => e.name === name);
const traces = (e: DumpedEvent): number[] => e.data.traceids as number[];

/**
 * The manual's worked example, written with the Marathon classes: deployments through
 * MarathonDeployChannel, followed by MarathonEventsObserver, advancing on traced success events
 * (no `:notrace`), the group removed between the values and at the end.
 */
const SCALE_TEST = `
config:
  runs: 2
  parameters:
    - name: instances
  metrics:
    - name: deployTime
      summarize: [mean]
    - name: deployed
      summarize: [mean]
policies:
  - class: policy.MultiStepPolicy
    steps:
      - name: Scale
        values:
          - parameter: instances
            values: [1, 3]
        events:
          # The stream must be open before the first deployment; later runs start at once.
          start: "MarathonSSEConnectedEvent RestartEvent"
          advance: MarathonDeploymentSuccessEvent
        advance_condition:
          events: instances
channels:
  - class: channel.MarathonDeployChannel
    url: "{{marathon_url}}"
    deploy:
      - type: app
        repeat: "{{instances}}"
        parallel: 2
        spec: |
          {"id": "/scale-instances/app-{{_i}}", "cmd": "sleep 1200", "cpus": 0.1, "mem": 64, "instances": 2}
observers:
  - class: observer.MarathonEventsObserver
    url: "{{marathon_url}}/v2/events"
trackers:
  - class: tracker.DurationTracker
    metric: deployTime
    events:
      start: MarathonDeploymentRequestedEvent
      end: MarathonDeploymentSuccessEvent
  - class: tracker.CountTracker
    metric: deployed
    events: MarathonDeploymentSuccessEvent
reporters:
  - class: reporter.RawEventsReporter
  - class: reporter.CSVReporter
tasks:
  - class: tasks.marathon.RemoveGroup
    at: intertest
    url: "{{marathon_url}}"
    group: /scale-instances
  - class: tasks.marathon.RemoveGroup
    at: teardown
    url: "{{marathon_url}}"
    group: /scale-instances
`;

describe('Marathon classes in a whole test', () => {
  it('runs the manual\'s scale test with traced deployment events, and leaves Marathon empty', async () => {
    const r = await runConfig(SCALE_TEST, { define: [`marathon_url=${url}`] });
    expect(r.logs.filter((l) => / (ERROR|WARNING) /.test(l))).toEqual([]);
    expect(r.code).toBe(0);
    const events = readEvents(r);
    const updates = named(events, 'ParameterUpdateEvent');
    expect(updates.map((e) => (e.data.parameters as { instances: number }).instances)).toEqual([1, 3, 1, 3]);
    // Each test case's deployments: requested, started and completed within its own trace.
    for (const update of updates) {
      const id = traces(update)[0]!;
      const instances = (update.data.parameters as { instances: number }).instances;
      expect(named(events, 'MarathonDeploymentRequestedEvent').filter((e) => traces(e).includes(id))).toHaveLength(instances);
      expect(named(events, 'MarathonDeploymentStartedEvent').filter((e) => traces(e).includes(id))).toHaveLength(instances);
      const success = named(events, 'MarathonDeploymentSuccessEvent').filter((e) => traces(e).includes(id));
      expect(success.map((e) => (e.data.instances as string[])[0]).sort()).toEqual(Array.from({ length: instances }, (_, i) => `/scale-instances/app-${i}`));
    }
    expect(sim.state.isEmpty()).toBe(true);
    expect(sim.deployments.active()).toEqual([]);
    const csv = r.read('results.csv').trim().split('\n');
    expect(csv[0]).toBe('instances,,deployTime (mean),deployed (mean),status');
    expect(csv.slice(1).map((row) => row.split(',')[0])).toEqual(['1', '3']);
    for (const row of csv.slice(1)) expect(Number(row.split(',')[2])).toBeGreaterThan(0);
  });
});
