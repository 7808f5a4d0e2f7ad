import { existsSync, readFileSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROOT, runCli, workdir } from '../helpers/driver.js';
import { refusedPort, startSimulator } from './harness.js';

const EXAMPLE = join(ROOT, 'examples', 'scale-tests.yml');

/** A working directory like a fresh clone's root: the example starts the simulator from `bin/`. */
function cloneLikeDir(): string {
  const dir = workdir();
  symlinkSync(join(ROOT, 'bin'), join(dir, 'bin'));
  return dir;
}

/** ERROR lines of a run. */
function errors(stderr: string): string[] {
  return stderr.split('\n').filter((line) => / ERROR /.test(line));
}

interface CsvRow {
  deploymentRate: number;
  responseTime: number;
}

function csvRows(dir: string): CsvRow[] {
  const [header, ...rows] = readFileSync(join(dir, 'results', 'results.csv'), 'utf8').trim().split('\n');
  expect(header).toBe('deploymentRate,,responseTime (mean_err),responseTime (mean_err - error),status');
  return rows.map((row) => {
    const cells = row.split(',');
    return { deploymentRate: Number(cells[0]), responseTime: Number(cells[2]) };
  });
}

describe('examples/scale-tests.yml', () => {
  beforeAll(() => {
    if (!existsSync(join(ROOT, 'dist', 'core', 'cli.js'))) throw new Error('dist/ is missing: run `npm run build` (npm test does)');
  });

  it('runs the whole shortened sweep against the simulator it starts, in under a minute', async () => {
    const dir = cloneLikeDir();
    const port = await refusedPort();
    const started = performance.now();
    const r = await runCli(['--log-format', 'pretty', '-D', `simulator_port=${port}`, EXAMPLE], { cwd: dir, timeoutMs: 90_000 });
    const seconds = (performance.now() - started) / 1000;
    expect(errors(r.stderr)).toEqual([]);
    expect(r.code).toBe(0);
    expect(seconds).toBeLessThan(60);
    const rows = csvRows(dir);
    expect(rows.map((row) => row.deploymentRate)).toEqual([10, 20, 30]);
    for (const row of rows) expect(row.responseTime).toBeGreaterThan(0);
    const raw = JSON.parse(readFileSync(join(dir, 'results', 'dump.json'), 'utf8')) as { raw: Array<{ values: { responseTime: unknown[] } }>; meta: Record<string, unknown> };
    expect(raw.raw).toHaveLength(3);
    expect(raw.meta).toMatchObject({ test: '1-app-n-instances', env: 'local', config: 'simulator' });
    expect(existsSync(join(dir, 'results', 'plot-responseTime.png'))).toBe(true);
    // The simulator stopped with the tests.
    await expect(fetch(`http://127.0.0.1:${port}/ping`)).rejects.toThrow();
  }, 90_000);

  it('starts no simulator when -D marathon_url names a Marathon', async () => {
    const { sim, url } = await startSimulator({ deployMsBase: 20 });
    try {
      const dir = workdir();
      const r = await runCli(['--log-format', 'pretty', '-D', `marathon_url=${url}`, '-D', 'rate_min=4', '-D', 'rate_max=4', EXAMPLE], { cwd: dir, timeoutMs: 60_000 });
      expect(errors(r.stderr)).toEqual([]);
      expect(r.code).toBe(0);
      expect(r.stderr).toContain('Process completed with exit code 0');
      expect(csvRows(dir).map((row) => row.deploymentRate)).toEqual([4]);
      expect(sim.state.isEmpty()).toBe(true);
    } finally {
      await sim.stop();
    }
  }, 60_000);
});
