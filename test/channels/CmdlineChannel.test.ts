import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runConfig, readEvents, type DumpedEvent } from '../helpers/driver.js';

/** A config running one SimplePolicy case that ends at the given event. */
function config(channel: string, opts: { end?: string; params?: string; extraParams?: string; timeout?: string; tasks?: string } = {}): string {
  return `
config:
  staleTimeout: 20
  parameters:
    - name: x
policies:
  - class: policy.SimplePolicy
    parameters: ${opts.params ?? '{x: 7}'}
    events:
      end: ${opts.end ?? 'CmdlineExitEvent'}
    timeout: ${opts.timeout ?? '10s'}
channels:
${channel}
reporters:
  - class: reporter.RawEventsReporter
${opts.tasks ?? ''}`;
}

const lines = (events: DumpedEvent[]): string[] => events.filter((e) => e.name === 'LogLineEvent').map((e) => String(e.data.line));

describe('channel.CmdlineChannel', () => {
  it('renders the command line with the parameters and publishes each output line, blank lines included', async () => {
    const r = await runConfig(config(`  - class: channel.CmdlineChannel
    cmdline: "printf 'a {{x}}\\n\\nb\\n'"
    restart: no`));
    expect(r.code).toBe(0);
    const events = readEvents(r);
    expect(lines(events)).toEqual(['a 7', '', 'b']);
    const ll = events.find((e) => e.name === 'LogLineEvent')!;
    expect(ll.data).toMatchObject({ source: 'printf', kind: 'stdout' });
  });

  it('delivers every line of a fast, long output in order, before the exit event', async () => {
    // Far more lines than the backlog at which the channel pauses reading the output.
    const r = await runConfig(config(`  - class: channel.CmdlineChannel
    cmdline: "seq 1 30000"
    trigger: always
    restart: no`));
    expect(r.code).toBe(0);
    const events = readEvents(r);
    expect(lines(events)).toEqual(Array.from({ length: 30000 }, (_, i) => String(i + 1)));
    const lastLine = events.map((e) => e.name).lastIndexOf('LogLineEvent');
    expect(events.findIndex((e) => e.name === 'CmdlineExitZeroEvent')).toBeGreaterThan(lastLine);
    expect(events.find((e) => e.name === 'CmdlineExitZeroEvent')!.data.source).toBe('seq');
  });

  it('splits the command line like a shell without shell: yes (quotes, no expansion)', async () => {
    const r = await runConfig(config(`  - class: channel.CmdlineChannel
    cmdline: "echo 'one  two' \\"three\\" $HOME"
    restart: no
    trigger: always`));
    expect(lines(readEvents(r))).toEqual(['one  two three $HOME']);
  });

  it('runs through /bin/sh with shell: yes and names the first word as source', async () => {
    const r = await runConfig(config(`  - class: channel.CmdlineChannel
    shell: yes
    cmdline: "echo $(( {{x}} * 2 )) && echo err >&2"
    restart: no`));
    const events = readEvents(r);
    expect(lines(events).sort()).toEqual(['14', 'err']);
    const err = events.find((e) => e.name === 'LogLineEvent' && e.data.line === 'err')!;
    expect(err.data).toMatchObject({ kind: 'stderr', source: 'echo' });
  });

  it('writes stdin, adds env to the environment and runs in cwd', async () => {
    const r = await runConfig(config(`  - class: channel.CmdlineChannel
    shell: yes
    cmdline: "cat; echo $GREETING; command -v sh; pwd"
    stdin: "hello {{x}}\\n"
    env:
      GREETING: "hi {{x}}"
    cwd: /tmp
    restart: no`));
    // PATH still works (env adds to the environment) and the command ran in /tmp.
    expect(lines(readEvents(r))).toEqual(['hello 7', 'hi 7', expect.stringMatching(/\/sh$/), '/tmp']);
  });

  it('maps output kinds with kind:', async () => {
    const r = await runConfig(config(`  - class: channel.CmdlineChannel
    shell: yes
    cmdline: "echo out; echo err >&2"
    restart: no
    trigger: always
    kind: {stdout: app_out, stderr: app_err}`));
    const kinds = readEvents(r).filter((e) => e.name === 'LogLineEvent').map((e) => `${String(e.data.line)}:${String(e.data.kind)}`).sort();
    expect(kinds).toEqual(['err:app_err', 'out:app_out']);
  });

  it('publishes CmdlineStartedEvent with the pid, then the exit event after every line, with the parameter trace', async () => {
    const r = await runConfig(config(`  - class: channel.CmdlineChannel
    shell: yes
    cmdline: "echo one; echo two; exit 3"
    restart: no
    trigger: always`, { end: 'CmdlineExitNonzeroEvent' }));
    const events = readEvents(r);
    const names = events.map((e) => e.name).filter((n) => /Cmdline|LogLine/.test(n));
    expect(names).toEqual(['CmdlineStartedEvent', 'LogLineEvent', 'LogLineEvent', 'CmdlineExitNonzeroEvent']);
    expect(events.find((e) => e.name === 'CmdlineStartedEvent')!.data.pid).toBeGreaterThan(0);
    const update = events.find((e) => e.name === 'ParameterUpdateEvent')!;
    const exit = events.find((e) => e.name === 'CmdlineExitNonzeroEvent')!;
    expect(exit.data.exitcode).toBe(3);
    expect(exit.data.traceids).toEqual(expect.arrayContaining([Math.min(...(update.data.traceids as number[]))]));
  });

  it('publishes CmdlineExitZeroEvent for exit code 0', async () => {
    const r = await runConfig(config(`  - class: channel.CmdlineChannel
    cmdline: "true"
    restart: no
    trigger: always`, { end: 'CmdlineExitZeroEvent' }));
    expect(readEvents(r).filter((e) => e.name === 'CmdlineExitZeroEvent').map((e) => e.data.exitcode)).toEqual([0]);
  });

  it('relaunches a process that exits with restart: yes (the default) and with the relaunch: alias', async () => {
    for (const key of ['', 'relaunch: yes']) {
      const r = await runConfig(config(`  - class: channel.CmdlineChannel
    shell: yes
    cmdline: "echo run"
    trigger: always
    ${key}`, { end: 'CmdlineExitEvent:nth(2)' }));
      const events = readEvents(r);
      expect(events.filter((e) => e.name === 'CmdlineStartedEvent').length).toBeGreaterThanOrEqual(2);
      expect(lines(events).slice(0, 2)).toEqual(['run', 'run']);
    }
  });

  it('launches at start with atstart: yes even without macros', async () => {
    const r = await runConfig(config(`  - class: channel.CmdlineChannel
    cmdline: "echo started"
    atstart: yes
    restart: no`));
    expect(lines(readEvents(r))).toEqual(['started']);
  });

  it('never launches a channel without macros or atstart', async () => {
    const r = await runConfig(config(`  - class: channel.CmdlineChannel
    cmdline: "echo never"
    restart: no`, { end: 'TickEvent:notrace:nth(3)' }));
    expect(lines(readEvents(r))).toEqual([]);
  });

  it('stops a running process at teardown: runs the teardown command, SIGINT, then SIGKILL after gracePeriod', async () => {
    const marker = join(tmpdir(), `pdt-teardown-${process.pid}-${Date.now()}.txt`);
    const started = Date.now();
    const r = await runConfig(config(`  - class: channel.CmdlineChannel
    shell: yes
    cmdline: "trap 'echo got-int' INT; echo ready {{x}}; while true; do sleep 0.05; done"
    teardown: "echo teardown-ran > ${marker}"
    gracePeriod: 300ms`, { end: 'LogLineEvent[line=ready 7]' }));
    expect(r.code).toBe(0);
    expect(readFileSync(marker, 'utf8').trim()).toBe('teardown-ran');
    const events = readEvents(r);
    expect(lines(events)).toContain('got-int');
    // The process ignored SIGINT, so only the SIGKILL after the grace period ended it.
    expect(Date.now() - started).toBeGreaterThanOrEqual(300);
    // Stopped by the driver: no exit event.
    expect(events.some((e) => e.name.startsWith('CmdlineExit'))).toBe(false);
  });

  it('kills the previous process when a parameter changes and launches the new one', async () => {
    const r = await runConfig(`
config:
  parameters: [{name: x}]
policies:
  - class: policy.MultivariableExplorerPolicy
    matrix: {x: {type: discrete, values: [1, 2]}}
    events:
      signal: {OK: "LogLineEvent[line~=^value]"}
channels:
  - class: channel.CmdlineChannel
    shell: yes
    cmdline: "echo value {{x}}; sleep 30"
    gracePeriod: 1s
reporters:
  - class: reporter.RawEventsReporter
`);
    expect(r.code).toBe(0);
    const events = readEvents(r);
    expect(lines(events)).toEqual(['value 1', 'value 2']);
    expect(events.filter((e) => e.name === 'CmdlineStartedEvent')).toHaveLength(2);
  });

  describe('triggers', () => {
    const sweep = (channelExtra: string, values = '[1, 1, 2]') => `
config:
  parameters: [{name: x}, {name: y}]
policies:
  - class: policy.MultivariableExplorerPolicy
    matrix:
      x: {type: discrete, values: ${values}}
    events:
      # A case ends at its output line, or after ~0.5 s when the channel (rightly) did not fire.
      signal: {OK: "LogLineEvent TickEvent:notrace:nth(15)"}
channels:
  - class: channel.CmdlineChannel
    cmdline: "echo x={{x}}"
    restart: no
${channelExtra}
reporters:
  - class: reporter.RawEventsReporter
`;
    it('matching (default) fires when a referenced parameter is set, even to the same value', async () => {
      const r = await runConfig(sweep(''));
      expect(lines(readEvents(r))).toEqual(['x=1', 'x=1', 'x=2']);
    });

    it('changed fires only when the value differs from the previous one', async () => {
      const r = await runConfig(sweep('    trigger: changed'));
      expect(lines(readEvents(r))).toEqual(['x=1', 'x=2']);
    });

    it('a top-level parameters list overrides the macros (never fires for an unrelated parameter)', async () => {
      const r = await runConfig(sweep('    parameters: [y]'));
      expect(lines(readEvents(r))).toEqual([]);
    });

    it('the source form trigger: {when, parameters} works', async () => {
      const r = await runConfig(sweep('    trigger: {when: changed, parameters: [x]}'));
      expect(lines(readEvents(r))).toEqual(['x=1', 'x=2']);
    });

    it('always fires on every update', async () => {
      const r = await runConfig(sweep('    trigger: always\n    parameters: [y]'));
      expect(lines(readEvents(r))).toEqual(['x=1', 'x=1', 'x=2']);
    });

    it('rejects an invalid trigger value with the key named', async () => {
      const r = await runConfig(sweep('    trigger: sometimes'));
      expect(r.code).toBe(2);
      expect(r.logs.join('\n')).toMatch(/test\.yml:\d+:\d+: channels\[0\]\.trigger: Invalid `trigger` value "sometimes"/);
    });
  });
});
