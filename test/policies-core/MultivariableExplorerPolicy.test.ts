import { describe, it, expect } from 'vitest';
import { runConfig, readEvents } from '../helpers/driver.js';

const sweep = (matrix: string, events = 'signal: {OK: CmdlineExitZeroEvent, FAILED: CmdlineExitNonzeroEvent}', extra = '') => `
config:
  parameters: [{name: a}, {name: b}]
  metrics: [{name: m, summarize: [mean]}]
policies:
  - class: policy.MultivariableExplorerPolicy
    matrix:
${matrix}
    events:
      ${events}
channels:
  - class: channel.CmdlineChannel
    shell: yes
    restart: no
    cmdline: "echo {{a}} {{b}}; [ '{{a}}' != 'fail' ]"
reporters:
  - class: reporter.RawEventsReporter
  - class: reporter.CSVReporter
${extra}`;

const updates = (r: Awaited<ReturnType<typeof runConfig>>) =>
  readEvents(r)
    .filter((e) => e.name === 'ParameterUpdateEvent')
    .map((e) => e.data.parameters as Record<string, unknown>);

describe('policy.MultivariableExplorerPolicy', () => {
  it('runs the cartesian product with the first matrix key outermost', async () => {
    const r = await runConfig(sweep('      a: {type: discrete, values: [1, 2]}\n      b: {type: discrete, values: [x, y]}'));
    expect(r.code).toBe(0);
    expect(updates(r)).toEqual([{ a: 1, b: 'x' }, { a: 1, b: 'y' }, { a: 2, b: 'x' }, { a: 2, b: 'y' }]);
    expect(r.logs.join('\n')).toContain('Exploring 2 variables with 4 permutations');
  });

  it('accepts the manual spelling discreet', async () => {
    const r = await runConfig(sweep('      a: {type: discreet, values: [5]}'));
    expect(updates(r)).toEqual([{ a: 5, b: 0 }]);
  });

  it('expands range with max included and fractional steps', async () => {
    const r = await runConfig(sweep('      a: {type: range, min: 0.5, max: 1.5, step: 0.25}'));
    expect(updates(r).map((p) => p.a)).toEqual([0.5, 0.75, 1, 1.25, 1.5]);
  });

  it('draws sample values uniformly and reproducibly with a seed', async () => {
    const m = '      a: {type: sample, min: 10, max: 20, samples: 4, seed: 42}';
    const first = updates(await runConfig(sweep(m))).map((p) => p.a as number);
    const second = updates(await runConfig(sweep(m))).map((p) => p.a as number);
    expect(first).toHaveLength(4);
    expect(first).toEqual(second);
    for (const v of first) expect(v).toBeGreaterThanOrEqual(10), expect(v).toBeLessThanOrEqual(20);
  });

  it('sets the status flag from the signal that ended each case', async () => {
    const r = await runConfig(sweep('      a: {type: discrete, values: [ok, fail]}'));
    const flags = readEvents(r).filter((e) => e.name === 'FlagUpdateEvent').map((e) => `${String(e.data.name)}=${String(e.data.value)}`);
    expect(flags).toEqual(['status=OK', 'status=FAILED']);
    expect(r.read('results.csv')).toContain('ok,0,,,OK');
  });

  it('orders events per case: update, signal, intertest task, flag, task completion, next update', async () => {
    const r = await runConfig(sweep('      a: {type: discrete, values: [1, 2]}'));
    const seq = readEvents(r)
      .map((e) => e.name)
      .filter((n) => ['ParameterUpdateEvent', 'CmdlineExitZeroEvent', 'RunTaskEvent', 'FlagUpdateEvent', 'RunTaskCompletedEvent'].includes(n));
    // The session's own setup/pretest tasks come first.
    const fromFirstUpdate = seq.slice(seq.indexOf('ParameterUpdateEvent'));
    expect(fromFirstUpdate.slice(0, 6)).toEqual(['ParameterUpdateEvent', 'CmdlineExitZeroEvent', 'RunTaskEvent', 'FlagUpdateEvent', 'RunTaskCompletedEvent', 'ParameterUpdateEvent']);
  });

  it('waits for signalEventCount events, an expression with the parameters and _i', async () => {
    const r = await runConfig(`
config:
  parameters: [{name: a}]
policies:
  - class: policy.MultivariableExplorerPolicy
    matrix:
      a: {type: discrete, values: [2, 3]}
    events:
      signal: {OK: "LogLineEvent"}
      signalEventCount: "a + _i - 1"
channels:
  - class: channel.CmdlineChannel
    shell: yes
    restart: no
    trigger: always
    cmdline: "for i in 1 2 3 4 5 6; do echo $i; sleep 0.02; done"
reporters:
  - class: reporter.RawEventsReporter
`);
    expect(r.code).toBe(0);
    expect(r.logs.join('\n')).toMatch(/Waiting for 1 more events[\s\S]*Waiting for 3 more events/);
  });

  it('waits for the start event before the first case', async () => {
    const r = await runConfig(sweep('      a: {type: discrete, values: [1]}', 'signal: {OK: CmdlineExitZeroEvent}\n      start: "TickEvent:notrace:nth(5)"'));
    expect(r.code).toBe(0);
    expect(r.logs.join('\n')).toContain('Waiting until the system is ready');
    expect(updates(r)).toHaveLength(1);
  });

  it('moves on with status STALLED when a case stalls past staleTimeout', async () => {
    const r = await runConfig(
      sweep('      a: {type: discrete, values: [1, 2]}', 'signal: {OK: "LogLineEvent[line=never]"}').replace('config:\n', 'config:\n  staleTimeout: 300ms\n'),
    );
    expect(r.code).toBe(0);
    const flags = readEvents(r).filter((e) => e.name === 'FlagUpdateEvent').map((e) => e.data.value);
    expect(flags).toEqual(['STALLED', 'STALLED']);
    expect(readEvents(r).filter((e) => e.name === 'StalledEvent').length).toBeGreaterThanOrEqual(2);
  });

  it('rejects an unknown matrix type at start-up', async () => {
    const r = await runConfig(sweep('      a: {type: spiral, values: [1]}'));
    expect(r.code).toBe(2);
    expect(r.logs.join('\n')).toContain('Unknown matrix value type "spiral"');
  });

  it('requires at least one signal', async () => {
    const r = await runConfig(sweep('      a: {values: [1]}', 'signal: {}'));
    expect(r.code).toBe(2);
    expect(r.logs.join('\n')).toContain('`events.signal` configuration must have at least 1 event defined');
  });
});
