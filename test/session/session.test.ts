import { describe, it, expect } from 'vitest';
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { runConfig, readEvents, runCli, workdir } from '../helpers/driver.js';

/** Tasks that append their trigger name to a file, so the order is visible. */
const markerTasks = (file: string, triggers: string[]) =>
  triggers.map((t) => `  - class: tasks.exec.Run\n    at: ${t}\n    shell: yes\n    cmdline: "echo ${t} >> ${file}"`).join('\n');

describe('Session', () => {
  it('runs setup before the policies, pretest/posttest around every run, intertest per case, teardown before the reports', async () => {
    const dir = workdir();
    const file = join(dir, 'order.txt');
    const r = await runConfig(`
config:
  runs: 2
  parameters: [{name: x}]
policies:
  - class: policy.MultivariableExplorerPolicy
    matrix: {x: {values: [1, 2]}}
    events: {signal: {OK: CmdlineExitZeroEvent}}
channels:
  - class: channel.CmdlineChannel
    restart: no
    shell: yes
    cmdline: "echo case{{x}} >> ${file}"
tasks:
${markerTasks(file, ['setup', 'pretest', 'intertest', 'posttest', 'teardown'])}
reporters:
  - class: reporter.RawEventsReporter
`);
    expect(r.code).toBe(0);
    expect(readFileSync(file, 'utf8').trim().split('\n')).toEqual([
      'setup',
      'pretest', 'case1', 'intertest', 'case2', 'intertest', 'posttest',
      'pretest', 'case1', 'intertest', 'case2', 'intertest', 'posttest',
      'teardown',
    ]);
    const names = readEvents(r).map((e) => e.name);
    expect(names.filter((n) => ['StartEvent', 'RestartEvent', 'TeardownEvent'].includes(n))).toEqual(['StartEvent', 'RestartEvent', 'TeardownEvent']);
  });

  it('pools repeated runs of the same parameters into one test case', async () => {
    const r = await runConfig(`
config:
  repeat: 3
  parameters: [{name: x}]
  metrics: [{name: m, summarize: [sum]}]
policies:
  - class: policy.MultivariableExplorerPolicy
    matrix: {x: {values: [5]}}
    events: {signal: {OK: CmdlineExitZeroEvent}}
channels:
  - class: channel.CmdlineChannel
    restart: no
    cmdline: "echo {{x}}"
trackers:
  - class: tracker.EventAttributeTracker
    event: LogLineEvent
    extract: [{metric: m, attrib: line}]
reporters:
  - class: reporter.CSVReporter
`);
    expect(r.read('results.csv')).toBe('x,,m (sum),status\n5,,15,OK\n');
  });

  it('skips the remaining tasks of a trigger after a failing one and still completes the run', async () => {
    const dir = workdir();
    const file = join(dir, 'tasks.txt');
    const r = await runConfig(`
policies:
  - class: policy.SimplePolicy
    parameters: {}
    timeout: 100ms
tasks:
  - class: tasks.exec.Run
    at: setup
    shell: yes
    cmdline: "echo first >> ${file}; exit 1"
    failOnError: yes
  - class: tasks.exec.Run
    at: setup
    shell: yes
    cmdline: "echo second >> ${file}"
reporters:
  - class: reporter.RawEventsReporter
`);
    expect(r.code).toBe(0);
    expect(readFileSync(file, 'utf8')).toBe('first\n');
    const completed = readEvents(r).find((e) => e.name === 'RunTaskCompletedEvent' && e.data.task === 'setup')!;
    expect(String(completed.data.exception)).toContain('Command exited with code 1');
  });

  it('rejects runs and repeat that disagree', async () => {
    const r = await runConfig('config: {runs: 2, repeat: 3}\npolicies: [{class: policy.SimplePolicy}]\n');
    expect(r.code).toBe(2);
    expect(r.logs.join('\n')).toContain('`config.runs` (2) and `config.repeat` (3) disagree');
  });

  it('uses a definition default and lets -D override it; -D wins over define:', async () => {
    const yaml = `
config:
  parameters: [{name: x}]
  definitions:
    - {name: count, default: 2}
define:
  word: from-file
policies:
  - class: policy.SimplePolicy
    parameters: {x: "{{count}}"}
    events: {end: CmdlineExitEvent}
channels:
  - class: channel.CmdlineChannel
    restart: no
    cmdline: "echo {{word}} {{x}}"
reporters:
  - class: reporter.RawEventsReporter
`;
    const lines = (r: Awaited<ReturnType<typeof runConfig>>) => readEvents(r).filter((e) => e.name === 'LogLineEvent').map((e) => e.data.line);
    expect(lines(await runConfig(yaml))).toEqual(['from-file 2']);
    expect(lines(await runConfig(yaml, { define: ['count=5', 'word=cli=value'] }))).toEqual(['cli=value 5']);
  });

  it('makes meta values available as {{meta:name}} macros, -M winning', async () => {
    const r = await runConfig(`
meta: {version: "1.0"}
config:
  parameters: [{name: x}]
policies:
  - class: policy.SimplePolicy
    parameters: {x: 1}
    events: {end: CmdlineExitEvent}
channels:
  - class: channel.CmdlineChannel
    restart: no
    cmdline: "echo v{{meta:version}} {{x}}"
reporters:
  - class: reporter.RawEventsReporter
`, { meta: ['version=2.0'] });
    expect(readEvents(r).filter((e) => e.name === 'LogLineEvent').map((e) => e.data.line)).toEqual(['v2.0 1']);
  });

  it('ends a policy that ignores the stall signal after a second timeout', async () => {
    const r = await runConfig(`
config:
  staleTimeout: 200ms
policies:
  - class: policy.SimplePolicy
    parameters: {}
    events: {end: "LogLineEvent[line=never]"}
reporters:
  - class: reporter.RawEventsReporter
`);
    expect(r.code).toBe(0);
    expect(r.logs.join('\n')).toContain('Policy `policy.SimplePolicy` stalled');
  });
});

describe('Interrupting a sweep', () => {
  it('on SIGINT runs the teardown tasks, writes every finished test case and exits 130', async () => {
    const dir = workdir();
    const marker = join(dir, 'teardown.txt');
    const yaml = `
config:
  parameters: [{name: x}]
  metrics: [{name: m, summarize: [mean]}]
policies:
  - class: policy.MultivariableExplorerPolicy
    matrix: {x: {values: [1, 2, 3, 4, 5, 6]}}
    events: {signal: {OK: "LogLineEvent[line~=^done]"}}
channels:
  - class: channel.CmdlineChannel
    shell: yes
    # exec: dash defers a SIGINT arriving between two commands, and the stop would take the whole gracePeriod.
    cmdline: "echo {{x}}; sleep {{x}}.0; echo done; exec sleep 30"
trackers:
  - class: tracker.EventAttributeTracker
    event: "LogLineEvent[line~=^[0-9]]"
    extract: [{metric: m, attrib: line}]
tasks:
  - class: tasks.exec.Run
    at: teardown
    shell: yes
    cmdline: "echo teardown > ${marker}"
reporters:
  - class: reporter.CSVReporter
  - class: reporter.RawReporter
`;
    const file = join(dir, 'sweep.yml');
    (await import('node:fs')).writeFileSync(file, yaml);
    let sent = false;
    const r = await runCli(['--log-format', 'pretty', '-r', join(dir, 'results'), file], {
      cwd: dir,
      onStderr: (text, child) => {
        // Interrupt while the third case runs: two cases are finished by then.
        if (!sent && /Setting axis to \{"x":3\}/.test(text)) {
          sent = true;
          setTimeout(() => child.kill('SIGINT'), 200);
        }
      },
    });
    expect(sent).toBe(true);
    expect(r.code).toBe(130);
    expect(existsSync(marker)).toBe(true);
    const csv = readFileSync(join(dir, 'results', 'results.csv'), 'utf8').trim().split('\n');
    expect(csv[0]).toBe('x,,m (mean),status');
    expect(csv.slice(1, 3)).toEqual(['1,,1,OK', '2,,2,OK']);
    expect(csv[3]).toBe('3,,3,INTERRUPTED');
    const raw = JSON.parse(readFileSync(join(dir, 'results', 'results-raw.json'), 'utf8'));
    expect(raw.raw).toHaveLength(3);
  });
});

describe('A crash of the driver', () => {
  it('leaves the results of the finished test cases on disk (checkpointed atomically)', async () => {
    const dir = workdir();
    const yaml = `
config:
  parameters: [{name: x}]
  metrics: [{name: m, summarize: [mean]}]
policies:
  - class: policy.MultivariableExplorerPolicy
    matrix: {x: {values: [1, 2, 3, 4, 5, 6, 7, 8]}}
    events: {signal: {OK: CmdlineExitZeroEvent}}
channels:
  - class: channel.CmdlineChannel
    shell: yes
    restart: no
    cmdline: "echo {{x}}; sleep 0.5"
trackers:
  - class: tracker.EventAttributeTracker
    event: LogLineEvent
    extract: [{metric: m, attrib: line}]
reporters:
  - class: reporter.CSVReporter
  - class: reporter.RawReporter
`;
    const file = join(dir, 'sweep.yml');
    (await import('node:fs')).writeFileSync(file, yaml);
    let killed = false;
    const r = await runCli(['--log-format', 'pretty', '-r', join(dir, 'results'), file], {
      cwd: dir,
      onStderr: (text, child) => {
        if (!killed && /Setting axis to \{"x":6\}/.test(text)) {
          killed = true;
          child.kill('SIGKILL');
        }
      },
    });
    expect(killed).toBe(true);
    expect(r.signal).toBe('SIGKILL');
    const csv = readFileSync(join(dir, 'results', 'results.csv'), 'utf8').trim().split('\n');
    expect(csv[0]).toBe('x,,m (mean),status');
    expect(csv.length).toBeGreaterThanOrEqual(3);
    expect(csv[1]).toBe('1,,1,OK');
    const raw = JSON.parse(readFileSync(join(dir, 'results', 'results-raw.json'), 'utf8'));
    expect(raw.raw.length).toBeGreaterThanOrEqual(2);
    expect(raw.raw[0].values.m.map((s: [number, number]) => s[1])).toEqual([1]);
  });
});
