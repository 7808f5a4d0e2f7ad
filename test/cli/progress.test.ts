import { describe, it, expect } from 'vitest';
import { Writable } from 'node:stream';
import { join } from 'node:path';
import { runDriver } from '../../src/core/runDriver.js';
import { workdir } from '../helpers/workdir.js';

const CONFIG = `
config:
  parameters: [{name: x}]
policies:
  - class: policy.MultivariableExplorerPolicy
    matrix: {x: {values: [1, 2]}}
    events: {signal: {OK: CmdlineExitZeroEvent}}
channels:
  - class: channel.CmdlineChannel
    restart: no
    cmdline: "sleep 0.4 {{x}}"
    shell: yes
reporters:
  - class: reporter.CSVReporter
`;

/** A stream that says it is a terminal, recording what is written. */
function fakeTerminal(): Writable & { isTTY: boolean; columns: number; text: () => string } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, cb) {
      chunks.push(String(chunk));
      cb();
    },
  }) as Writable & { isTTY: boolean; columns: number; text: () => string };
  stream.isTTY = true;
  stream.columns = 120;
  stream.text = () => chunks.join('');
  return stream;
}

async function run(quiet: boolean): Promise<string> {
  const dir = workdir({ 'c.yml': CONFIG.replace('sleep 0.4 {{x}}', 'sleep 0.4; echo {{x}}') });
  const term = fakeTerminal();
  const code = await runDriver([join(dir, 'c.yml')], { results: join(dir, 'results'), verbose: false, define: [], meta: [], logFormat: 'pretty', quiet }, term);
  expect(code).toBe(0);
  return term.text();
}

describe('the live progress line', () => {
  it('shows run, test case with parameters, elapsed time and events/s on a terminal, cleared before log lines', async () => {
    const out = await run(false);
    expect(out).toMatch(/run 1\/1 case 1\/2 x=1 \| 00:0\d \| \d+ ev\/s/);
    expect(out).toMatch(/run 1\/1 case 2\/2 x=2 \| 00:0\d( ETA 00:0\d)? \| \d+ ev\/s/);
    // Every log line starts on a cleared line, never glued to the status text.
    for (const line of out.split('\n')) {
      const visible = line.split('\r\x1b[2K').pop()!;
      const logStart = visible.search(/(INFO|WARNING|ERROR) /);
      if (logStart >= 0) expect(visible.slice(0, logStart)).not.toMatch(/ev\/s/);
    }
    expect(out).toContain('\r\x1b[2K');
  });

  it('is off with --quiet', async () => {
    const out = await run(true);
    expect(out).not.toContain('ev/s');
  });
});
