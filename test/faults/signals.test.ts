import { describe, it, expect, beforeAll } from 'vitest';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli, workdir, ROOT } from '../helpers/driver.js';
import { isRunning } from './processes.js';

/**
 * SIGINT and SIGTERM delivered in every state of a session (built CLI, real processes):
 * the driver always exits 130, within a bounded time, with every finished test case in
 * results.csv. Each state is made long by a `sleep` so the signal lands inside it.
 */
const SLOW_REPORTER = `${join(ROOT, 'test', 'fixtures', 'slow-reporter.mjs')}#SlowReporter`;

interface Scenario {
  state: string;
  /** Extra tasks and reporters, and the command of each case. */
  tasks?: string;
  reporters?: string;
  cmdline?: string;
  /** The log line (regex) after which the signal is sent. */
  when: RegExp;
  /** results.csv rows after the header. */
  rows: string[];
}

const sleepTask = (at: string, seconds: number): string => `  - class: tasks.exec.Run\n    at: ${at}\n    cmdline: sleep ${seconds}\n`;

const SCENARIOS: Scenario[] = [
  { state: 'during setup tasks', tasks: sleepTask('setup', 60), when: /Executing: 'sleep 60'/, rows: [] },
  { state: 'while a test case runs', cmdline: 'echo {{x}}; if [ {{x}} = 2 ]; then exec sleep 60; fi', when: /Setting axis to \{"x":2\}/, rows: ['1,,1,OK', '2,,2,INTERRUPTED'] },
  { state: 'during intertest tasks', tasks: sleepTask('intertest', 60), when: /Executing: 'sleep 60'/, rows: ['1,,1,OK'] },
  { state: 'during teardown tasks', tasks: sleepTask('teardown', 2), when: /Executing: 'sleep 2'/, rows: ['1,,1,OK', '2,,2,OK', '3,,3,OK'] },
  { state: 'during reporting', reporters: `  - class: ${SLOW_REPORTER}\n`, when: /Slow reporter dumping/, rows: ['1,,1,OK', '2,,2,OK', '3,,3,OK'] },
];

function config(s: Scenario): string {
  return `
config:
  parameters: [{name: x}]
  metrics: [{name: m, summarize: [mean]}]
policies:
  - class: policy.MultivariableExplorerPolicy
    matrix: {x: {values: [1, 2, 3]}}
    events: {signal: {OK: CmdlineExitZeroEvent}}
channels:
  - class: channel.CmdlineChannel
    shell: yes
    restart: no
    cmdline: "${s.cmdline ?? 'echo {{x}}'}"
trackers:
  - class: tracker.EventAttributeTracker
    event: "LogLineEvent[line~=^[0-9]+$]"
    extract: [{metric: m, attrib: line}]
${s.tasks ? `tasks:\n${s.tasks}` : ''}reporters:
  - class: reporter.CSVReporter
${s.reporters ?? ''}`;
}

describe.each(['SIGINT', 'SIGTERM'] as const)('%s', (signal) => {
  beforeAll(() => {
    if (!existsSync(join(ROOT, 'dist', 'core', 'cli.js'))) throw new Error('dist/ is missing: run `npm run build` (npm test does)');
  });

  it.each(SCENARIOS.map((s) => [s.state, s] as const))(`${signal} %s: exit 130, every finished test case in results.csv`, async (_state, s) => {
    const dir = workdir();
    const file = join(dir, 'sweep.yml');
    writeFileSync(file, config(s));
    let sentAt = 0;
    const r = await runCli(['--log-format', 'pretty', '-r', join(dir, 'results'), file], {
      cwd: dir,
      timeoutMs: 30_000,
      onStderr: (text, child) => {
        if (sentAt === 0 && s.when.test(text)) {
          sentAt = Date.now();
          // A moment later, so that the state is really under way.
          setTimeout(() => child.kill(signal), 200);
        }
      },
    });
    expect(sentAt, r.stderr).toBeGreaterThan(0);
    expect(r.code, r.stderr).toBe(130);
    expect(Date.now() - sentAt).toBeLessThan(10_000);
    expect(r.stderr).toContain('Tests interrupted; trying to report');
    const csv = readFileSync(join(dir, 'results', 'results.csv'), 'utf8').trim().split('\n');
    // With no finished case the columns are unknown (they come from the data): only `x,`.
    expect(csv).toEqual([s.rows.length > 0 ? 'x,,m (mean),status' : 'x,', ...s.rows]);
  });
});

describe('a second interrupt', () => {
  it('quits at once while teardown waits for a target ignoring SIGINT: the target is killed, the finished cases are on disk', async () => {
    const dir = workdir();
    const file = join(dir, 'sweep.yml');
    const pidFile = join(dir, 'pid');
    writeFileSync(
      file,
      config({
        state: 'teardown',
        cmdline: `echo {{x}}; if [ {{x}} = 3 ]; then trap '' INT; echo $$ > ${pidFile}; sleep 60; fi`,
        when: /./,
        rows: [],
      })
        .replace('events: {signal: {OK: CmdlineExitZeroEvent}}', 'events: {signal: {OK: "LogLineEvent[line~=^[0-9]+$]"}}')
        .replace('    restart: no\n', '    restart: no\n    gracePeriod: 60s\n'),
    );
    let sentAt = 0;
    const r = await runCli(['--log-format', 'pretty', '-r', join(dir, 'results'), file], {
      cwd: dir,
      timeoutMs: 30_000,
      onStderr: (text, child) => {
        if (sentAt === 0 && /Killing running process/.test(text)) {
          sentAt = Date.now();
          setTimeout(() => child.kill('SIGINT'), 200);
          setTimeout(() => child.kill('SIGINT'), 600);
        }
      },
    });
    expect(r.code, r.stderr).toBe(130);
    expect(Date.now() - sentAt).toBeLessThan(5_000);
    expect(r.stderr).toContain('Second SIGINT: quitting without reports');
    expect(readFileSync(join(dir, 'results', 'results.csv'), 'utf8')).toBe('x,,m (mean),status\n1,,1,OK\n2,,2,OK\n3,,3,OK\n');
    const pid = Number(readFileSync(pidFile, 'utf8'));
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(isRunning(pid)).toBe(false);
  });
});

describe('an interrupt while a parameter change still stops the previous target', () => {
  it('launches nothing more: no process of the driver outlives it', async () => {
    const dir = workdir();
    const file = join(dir, 'sweep.yml');
    const pids = join(dir, 'pids');
    writeFileSync(
      file,
      config({ state: 'stopping', cmdline: `trap '' INT; echo $$ >> ${pids}; echo {{x}}; exec sleep 60`, when: /./, rows: [] })
        .replace('events: {signal: {OK: CmdlineExitZeroEvent}}', 'events: {signal: {OK: "LogLineEvent[line~=^[0-9]+$]"}}')
        .replace('    restart: no\n', '    restart: no\n    gracePeriod: 2s\n'),
    );
    let sentAt = 0;
    const r = await runCli(['--log-format', 'pretty', '-r', join(dir, 'results'), file], {
      cwd: dir,
      timeoutMs: 30_000,
      onStderr: (text, child) => {
        // Case 2 starts by stopping case 1's target, which ignores SIGINT for gracePeriod.
        if (sentAt === 0 && /Setting axis to \{"x":2\}/.test(text)) {
          sentAt = Date.now();
          setTimeout(() => child.kill('SIGINT'), 300);
        }
      },
    });
    expect(r.code, r.stderr).toBe(130);
    expect(Date.now() - sentAt).toBeLessThan(10_000);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const launched = readFileSync(pids, 'utf8').trim().split('\n').map(Number);
    expect(launched).toHaveLength(1);
    for (const pid of launched) expect(isRunning(pid)).toBe(false);
    expect(readFileSync(join(dir, 'results', 'results.csv'), 'utf8')).toBe('x,,m (mean),status\n1,,1,OK\n2,,,INTERRUPTED\n');
  });
});
