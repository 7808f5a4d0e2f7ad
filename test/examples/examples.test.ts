import { describe, it, expect } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli, workdir, ROOT } from '../helpers/driver.js';

const EXAMPLES = join(ROOT, 'examples');

/** results.csv as rows of column -> cell (cells that look like numbers become numbers). */
function readCsv(dir: string): Array<Record<string, string | number>> {
  const [header, ...rows] = readFileSync(join(dir, 'results.csv'), 'utf8').trimEnd().split('\n');
  const columns = header!.split(',');
  return rows.map((row) => Object.fromEntries(row.split(',').map((cell, i) => [columns[i]!, cell !== '' && Number.isFinite(Number(cell)) ? Number(cell) : cell])));
}

function header(dir: string): string {
  return readFileSync(join(dir, 'results.csv'), 'utf8').split('\n')[0]!;
}

/** Student's t for a two-sided 95% interval with 2 degrees of freedom (3 samples), in closed form. */
const T_95_DF2 = 0.95 / Math.sqrt(2 * 0.975 * 0.025);

/** Classes that talk to a service outside the driver: examples using them are tested elsewhere. */
const SERVICE_CLASS = /class:\s*"?(?:channel\.(?:HTTP|Marathon)|observer\.(?:HTTP|Marathon(?!Logs)|JMX)|tasks\.(?:http|auth|marathon|chronos)\.|reporter\.(?:S3|Postgres|PostgREST|DataDog))/;

function meanErr(samples: number[]): [number, number] {
  const n = samples.length;
  const mean = samples.reduce((a, b) => a + b, 0) / n;
  const variance = samples.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1);
  return [mean, (T_95_DF2 * Math.sqrt(variance)) / Math.sqrt(n)];
}

interface Example {
  /** Extra CLI arguments. */
  args?: string[];
  check(dir: string): void;
}

/** Every example that needs no external service, with what its results must be. */
const CHECKS: Record<string, Example> = {
  'sweep-echo.yml': {
    check(dir) {
      expect(header(dir)).toBe('value,,echoed (mean),echoed (min),echoed (max),status');
      expect(readCsv(dir).map((r) => [r.value, r['echoed (mean)'], r['echoed (min)'], r['echoed (max)'], r.status])).toEqual(
        [1, 2, 4, 8, 16].map((v) => [v, 3 * v, 3 * v, 3 * v, 'OK']),
      );
    },
  },

  'sweep-2d-sum.yml': {
    check(dir) {
      // Two parameters: one heat map per summarizer, and the interactive report.
      expect(readdirSync(dir).filter((f) => f.startsWith('plot-') && f.endsWith('.png'))).toEqual(['plot-metric1-mean.png']);
      expect(readdirSync(dir)).toContain('report.html');
      expect(header(dir)).toBe('param1,param2,,metric1 (mean),status');
      const rows = readCsv(dir);
      const expected = [];
      for (let p1 = 1; p1 <= 10; p1++) for (let p2 = 1; p2 <= 10; p2++) expected.push([p1, p2, p1 + p2, 'OK']);
      expect(rows.map((r) => [r.param1, r.param2, r['metric1 (mean)'], r.status]).sort((a, b) => Number(a[0]) - Number(b[0]) || Number(a[1]) - Number(b[1]))).toEqual(expected);
    },
  },

  'random-count-duration.yml': {
    check(dir) {
      expect(readdirSync(dir).filter((f) => f.startsWith('plot-') && f.endsWith('.png')).length).toBeGreaterThanOrEqual(1);
      expect(header(dir)).toBe(
        'lines,,fifties (mean_err),fifties (mean_err - error),fifties (min),fifties (max),ten_to_sixty (mean_err),ten_to_sixty (mean_err - error),status',
      );
      // Recount the 50s from the printed numbers: the test cases ran one after the other,
      // 1000, 2000, ... 5000 lines each, three times.
      const printed = readFileSync(join(dir, 'trace.log'), 'utf8').trimEnd().split('\n');
      const sizes = [1000, 2000, 3000, 4000, 5000];
      expect(printed).toHaveLength(3 * sizes.reduce((a, b) => a + b, 0));
      for (const line of printed) expect(line).toMatch(/^I picked ([0-9]|[1-9][0-9])$/);
      const counts = new Map<number, number[]>(sizes.map((s) => [s, []]));
      let at = 0;
      for (let run = 0; run < 3; run++) {
        for (const size of sizes) {
          counts.get(size)!.push(printed.slice(at, at + size).filter((l) => l === 'I picked 50').length);
          at += size;
        }
      }
      const rows = readCsv(dir);
      expect(rows.map((r) => r.lines)).toEqual(sizes);
      for (const row of rows) {
        const samples = counts.get(row.lines as number)!;
        const [mean, error] = meanErr(samples);
        expect(row['fifties (mean_err)']).toBeCloseTo(mean, 9);
        expect(row['fifties (mean_err - error)']).toBeCloseTo(error, 9);
        expect(row['fifties (min)']).toBe(Math.min(...samples));
        expect(row['fifties (max)']).toBe(Math.max(...samples));
        expect(row.status).toBe('OK');
      }
      // Each test case and run measured one duration; the mean matches the raw samples.
      const raw = JSON.parse(readFileSync(join(dir, 'results-raw.json'), 'utf8')) as { raw: Array<{ parameters: { lines: number }; values: Record<string, Array<[number, number]>> }> };
      for (const axis of raw.raw) {
        const durations = axis.values.ten_to_sixty!.map((s) => s[1]);
        expect(durations).toHaveLength(3);
        for (const d of durations) expect(d).toBeGreaterThan(0);
        const row = rows.find((r) => r.lines === axis.parameters.lines)!;
        expect(row['ten_to_sixty (mean_err)']).toBeCloseTo(meanErr(durations)[0], 9);
        expect(row['ten_to_sixty (mean_err - error)']).toBeCloseTo(meanErr(durations)[1], 9);
      }
      // The program pauses every 500 numbers: more lines, longer from the first 10 to the last 60.
      expect(rows[4]!['ten_to_sixty (mean_err)']).toBeGreaterThan(rows[0]!['ten_to_sixty (mean_err)'] as number);
    },
  },

  'logstax-requests.yml': {
    check(dir) {
      // Request i takes (i mod 7) + 1 ms and every 5th one fails, the last one included.
      const expected = [10, 20, 50].map((n) => {
        const took = Array.from({ length: n }, (_, i) => ((i + 1) % 7) + 1);
        return [n, took.reduce((a, b) => a + b, 0) / n, Math.max(...took), Math.floor(n / 5), 'OK'];
      });
      expect(header(dir)).toBe('requests,,latency (mean),latency (max),exceptions (mean),status');
      expect(readCsv(dir).map((r) => [r.requests, r['latency (mean)'], r['latency (max)'], r['exceptions (mean)'], r.status])).toEqual(expected);
      // docs/logstax.md quotes these results.
      expect(readFileSync(join(ROOT, 'docs', 'logstax.md'), 'utf8')).toContain(readFileSync(join(dir, 'results.csv'), 'utf8').trimEnd());
    },
  },

  'cookbook-general-boilerplate.yml': {
    check(dir) {
      expect(header(dir)).toBe('parameter1,,metric1 (mean_err),metric1 (mean_err - error),metric2 (Mean),metric2 (Mean - error),status');
      expect(readCsv(dir).map((r) => Object.values(r))).toEqual([1, 2, 4, 8].map((p) => [p, '', 2 * p, 0, p * p, 0, 'OK']));
      const raw = JSON.parse(readFileSync(join(dir, 'results-raw.json'), 'utf8')) as { indicators: Record<string, number>; raw: Array<{ values: Record<string, unknown[]> }> };
      expect(raw.indicators).toEqual({ mean_metric1: 2 });
      // repeat: 3 gave three samples per test case.
      for (const axis of raw.raw) expect(axis.values.metric1).toHaveLength(3);
    },
  },

  'cookbook-required-definition.yml': {
    args: ['-D', 'secret=hunter2'],
    check(dir) {
      expect(readCsv(dir).map((r) => [r.copies, r['length (mean)'], r.status])).toEqual([[1, 7, 'OK'], [2, 14, 'OK'], [3, 21, 'OK']]);
    },
  },

  'cookbook-cmdline-channel.yml': {
    check(dir) {
      // (10 + 20 + factor) * factor
      expect(readCsv(dir).map((r) => [r.parameter_1, r['total (mean)'], r.status])).toEqual([[1, 31, 'OK'], [2, 64, 'OK'], [3, 99, 'OK']]);
    },
  },

  'cookbook-app-not-part-of-test.yml': {
    check(dir) {
      const rows = readCsv(dir);
      expect(rows.map((r) => [r.value, r['echoed (mean)'], r.status])).toEqual([[1, 1, 'OK'], [2, 2, 'OK'], [3, 3, 'OK']]);
      // About 6 heartbeats in 300 ms; the exact number depends on the machine.
      for (const r of rows) expect(r['heartbeats (mean)']).toBeGreaterThanOrEqual(1);
    },
  },
};

describe('examples/', () => {
  it('has a check for every example config that needs no external service', () => {
    const standalone = readdirSync(EXAMPLES).filter((f) => f.endsWith('.yml') && !SERVICE_CLASS.test(readFileSync(join(EXAMPLES, f), 'utf8')));
    expect(standalone.sort()).toEqual(Object.keys(CHECKS).sort());
  });

  it('lists every example in examples/README.md with its command', () => {
    const readme = readFileSync(join(EXAMPLES, 'README.md'), 'utf8');
    for (const [file, example] of Object.entries(CHECKS)) {
      expect(readme).toContain(['npx dcos-perf-test-driver', ...(example.args ?? []), `examples/${file}`].join(' '));
      expect(readFileSync(join(EXAMPLES, file), 'utf8')).toContain(['#   npx dcos-perf-test-driver', ...(example.args ?? []), `examples/${file}`].join(' '));
    }
  });

  for (const [file, example] of Object.entries(CHECKS)) {
    it(`${file} runs with one command and gives the right results`, { timeout: 60_000 }, async () => {
      const dir = workdir();
      const started = performance.now();
      const r = await runCli([...(example.args ?? []), '--log-format', 'json', '-r', dir, join(EXAMPLES, file)], { timeoutMs: 55_000 });
      expect(r.code, r.stderr).toBe(0);
      example.check(dir);
      expect(performance.now() - started).toBeLessThan(30_000);
    });
  }

  it('docs/logstax.md shows examples/logstax-requests.yml as it is', () => {
    const doc = readFileSync(join(ROOT, 'docs', 'logstax.md'), 'utf8');
    const block = /<!-- logstax-requests\.yml -->\n```yaml\n([\s\S]*?)```/.exec(doc);
    expect(block).not.toBeNull();
    expect(block![1]).toBe(readFileSync(join(EXAMPLES, 'logstax-requests.yml'), 'utf8'));
  });

  it('cookbook-required-definition.yml refuses to start without the definition', async () => {
    const r = await runCli(['--log-format', 'json', '-r', workdir(), join(EXAMPLES, 'cookbook-required-definition.yml')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('Missing required definition `secret` (The secret password to use)');
  });

  it('cookbook-required-definition.yml keeps the secret out of the logs and results', async () => {
    const dir = workdir();
    const r = await runCli(['-v', '--log-format', 'json', '-D', 'secret=hunter2', '-r', dir, join(EXAMPLES, 'cookbook-required-definition.yml')]);
    expect(r.code).toBe(0);
    expect(r.stdout + r.stderr).not.toContain('hunter2');
    expect(readFileSync(join(dir, 'results.csv'), 'utf8')).not.toContain('hunter2');
  });
});
