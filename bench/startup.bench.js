// Cold start: `dcos-perf-test-driver --help`, and a whole run of a trivial config (one
// test case, no external process, a CSV report), each a fresh node process, median of
// several runs, against a baseline of `node -e 0` measured in the same run.
//
//   npx tsc -p tsconfig.json && node bench/startup.bench.js [runs]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { median, printBaseline, printFigure } from './lib/figures.js';

const RUNS = Number(process.argv[2] ?? 9);
const BIN = fileURLToPath(new URL('../bin/dcos-perf-test-driver.js', import.meta.url));

const dir = mkdtempSync(join(tmpdir(), 'pdt-startup-'));
const config = join(dir, 'trivial.yml');
writeFileSync(
  config,
  `
config:
  parameters: [{name: x}]
policies:
  - class: policy.SimplePolicy
    parameters: {x: 1}
    events: {end: ParameterUpdateEvent}
reporters:
  - class: reporter.CSVReporter
`,
);

/** Wall-clock milliseconds of one process, which must exit 0. */
function wall(args) {
  const started = performance.now();
  const r = spawnSync(process.execPath, args, { cwd: dir, encoding: 'utf8' });
  const ms = performance.now() - started;
  if (r.status !== 0) throw new Error(`node ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return ms;
}

const CASES = [
  ['node -e 0', ['-e', '0']],
  ['--help', [BIN, '--help']],
  ['trivial config', [BIN, '--log-format', 'json', '-r', join(dir, 'results'), config]],
];
const times = new Map(CASES.map(([name]) => [name, []]));
try {
  // Runs are interleaved so that a slow moment of the machine hits every case alike; the
  // first round fills the file system cache and is not counted.
  for (let round = 0; round <= RUNS; round++) {
    for (const [name, args] of CASES) {
      const ms = wall(args);
      if (round > 0) times.get(name).push(ms);
    }
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
const base = median(times.get('node -e 0'));
printFigure('cold start, dcos-perf-test-driver --help', median(times.get('--help')), 'ms', base);
printFigure('cold start, trivial config run to the end', median(times.get('trivial config')), 'ms', base);
printBaseline('node -e 0', base, 'ms');
