import { describe, it, expect } from 'vitest';
import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import { runConfig, runCli, readEvents, workdir, type DumpedEvent, type InProcessResult } from '../helpers/driver.js';

const explorer = `
config:
  parameters: [{name: x}]
policies:
  - class: policy.MultivariableExplorerPolicy
    matrix: {x: {type: discrete, values: [1, 2]}}
    events: {signal: {OK: CmdlineExitZeroEvent}}
channels:
  - class: channel.CmdlineChannel
    restart: no
    cmdline: "echo {{x}}"
reporters:
  - class: reporter.RawEventsReporter
`;

function events(r: InProcessResult): DumpedEvent[] {
  expect(r.code, r.logs.join('\n')).toBe(0);
  return readEvents(r);
}

/** Seconds between the first event matching `a` and the first event after it matching `b`. */
function gap(list: DumpedEvent[], a: (e: DumpedEvent) => boolean, b: (e: DumpedEvent) => boolean): number {
  const i = list.findIndex(a);
  const j = list.findIndex((e, k) => k > i && b(e));
  expect(i).toBeGreaterThanOrEqual(0);
  expect(j).toBeGreaterThan(i);
  return list[j]!.ts - list[i]!.ts;
}

const task = (name: string) => (e: DumpedEvent): boolean => e.name === 'RunTaskEvent' && e.data.task === name;
const done = (name: string) => (e: DumpedEvent): boolean => e.name === 'RunTaskCompletedEvent' && e.data.task === name;

describe('tasks.delay.Delay', () => {
  it('pauses the setup trigger, so the tests start after the delay', async () => {
    const r = await runConfig(`${explorer}
tasks:
  - class: tasks.delay.Delay
    at: setup
    delay: 500ms
`);
    const list = events(r);
    expect(gap(list, task('setup'), (e) => e.name === 'StartEvent')).toBeGreaterThanOrEqual(0.49);
    expect(r.logs.join('\n')).toContain('Pausing execution for 0.5 seconds');
  });

  it('pauses between test cases at intertest, with the delay in seconds', async () => {
    const list = events(await runConfig(`${explorer}
tasks:
  - class: tasks.delay.Delay
    at: intertest
    delay: 0.4
`));
    expect(gap(list, task('intertest'), (e) => e.name === 'ParameterUpdateEvent')).toBeGreaterThanOrEqual(0.39);
    expect(gap(list, task('intertest'), done('intertest'))).toBeGreaterThanOrEqual(0.39);
  });

  it('runs at a trigger named by a MultiStepPolicy step, before its first value', async () => {
    const list = events(await runConfig(`
config:
  parameters: [{name: x}]
policies:
  - class: policy.MultiStepPolicy
    steps:
      - name: Warm
        tasks: {start: settle, post_value: null}
        values: [{parameter: x, values: [1, 2]}]
channels:
  - class: channel.CmdlineChannel
    restart: no
    cmdline: "echo {{x}}"
tasks:
  - class: tasks.delay.Delay
    at: settle
    delay: 300ms
reporters:
  - class: reporter.RawEventsReporter
`));
    expect(list.filter(task('settle'))).toHaveLength(1);
    expect(gap(list, task('settle'), (e) => e.name === 'ParameterUpdateEvent')).toBeGreaterThanOrEqual(0.29);
  });

  it('accepts a zero delay and rejects what is not a time', async () => {
    events(await runConfig(`${explorer}
tasks:
  - {class: tasks.delay.Delay, at: setup, delay: 0}
  - {class: tasks.delay.Delay, at: setup, delay: "0s"}
`));
    const bad = await runConfig(`${explorer}
tasks:
  - {class: tasks.delay.Delay, at: setup, delay: soon}
`);
    expect(bad.code).toBe(2);
    expect(bad.logs.join('\n')).toContain("tasks[0].delay: Expected time for `delay` of tasks.delay.Delay, got \"soon\"");
  });

  it('is cut short by Ctrl-C: the driver tears down and exits with 130 instead of sitting out the delay', async () => {
    const dir = workdir();
    writeFileSync(join(dir, 'c.yml'), `${explorer.replace('RawEventsReporter', 'CSVReporter')}
tasks:
  - {class: tasks.delay.Delay, at: setup, delay: 60s}
`);
    const started = performance.now();
    let sent = false;
    const r = await runCli(['--log-format', 'json', '-r', join(dir, 'results'), join(dir, 'c.yml')], {
      timeoutMs: 30_000,
      onStderr: (text, child) => {
        if (!sent && text.includes('Pausing execution for 60 seconds')) {
          sent = true;
          child.kill('SIGINT');
        }
      },
    });
    expect(sent).toBe(true);
    expect(r.code).toBe(130);
    expect(performance.now() - started).toBeLessThan(20_000);
  });
});
