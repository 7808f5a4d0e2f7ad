import { describe, it, expect } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runConfig, workdir } from '../helpers/driver.js';
import { isRunning } from './processes.js';

/**
 * A broken target never hangs the driver and never costs a finished test case: the targets
 * here are real processes that get killed, hang, or ignore SIGINT.
 */

/** Resolves with the pid written to `file` once it appears. */
function pidFrom(file: string, timeoutMs = 20_000): Promise<number> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const timer = setInterval(() => {
      const text = existsSync(file) ? readFileSync(file, 'utf8').trim() : '';
      if (text !== '') {
        clearInterval(timer);
        resolve(Number(text.split('\n')[0]));
      } else if (Date.now() - started > timeoutMs) {
        clearInterval(timer);
        reject(new Error(`${file} never appeared`));
      }
    }, 20);
  });
}

const csvRows = (r: Awaited<ReturnType<typeof runConfig>>): string[] => r.read('results.csv').trim().split('\n');

const sweep = (channel: string, extra = '') => `
config:
  staleTimeout: 20s
  parameters: [{name: x}]
  metrics: [{name: m, summarize: [mean]}]
policies:
  - class: policy.MultivariableExplorerPolicy
    matrix: {x: {values: [1, 2, 3, 4]}}
    events: {signal: {OK: CmdlineExitZeroEvent, FAILED: CmdlineExitNonzeroEvent}}
channels:
${channel}
trackers:
  - class: tracker.EventAttributeTracker
    event: "LogLineEvent[line~=^[0-9]+$]"
    extract: [{metric: m, attrib: line}]
reporters:
  - class: reporter.CSVReporter
${extra}`;

describe('a target killed mid-sweep', () => {
  it('with restart: no, fails only its own test case and the sweep goes on', async () => {
    const dir = workdir();
    const pidFile = join(dir, 'pid');
    // The shell of case 3 is SIGKILLed while its `sleep` child still holds the output pipes.
    const running = runConfig(
      sweep(`  - class: channel.CmdlineChannel
    shell: yes
    restart: no
    cmdline: "echo {{x}}; if [ {{x}} = 3 ]; then echo $$ > ${pidFile}; sleep 30; fi; exit 0"`),
    );
    const pid = await pidFrom(pidFile);
    process.kill(pid, 'SIGKILL');
    const started = Date.now();
    const r = await running;
    expect(r.code).toBe(0);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(csvRows(r)).toEqual(['x,,m (mean),status', '1,,1,OK', '2,,2,OK', '3,,3,FAILED', '4,,4,OK']);
  });

  it('with restart: yes, is relaunched and its test case completes', async () => {
    const dir = workdir();
    const pidFile = join(dir, 'pid');
    const marker = join(dir, 'killed-once');
    const r = await Promise.all([
      runConfig(`
config:
  staleTimeout: 20s
  parameters: [{name: x}]
  metrics: [{name: m, summarize: [mean]}]
policies:
  - class: policy.MultivariableExplorerPolicy
    matrix: {x: {values: [1, 2, 3]}}
    events: {signal: {OK: "LogLineEvent[line=done]"}}
channels:
  - class: channel.CmdlineChannel
    shell: yes
    restart: yes
    cmdline: "if [ {{x}} = 2 ] && [ ! -e ${marker} ]; then touch ${marker}; echo $$ > ${pidFile}; exec sleep 30; fi; echo {{x}}; echo done; exec sleep 30"
trackers:
  - class: tracker.EventAttributeTracker
    event: "LogLineEvent[line~=^[0-9]+$]"
    extract: [{metric: m, attrib: line}]
reporters:
  - class: reporter.CSVReporter
`),
      pidFrom(pidFile).then((pid) => process.kill(pid, 'SIGKILL')),
    ]).then(([result]) => result);
    expect(r.code).toBe(0);
    expect(r.logs.join('\n')).toMatch(/Process exited prematurely \(SIGKILL\); relaunching/);
    expect(csvRows(r)).toEqual(['x,,m (mean),status', '1,,1,OK', '2,,2,OK', '3,,3,OK']);
  });
});

describe('a hanging target', () => {
  it('is bounded by staleTimeout: its case is STALLED and the sweep goes on', async () => {
    const started = Date.now();
    const r = await runConfig(
      sweep(`  - class: channel.CmdlineChannel
    shell: yes
    restart: no
    cmdline: "echo {{x}}; if [ {{x}} = 2 ]; then exec sleep 60; fi"`).replace('staleTimeout: 20s', 'staleTimeout: 1s'),
    );
    expect(r.code).toBe(0);
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(csvRows(r)).toEqual(['x,,m (mean),status', '1,,1,OK', '2,,2,STALLED', '3,,3,OK', '4,,4,OK']);
  });

  it('as a setup task that never exits, is stopped after staleTimeout and the tests still run', async () => {
    const started = Date.now();
    const r = await runConfig(
      sweep(
        `  - class: channel.CmdlineChannel
    restart: no
    cmdline: "echo {{x}}"`,
        `tasks:
  - class: tasks.exec.Run
    at: setup
    cmdline: sleep 60
`,
      ).replace('staleTimeout: 20s', 'staleTimeout: 1s'),
    );
    expect(r.code).toBe(0);
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(r.logs.join('\n')).toContain("did not complete within the stale timeout (1s); stopping it");
    expect(r.logs.join('\n')).toMatch(/Task tasks\.exec\.Run for state 'setup' raised an exception: Task did not complete within the stale timeout \(1s\)/);
    expect(csvRows(r)).toEqual(['x,,m (mean),status', '1,,1,OK', '2,,2,OK', '3,,3,OK', '4,,4,OK']);
  });
});

describe('a target that ignores SIGINT', () => {
  it('is killed with SIGKILL after gracePeriod, every time it is stopped', async () => {
    const dir = workdir();
    const pids = join(dir, 'pids');
    const started = Date.now();
    const r = await runConfig(`
config:
  parameters: [{name: x}]
  metrics: [{name: m, summarize: [mean]}]
policies:
  - class: policy.MultivariableExplorerPolicy
    matrix: {x: {values: [1, 2, 3]}}
    events: {signal: {OK: "LogLineEvent[line=ready]"}}
channels:
  - class: channel.CmdlineChannel
    shell: yes
    gracePeriod: 1s
    cmdline: "trap '' INT; echo $$ >> ${pids}; echo {{x}}; echo ready; sleep 60"
trackers:
  - class: tracker.EventAttributeTracker
    event: "LogLineEvent[line~=^[0-9]+$]"
    extract: [{metric: m, attrib: line}]
reporters:
  - class: reporter.CSVReporter
`);
    expect(r.code).toBe(0);
    // Three stops (two parameter changes and teardown), one grace period each.
    const took = Date.now() - started;
    expect(took).toBeGreaterThanOrEqual(3000);
    expect(took).toBeLessThan(12_000);
    expect(csvRows(r)).toEqual(['x,,m (mean),status', '1,,1,OK', '2,,2,OK', '3,,3,OK']);
    const launched = readFileSync(pids, 'utf8').trim().split('\n').map(Number);
    expect(launched).toHaveLength(3);
    for (const pid of launched) expect(isRunning(pid)).toBe(false);
  });
});
