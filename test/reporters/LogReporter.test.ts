import { describe, it, expect } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runConfig, readEvents, workdir } from '../helpers/driver.js';
import { strftime } from '../../src/core/Macros.js';

/** Two test cases, each running a program that prints two stdout lines and one stderr line. */
const config = (reporter: string): string => `
config:
  parameters: [{name: x}]
policies:
  - class: policy.MultivariableExplorerPolicy
    matrix: {x: {type: discrete, values: [1, 2]}}
    events: {signal: {OK: CmdlineExitZeroEvent}}
channels:
  - class: channel.CmdlineChannel
    shell: yes
    restart: no
    cmdline: "echo out {{x}}; echo err {{x}} >&2; sleep 0.05; echo done {{x}}"
reporters:
  - class: reporter.RawEventsReporter
${reporter}
`;

const sorted = (text: string): string[] => text.trim().split('\n').sort();

describe('reporter.LogReporter', () => {
  it('writes every LogLineEvent line of the run to trace.log in the results directory', async () => {
    const r = await runConfig(config('  - class: reporter.LogReporter'));
    expect(r.code).toBe(0);
    const text = r.read('trace.log');
    expect(sorted(text)).toEqual(['done 1', 'done 2', 'err 1', 'err 2', 'out 1', 'out 2']);
    // In bus order, which is the order of the LogLineEvents.
    const lines = readEvents(r).filter((e) => e.name === 'LogLineEvent').map((e) => String(e.data.line));
    expect(text).toBe(lines.map((l) => `${l}\n`).join(''));
  });

  it('prefixes each line with the local time of its event when timestamp is on', async () => {
    const r = await runConfig(config('  - {class: reporter.LogReporter, timestamp: yes}'));
    const events = readEvents(r).filter((e) => e.name === 'LogLineEvent');
    const expected = events.map((e) => `[${strftime('%Y-%m-%d %H:%M:%S', new Date(e.ts * 1000))}] ${String(e.data.line)}\n`).join('');
    expect(r.read('trace.log')).toBe(expected);
    expect(r.read('trace.log')).toMatch(/^\[\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\] /);
  });

  it('replaces an existing file by default and appends to it with append: yes', async () => {
    const dir = workdir({ 'replace.log': 'old\n', 'append.log': 'old\n' });
    const r = await runConfig(config(`  - {class: reporter.LogReporter, filename: ${join(dir, 'replace.log')}}
  - {class: reporter.LogReporter, filename: ${join(dir, 'append.log')}, append: yes}`));
    expect(r.code).toBe(0);
    expect(readFileSync(join(dir, 'replace.log'), 'utf8')).not.toContain('old');
    expect(sorted(readFileSync(join(dir, 'replace.log'), 'utf8'))).toHaveLength(6);
    const appended = readFileSync(join(dir, 'append.log'), 'utf8');
    expect(appended.startsWith('old\n')).toBe(true);
    expect(sorted(appended)).toHaveLength(7);
  });

  it('creates missing directories and reports a path it cannot use before the test starts', async () => {
    const dir = workdir();
    writeFileSync(join(dir, 'file'), '');
    const nested = await runConfig(config(`  - {class: reporter.LogReporter, filename: ${join(dir, 'a', 'b', 'run.log')}}`));
    expect(nested.code).toBe(0);
    expect(readFileSync(join(dir, 'a', 'b', 'run.log'), 'utf8')).toContain('out 1');
    const bad = await runConfig(config(`  - {class: reporter.LogReporter, filename: ${join(dir, 'file', 'run.log')}}`));
    expect(bad.code).toBe(2);
    expect(bad.logs.join('\n')).toMatch(/reporters\[1\]\.filename: Cannot create the directory of .*file\/run\.log/);
  });
});
