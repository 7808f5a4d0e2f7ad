import { describe, it, expect } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runConfig, workdir } from '../helpers/driver.js';

/**
 * A reporter whose output cannot be written fails alone: the others still write and the
 * exit code says something went wrong. The unwritable path goes through a regular file
 * (`<file>/x.csv`), which fails for root too, unlike a directory without write permission.
 */
const SWEEP = (reporters: string) => `
config:
  parameters: [{name: x}]
  metrics: [{name: m, summarize: [mean]}]
policies:
  - class: policy.MultivariableExplorerPolicy
    matrix: {x: {values: [1, 2, 3]}}
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
${reporters}`;

describe('an unwritable reporter output', () => {
  it('fails that reporter only: the other reporters write every test case and the exit code is 1', async () => {
    const dir = workdir({ blocker: 'a regular file, not a directory\n' });
    const r = await runConfig(
      SWEEP(`  - class: reporter.CSVReporter
    filename: ${join(dir, 'blocker', 'results.csv')}
  - class: reporter.RawReporter
  - class: reporter.CSVReporter
    filename: ${join(dir, 'results', 'second.csv')}`),
    );
    expect(r.code).toBe(1);
    const log = r.logs.join('\n');
    expect(log).toMatch(/ERROR .*Reporter 'reporter\.CSVReporter' failed with error: .*blocker/);
    expect(log.match(/Reporter '.*' failed/g)).toHaveLength(1);
    expect(readFileSync(join(dir, 'results', 'second.csv'), 'utf8')).toBe('x,,m (mean),status\n1,,1,OK\n2,,2,OK\n3,,3,OK\n');
    const raw = JSON.parse(r.read('results-raw.json')) as { raw: Array<{ parameters: { x: number } }> };
    expect(raw.raw.map((a) => a.parameters.x)).toEqual([1, 2, 3]);
  });

  it('fails a streaming reporter (RawEventsReporter) too, instead of silently losing its events', async () => {
    const dir = workdir({ blocker: 'a regular file\n' });
    const r = await runConfig(
      SWEEP(`  - class: reporter.RawEventsReporter
    filename: ${join(dir, 'blocker', 'events.dump')}
  - class: reporter.CSVReporter`),
    );
    expect(r.code).toBe(1);
    expect(r.logs.join('\n')).toMatch(/Reporter 'reporter\.RawEventsReporter' failed with error: .*blocker/);
    expect(r.read('results.csv')).toBe('x,,m (mean),status\n1,,1,OK\n2,,2,OK\n3,,3,OK\n');
    expect(existsSync(join(dir, 'blocker', 'events.dump'))).toBe(false);
  });
});
