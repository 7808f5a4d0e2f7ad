import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli, workdir } from '../helpers/driver.js';
import { refusedPort } from '../http/support.js';
import { TABLE_FRAME, TABLE_HEADER } from '../../src/loadmetrics/ConsoleTable.js';

describe('examples/load-sweep.yml', () => {
  it('starts its own server, sweeps the concurrency and shows the live table', async () => {
    const dir = workdir();
    const port = await refusedPort();
    const r = await runCli(['--log-format', 'pretty', '-D', `port=${port}`, '-r', dir, 'examples/load-sweep.yml'], { timeoutMs: 120_000 });
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stderr.split('\n');
    expect(r.stderr).toContain(TABLE_HEADER);
    const finals = lines.filter((l, i) => lines[i - 1] === TABLE_FRAME && lines[i + 1] === TABLE_FRAME);
    expect(finals.map((l) => l.slice(0, 10))).toEqual(['currency=1', 'currency=2', 'currency=4', 'currency=8', 'urrency=16']);
    // Rows every second besides the final ones: each step lasts about 2 s.
    expect(lines.filter((l) => /^.{10}\|\d{12}\|READ  \|/.test(l)).length).toBeGreaterThanOrEqual(15);
    for (const c of [1, 2, 4, 8, 16]) expect(lines.some((l) => l.startsWith(`READ-${c}x1: c=(`))).toBe(true);

    const [header, ...rows] = readFileSync(join(dir, 'results.csv'), 'utf8').trimEnd().split('\n');
    const columns = header!.split(',');
    const table = rows.map((row) => Object.fromEntries(row.split(',').map((cell, i) => [columns[i]!, cell])));
    expect(table.map((row) => row.concurrency)).toEqual(['1', '2', '4', '8', '16']);
    const throughput = table.map((row) => Number(row['throughput (mean)']));
    for (let i = 1; i < throughput.length; i++) expect(throughput[i]).toBeGreaterThan(throughput[i - 1]! * 1.3);
    for (const row of table) {
      expect(Number(row['latencyP50 (mean)'])).toBeGreaterThanOrEqual(0.02);
      expect(Number(row['latencyP50 (mean)'])).toBeLessThan(0.2);
      expect(row.status).toBe('OK');
    }
    // The server fails every 50th request: 100 × c requests per step.
    expect(table.map((row) => Number(row['failures (mean)']))).toEqual([2, 4, 8, 16, 32]);
    const steps = readdirSync(join(dir, 'load-metrics')).sort();
    expect(steps).toEqual(['concurrency=1', 'concurrency=16', 'concurrency=2', 'concurrency=4', 'concurrency=8']);
    const trace = readFileSync(join(dir, 'load-metrics', 'concurrency=8', 'io.trace.csv'), 'utf8').trimEnd().split('\n');
    expect(trace).toHaveLength(1 + 800);
    for (const step of steps) expect(readdirSync(join(dir, 'load-metrics', step)).sort()).toEqual(['io.trace.csv', 'metrics.csv', 'metrics.threshold.total.csv', 'metrics.total.csv']);
  }, 120_000);
});
