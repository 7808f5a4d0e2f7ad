import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { runConfig, readEvents } from '../helpers/driver.js';
import { MarathonSimulator } from '../../src/marathon-sim/MarathonSimulator.js';

describe('load metrics of channel.MarathonDeployChannel', () => {
  let sim: MarathonSimulator;
  let url: string;
  beforeAll(async () => {
    sim = new MarathonSimulator({ port: 0, quiet: true, deployMsBase: 5, deployMsPerInstance: 1, loadFactor: 0 });
    ({ url } = await sim.start());
  });
  afterAll(async () => {
    await sim.stop();
  });

  it('counts every deployment request of a test case as one operation of its step', async () => {
    const r = await runConfig(`
config:
  parameters: [{name: n}]
  metrics: [{name: ok, summarize: [sum]}, {name: p50, summarize: [mean]}]
policies:
  - class: policy.SimplePolicy
    parameters: {n: 6}
    events: {end: LoadStepSummaryEvent}
    timeout: 20s
channels:
  - class: channel.MarathonDeployChannel
    url: ${url}
    loadMetrics: {period: 0, persist: no}
    deploy:
      - type: app
        repeat: "{{n}}"
        parallel: 3
        spec: '{"id": "/load/app-{{_i}}", "cmd": "sleep 1", "instances": 1}'
trackers:
  - class: tracker.EventAttributeTracker
    event: LoadStepSummaryEvent
    extract:
      - {metric: ok, attrib: successes}
      - {metric: p50, attrib: durationP50}
reporters:
  - class: reporter.RawEventsReporter
  - class: reporter.CSVReporter
`);
    expect(r.code).toBe(0);
    const summary = readEvents(r).find((e) => e.name === 'LoadStepSummaryEvent')!;
    expect(summary.data).toMatchObject({ successes: 6, failures: 0, opType: 'CREATE', concurrencyLimit: 3 });
    expect(summary.data.durationP50 as number).toBeGreaterThan(0);
    const [header, row] = r.read('results.csv').trim().split('\n');
    expect(header).toBe('n,,ok (sum),p50 (mean)');
    expect(row!.startsWith('6,,6,')).toBe(true);
  });
});
