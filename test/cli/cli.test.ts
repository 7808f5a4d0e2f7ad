import { describe, it, expect, beforeAll } from 'vitest';
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { runCli, workdir, ROOT } from '../helpers/driver.js';

const SWEEP = readFileSync(join(ROOT, 'examples', 'sweep-echo.yml'), 'utf8');

describe('dcos-perf-test-driver CLI', () => {
  beforeAll(() => {
    if (!existsSync(join(ROOT, 'dist', 'core', 'cli.js'))) throw new Error('dist/ is missing: run `npm run build` (npm test does)');
  });

  it('prints help and exits 0', async () => {
    const r = await runCli(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('The DC/OS Performance Tests Driver.');
    for (const flag of ['-r, --results', '-v, --verbose', '-D, --define', '-M, --meta', '--clock-fps', '--clock-ms', '-w, --workers']) expect(r.stdout).toContain(flag);
  });

  it('prints the version and exits 0', async () => {
    const r = await runCli(['--version']);
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it('exits 2 on an unknown flag', async () => {
    const r = await runCli(['--no-such-flag', 'x.yml']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("unknown option '--no-such-flag'");
  });

  it('exits 2 without a config file', async () => {
    const r = await runCli(['--log-format', 'pretty']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('You must specify at least one configuration file');
  });

  it('runs the shipped example sweep and writes CSV and raw JSON matching what the command printed', async () => {
    const dir = workdir({ 'sweep.yml': SWEEP });
    const r = await runCli(['--log-format', 'pretty', '-r', join(dir, 'out'), join(dir, 'sweep.yml')], { cwd: dir });
    expect(r.stderr).not.toContain('ERROR');
    expect(r.code).toBe(0);
    const csv = readFileSync(join(dir, 'out', 'results.csv'), 'utf8');
    expect(csv).toBe(
      [
        'value,,echoed (mean),echoed (min),echoed (max),status',
        '1,,3,3,3,OK',
        '2,,6,6,6,OK',
        '4,,12,12,12,OK',
        '8,,24,24,24,OK',
        '16,,48,48,48,OK',
        '',
      ].join('\n'),
    );
    const raw = JSON.parse(readFileSync(join(dir, 'out', 'results-raw.json'), 'utf8'));
    expect(Object.keys(raw)).toEqual(['config', 'indicators', 'meta', 'raw', 'sum', 'time']);
    expect(raw.raw.map((a: { parameters: { value: number } }) => a.parameters.value)).toEqual([1, 2, 4, 8, 16]);
    expect(raw.raw.map((a: { values: { echoed: Array<[number, number]> } }) => a.values.echoed.map((s) => s[1]))).toEqual([[3], [6], [12], [24], [48]]);
    expect(raw.sum[0]).toEqual({ flags: { status: 'OK' }, parameters: { value: 1 }, values: { echoed: { max: 3, mean: 3, min: 3 } } });
    expect(r.stdout).toContain('Echo sweep');
  });

  it('reports a missing required definition and exits 2', async () => {
    const dir = workdir({
      'c.yml': 'config:\n  definitions:\n    - name: secret\n      desc: The secret password to use\n      required: yes\npolicies:\n  - class: policy.SimplePolicy\n',
    });
    const r = await runCli(['--log-format', 'pretty', join(dir, 'c.yml')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('Missing required definition `secret` (The secret password to use)');
  });

  it('reports a YAML syntax error as one line with file and line, exit 2, no stack trace', async () => {
    const dir = workdir({ 'bad.yml': 'config:\n  title: [unclosed\npolicies: []\n' });
    const r = await runCli(['--log-format', 'pretty', join(dir, 'bad.yml')], { cwd: dir });
    expect(r.code).toBe(2);
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/ERROR .* bad\.yml:\d+:\d+: YAML syntax error/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('reports an unknown class with file, line and key and a suggestion', async () => {
    const dir = workdir({ 'c.yml': 'policies:\n  - class: policy.SimplePolicy\nchannels:\n  - class: channel.CmdLineChanel\n    cmdline: echo\n' });
    const r = await runCli(['--log-format', 'pretty', 'c.yml'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n').filter((l) => l.includes('ERROR'))).toHaveLength(1);
    expect(r.stderr).toContain('c.yml:4:5: channels[0].class: Unknown class `channel.CmdLineChanel` (did you mean `channel.CmdlineChannel`');
  });

  it('reports an unknown option with file, line and key and a suggestion', async () => {
    const dir = workdir({ 'c.yml': 'policies:\n  - class: policy.SimplePolicy\nchannels:\n  - class: channel.CmdlineChannel\n    cmdlin: echo\n' });
    const r = await runCli(['--log-format', 'pretty', 'c.yml'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('c.yml:5:5: channels[0].cmdlin: Unknown option `cmdlin` for channel.CmdlineChannel (did you mean `cmdline`?)');
    expect(r.stderr).toContain('c.yml:4:5: channels[0]: Missing required option `cmdline` for channel.CmdlineChannel');
  });

  it('shows the stack trace of a runtime error only with --verbose', async () => {
    const dir = workdir({ 'c.yml': 'policies:\n  - class: ./missing-module.js#Thing\n' });
    const quiet = await runCli(['--log-format', 'pretty', 'c.yml'], { cwd: dir });
    expect(quiet.code).toBe(2);
    expect(quiet.stderr).toContain('Cannot load module for class `./missing-module.js#Thing`');
    expect(quiet.stderr).not.toMatch(/\n\s+at /);
  });

  it('writes JSON log lines when asked', async () => {
    const r = await runCli(['--log-format', 'json']);
    const line = JSON.parse(r.stderr.trim().split('\n')[0]!);
    expect(line).toMatchObject({ level: 50, msg: 'You must specify at least one configuration file' });
  });
});
