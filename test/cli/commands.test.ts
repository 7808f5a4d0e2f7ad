import { describe, it, expect } from 'vitest';
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { runCli, runConfig, workdir } from '../helpers/driver.js';

const SWEEP = `
config:
  runs: 2
  parameters: [{name: x}]
  definitions:
    - {name: api_password, desc: The password, required: yes, secret: yes}
  metrics: [{name: m, summarize: [mean]}]
define:
  base: 10
  token: topsecretvalue
policies:
  - class: policy.MultivariableExplorerPolicy
    matrix: {x: {type: range, min: 1, max: 3}}
    events: {signal: {OK: CmdlineExitZeroEvent}}
channels:
  - class: channel.CmdlineChannel
    restart: no
    cmdline: "echo {{x}} {{base}} {{api_password}}"
reporters:
  - class: reporter.RawEventsReporter
`;

describe('validate', () => {
  it('checks a config without running it or writing any output, exit 0', async () => {
    const dir = workdir({ 'c.yml': SWEEP });
    const r = await runCli(['validate', '--log-format', 'pretty', '-D', 'api_password=hunter22', '-r', join(dir, 'out'), 'c.yml'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('Configuration is valid: 3 component(s), 1 parameter(s), 1 metric(s)');
    expect(existsSync(join(dir, 'out'))).toBe(false);
  });

  it('reports every error of a config at once, exit 2', async () => {
    const dir = workdir({
      'c.yml': 'policies:\n  - class: policy.SimplePolicy\n    paramters: {}\nchannels:\n  - class: channel.CmdlineChannel\n    cmdline: echo\n    shel: yes\n  - class: channel.NoSuchChannel\n',
    });
    const r = await runCli(['validate', '--log-format', 'pretty', 'c.yml'], { cwd: dir });
    expect(r.code).toBe(2);
    const errors = r.stderr.split('\n').filter((l) => l.includes('ERROR'));
    expect(errors).toHaveLength(3);
    expect(r.stderr).toContain('c.yml:3:5: policies[0].paramters: Unknown option `paramters` for policy.SimplePolicy (did you mean `parameters`?)');
    expect(r.stderr).toContain('c.yml:7:5: channels[0].shel: Unknown option `shel` for channel.CmdlineChannel (did you mean `shell`?)');
    expect(r.stderr).toContain('c.yml:8:5: channels[1].class: Unknown class `channel.NoSuchChannel`');
  });
});

describe('--dry-run', () => {
  it('prints the merged, expanded config with secrets redacted and the planned test cases', async () => {
    const dir = workdir({ 'c.yml': SWEEP });
    const r = await runCli(['--dry-run', '-D', 'api_password=hunter22', 'c.yml'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('cmdline: echo {{x}} 10 ***');
    expect(r.stdout).not.toContain('hunter22');
    expect(r.stdout).not.toContain('topsecretvalue');
    expect(r.stdout).toContain('Runs: 2');
    expect(r.stdout).toContain('Test cases per run: 3 (policy.MultivariableExplorerPolicy)');
    expect(r.stdout).toContain('Test cases in total: 6');
    expect(r.stdout).toMatch(/1\. x=1\n {2}2\. x=2\n {2}3\. x=3/);
    expect(existsSync(join(dir, 'results'))).toBe(false);
  });

  it('exits 2 on a broken config', async () => {
    const dir = workdir({ 'c.yml': SWEEP });
    const r = await runCli(['--dry-run', '--log-format', 'pretty', 'c.yml'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('Missing required definition `api_password` (The password)');
  });
});

describe('secrets', () => {
  it('never appear in log lines or output files', async () => {
    const r = await runConfig(SWEEP.replace('  - class: reporter.RawEventsReporter', '  - class: reporter.RawEventsReporter\n  - class: reporter.RawReporter\n  - class: reporter.CSVReporter'), {
      define: ['api_password=hunter22'],
      verbose: true,
    });
    expect(r.code).toBe(0);
    const logs = r.logs.join('\n');
    expect(logs).toContain('***');
    expect(logs).not.toContain('hunter22');
    expect(logs).not.toContain('topsecretvalue');
    for (const file of readdirSync(join(r.dir, 'results'))) {
      const text = readFileSync(join(r.dir, 'results', file), 'utf8');
      expect(text, file).not.toContain('hunter22');
      expect(text, file).not.toContain('topsecretvalue');
    }
  });
});

describe('a failing component', () => {
  it('flags the running test case with the error instead of failing the run', async () => {
    const r = await runConfig(`
config:
  parameters: [{name: x}]
  metrics: [{name: m, summarize: [mean]}]
policies:
  - class: policy.MultivariableExplorerPolicy
    matrix: {x: {values: [1, 2]}}
    events: {signal: {OK: CmdlineExitZeroEvent}}
channels:
  - class: channel.CmdlineChannel
    restart: no
    cmdline: "echo {{x}}"
trackers:
  - class: tracker.EventAttributeTracker
    event: LogLineEvent
    extract: [{metric: m, attrib: line}]
  - class: ./throwing-tracker.mjs#ThrowingTracker
reporters:
  - class: reporter.CSVReporter
`, {
      files: {
        'throwing-tracker.mjs': `import { Tracker } from '${join(process.cwd(), 'dist', 'index.js')}';
export class ThrowingTracker extends Tracker {
  static className = 'ThrowingTracker';
  static kind = 'tracker';
  static description = 'throws on the line 2';
  static publishes = [];
  static options = {};
  async init() { this.ctx.bus.subscribe((e) => { if (e.line === '2') throw new Error('tracker broke on 2'); }, { events: ['LogLineEvent'] }); }
}
`,
      },
    });
    expect(r.code).toBe(0);
    expect(r.read('results.csv')).toBe('x,,m (mean),status,error\n1,,1,OK,\n2,,2,OK,tracker broke on 2\n');
  });
});
