import { describe, it, expect } from 'vitest';
import { readFileSync, existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { ROOT, runCli, workdir } from '../helpers/driver.js';

/** Packages reached from a built module through static imports only (dynamic import() excluded). */
function staticPackages(entry: string): Set<string> {
  const packages = new Set<string>();
  const seen = new Set<string>();
  const visit = (file: string): void => {
    if (seen.has(file)) return;
    seen.add(file);
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/^\s*(?:import|export)\s+(?:[^'"]*?\sfrom\s+)?['"]([^'"]+)['"]/gm)) {
      const spec = m[1]!;
      if (spec.startsWith('.')) visit(resolve(dirname(file), spec));
      else packages.add(spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]!);
    }
  };
  visit(entry);
  return packages;
}

const HEAVY = ['mathjs', 'chart.js', '@napi-rs/canvas', '@aws-sdk/client-s3', '@datadog/datadog-api-client', 'pg', 'playwright-core', 'eventsource'];

describe('start-up stays light', () => {
  it('--help loads nothing but commander', () => {
    const entry = join(ROOT, 'dist', 'core', 'cli.js');
    expect(existsSync(entry)).toBe(true);
    const pkgs = [...staticPackages(entry)].filter((p) => !p.startsWith('node:'));
    expect(pkgs).toEqual(['commander']);
  });

  it('running a config loads no chart, cloud SDK, database or expression engine until a class needs it', () => {
    const pkgs = staticPackages(join(ROOT, 'dist', 'core', 'runDriver.js'));
    for (const heavy of HEAVY) expect(pkgs.has(heavy), heavy).toBe(false);
  });

  it('accepts -w/--workers and the clock flags', async () => {
    const dir = workdir({ 'c.yml': 'policies:\n  - class: policy.SimplePolicy\n    parameters: {}\n    events: {end: "TickEvent:notrace:nth(3)"}\nreporters:\n  - class: reporter.RawEventsReporter\n    tickEvents: yes\n' });
    for (const flags of [['-w', '4', '--clock-fps', '50'], ['--workers', '1', '--clock-ms', '20']]) {
      const r = await runCli(['--log-format', 'pretty', ...flags, '-r', join(dir, 'out'), 'c.yml'], { cwd: dir });
      expect(r.code, r.stderr).toBe(0);
      expect(readFileSync(join(dir, 'out', 'events.dump'), 'utf8')).toContain(';TickEvent;');
    }
    const r = await runCli(['--log-format', 'pretty', '--clock-fps', '50', '-r', join(dir, 'out'), 'c.yml'], { cwd: dir });
    expect(r.stderr).toContain('Setting internal clock to 50 fps');
  });

  it('logs human-readable lines with level, time and component', async () => {
    const dir = workdir({ 'c.yml': 'policies:\n  - class: policy.SimplePolicy\n    parameters: {}\n    timeout: 100ms\nreporters: [{class: reporter.CSVReporter}]\n' });
    const r = await runCli(['--log-format', 'pretty', '-r', join(dir, 'out'), 'c.yml'], { cwd: dir });
    expect(r.stderr).toMatch(/^ {3}INFO \d{4}-\d\d-\d\d \d\d:\d\d:\d\d Session: Starting tests \(1 run\(s\)\)$/m);
    expect(r.stderr).not.toContain('DEBUG');
    const verbose = await runCli(['--log-format', 'pretty', '-v', '-r', join(dir, 'out'), 'c.yml'], { cwd: dir });
    expect(verbose.stderr).toMatch(/ DEBUG .* Session: Registered 'policy.SimplePolicy' policy/);
  });
});
