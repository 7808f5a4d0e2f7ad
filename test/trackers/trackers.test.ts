import { describe, it, expect } from 'vitest';
import { runConfig } from '../helpers/driver.js';

const sweep = (cmd: string, trackers: string, metrics = '[{name: m, summarize: [mean, sum, min, max]}]', values = '[1, 2]') => `
config:
  parameters: [{name: x}]
  metrics: ${metrics}
policies:
  - class: policy.MultivariableExplorerPolicy
    matrix: {x: {type: discrete, values: ${values}}}
    events: {signal: {OK: CmdlineExitZeroEvent}}
channels:
  - class: channel.CmdlineChannel
    shell: yes
    restart: no
    trigger: always
    cmdline: "${cmd}"
trackers:
${trackers}
reporters:
  - class: reporter.RawReporter
`;

type Raw = { raw: Array<{ parameters: { x: number }; values: Record<string, Array<[number, number]>> }>; sum: Array<{ values: Record<string, Record<string, unknown>> }> };
const raw = (r: Awaited<ReturnType<typeof runConfig>>): Raw => JSON.parse(r.read('results-raw.json')) as Raw;
const values = (r: Awaited<ReturnType<typeof runConfig>>, metric = 'm') => raw(r).raw.map((a) => a.values[metric]!.map((s) => s[1]));

describe('tracker.EventAttributeTracker', () => {
  it('extracts an attribute expression from every matching event into the test case', async () => {
    const r = await runConfig(sweep('echo {{x}}; echo $(( {{x}} * 10 ))', `  - class: tracker.EventAttributeTracker
    event: LogLineEvent
    extract:
      - metric: m
        attrib: line`));
    expect(r.code).toBe(0);
    expect(values(r)).toEqual([[1, 10], [2, 20]]);
  });

  it('evaluates eval expressions over event', async () => {
    const r = await runConfig(sweep('echo {{x}}', `  - class: tracker.EventAttributeTracker
    event: LogLineEvent
    extract:
      - metric: m
        eval: "float(event.line) ** 2 + len(event.kind)"`));
    expect(values(r)).toEqual([[1 + 6], [4 + 6]]);
  });

  it('with :last records only the last matching event of each test case', async () => {
    const r = await runConfig(sweep('echo 1; echo 2; echo {{x}}00', `  - class: tracker.EventAttributeTracker
    event: LogLineEvent:last
    extract:
      - metric: m
        attrib: line`));
    expect(values(r)).toEqual([[100], [200]]);
  });

  it('takes the test case from the latest traceIdFrom event instead of the matching event', async () => {
    // The value is printed by a process launched at start (no trace); the test case comes from
    // the latest ParameterUpdateEvent because of traceIdFrom.
    const r = await runConfig(`
config:
  parameters: [{name: x}]
  metrics: [{name: m, summarize: [mean]}]
policies:
  - class: policy.MultivariableExplorerPolicy
    matrix: {x: {type: discrete, values: [1, 2]}}
    events: {signal: {OK: "LogLineEvent[line~=^tick]"}}
channels:
  - class: channel.CmdlineChannel
    atstart: yes
    restart: no
    shell: yes
    cmdline: "sleep 0.3; echo 7; echo tick; sleep 0.3; echo 9; echo tick"
trackers:
  - class: tracker.EventAttributeTracker
    event: "LogLineEvent[line~=^[0-9]]"
    traceIdFrom: ParameterUpdateEvent
    extract: [{metric: m, attrib: line}]
reporters:
  - class: reporter.RawReporter
`);
    expect(values(r)).toEqual([[7], [9]]);
  });

  it('attributes samples to the test case of the latest traceIdFrom match', async () => {
    const r = await runConfig(sweep('echo {{x}}', `  - class: tracker.EventAttributeTracker
    event: LogLineEvent
    traceIdFrom: "ParameterUpdateEvent[parameters.x=1]"
    extract:
      - metric: m
        attrib: line`));
    // Only the update of x=1 matches, so the line of x=2 is filed under x=1 too.
    expect(values(r)).toEqual([[1, 2], []]);
  });

  it('completes :last for the previous test case before switching to the next trace', async () => {
    const r = await runConfig(sweep('echo {{x}}0; echo {{x}}1', `  - class: tracker.EventAttributeTracker
    event: LogLineEvent:last
    traceIdFrom: ParameterUpdateEvent
    extract:
      - metric: m
        eval: "float(event.line) + len(event.kind)"`));
    expect(values(r)).toEqual([[11 + 6], [21 + 6]]);
  });

  it('fails at start-up for an undeclared metric', async () => {
    const r = await runConfig(sweep('echo 1', `  - class: tracker.EventAttributeTracker
    event: LogLineEvent
    extract:
      - metric: nope
        attrib: line`));
    expect(r.code).toBe(2);
    expect(r.logs.join('\n')).toContain('Metric `nope` is not declared in config.metrics (declared: m)');
  });
});

describe('tracker.CountTracker', () => {
  it('counts matching events per test case, recording 0 when none matched', async () => {
    const r = await runConfig(
      sweep('for i in $(seq 1 {{x}}); do echo hit; done; echo miss', `  - class: tracker.CountTracker
    metric: m
    events: LogLineEvent[line=hit]`, undefined, '[0, 3]'),
    );
    expect(values(r)).toEqual([[0], [3]]);
  });

  it('adds a numeric step, or a step expression over the event and parameters', async () => {
    const r = await runConfig(sweep('echo 5; echo 7', `  - class: tracker.CountTracker
    metric: m
    events: LogLineEvent
    step: 2
  - class: tracker.CountTracker
    metric: n
    events: LogLineEvent
    step: "float(event.line) * x"`, '[{name: m, summarize: [sum]}, {name: n, summarize: [sum]}]'));
    expect(values(r, 'm')).toEqual([[4], [4]]);
    expect(values(r, 'n')).toEqual([[12], [24]]);
  });
});

describe('tracker.DurationTracker', () => {
  it('measures the time between start and end events of the same test case', async () => {
    const r = await runConfig(sweep('echo begin; sleep 0.{{x}}; echo end', `  - class: tracker.DurationTracker
    metric: m
    events:
      start: LogLineEvent[line=begin]
      end: LogLineEvent[line=end]`));
    const [[d1], [d2]] = values(r) as [[number], [number]];
    expect(d1).toBeGreaterThan(0.09);
    expect(d1).toBeLessThan(0.6);
    expect(d2).toBeGreaterThan(0.19);
    expect(d2).toBeGreaterThan(d1);
  });

  it('starts at the ParameterUpdateEvent itself', async () => {
    const r = await runConfig(sweep('sleep 0.1; echo done', `  - class: tracker.DurationTracker
    metric: m
    events:
      start: ParameterUpdateEvent
      end: CmdlineExitZeroEvent`));
    for (const [d] of values(r) as Array<[number]>) expect(d).toBeGreaterThan(0.09);
  });

  it('pairs several starts and ends in order', async () => {
    const r = await runConfig(sweep('echo s; echo s; sleep 0.05; echo e; echo e', `  - class: tracker.DurationTracker
    metric: m
    events:
      start: LogLineEvent[line=s]
      end: LogLineEvent[line=e]`, undefined, '[1]'));
    expect(values(r)[0]).toHaveLength(2);
  });

  it('warns about starts without an end', async () => {
    const r = await runConfig(sweep('echo s', `  - class: tracker.DurationTracker
    metric: m
    events:
      start: LogLineEvent[line=s]
      end: LogLineEvent[line=e]`, undefined, '[1]'));
    expect(r.logs.join('\n')).toContain('Incomplete duration traces (1 without end) for m');
    expect(values(r)).toEqual([[]]);
  });
});
