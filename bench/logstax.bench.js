// LogStax pipeline throughput: a child process prints LINES log lines; the whole driver
// (CmdlineChannel -> LogStaxObserver grok -> CountTracker + EventAttributeTracker) runs
// in-process through runDriver and the real Session.
//
//   npx tsc -p tsconfig.json && node bench/logstax.bench.js [lines]
//
// For each of ROUNDS sessions it measures lines/s from the first line delivered to the last
// message processed, and the CPU time this process used meanwhile (lines per CPU-second is
// steadier than wall time on a busy machine). It prints the median round, the peak RSS of the
// process, and the ratio against a bare readline loop over the same output (the most any
// line consumer in Node can do on this machine). The first round runs on a cold JIT.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { runDriver } from '../dist/core/runDriver.js';
import { ThroughputProbe } from './lib/ThroughputProbe.js';
import { formatNumber, median, printBaseline, printFigure } from './lib/figures.js';

const LINES = Number(process.argv[2] ?? 100_000);
const GOAL = 100_000;
const ROUNDS = 3;
const PROBE = fileURLToPath(new URL('./lib/ThroughputProbe.js', import.meta.url));

// Realistic lines: a timestamp, a level, and two numbers for grok to extract.
const GENERATOR = `
const n = Number(process.argv[2]);
const levels = ['INFO', 'WARN', 'INFO', 'DEBUG'];
let chunk = '';
for (let i = 0; i < n; i++) {
  chunk += '2024-05-01T12:00:' + String(i % 60).padStart(2, '0') + '.123Z ' + levels[i % 4] + ' [worker-' + (i % 8) + '] request id=' + i + ' took ' + (i % 97) + '.5 ms\\n';
  if (chunk.length > 65536) { process.stdout.write(chunk); chunk = ''; }
}
process.stdout.write(chunk);
`;

const CONFIG = (dir) => `
config:
  title: LogStax throughput
  parameters: [{name: lines}]
  metrics:
    - {name: warnings, summarize: [sum]}
    - {name: took, summarize: [mean, max]}
policies:
  - class: policy.SimplePolicy
    parameters: {lines: ${LINES}}
    events: {end: CmdlineExitEvent}
channels:
  - class: channel.CmdlineChannel
    restart: no
    cmdline: "'${process.execPath}' '${join(dir, 'gen.js')}' {{lines}}"
observers:
  - class: observer.LogStaxObserver
    filters:
      - type: grok
        match:
          message: "%{TIMESTAMP_ISO8601:timestamp} %{LOGLEVEL:level} \\\\[%{DATA:thread}\\\\] request id=%{INT:id:int} took %{NUMBER:took:float} ms"
        add_tag: [request]
  - class: "${PROBE}#ThroughputProbe"
trackers:
  - class: tracker.CountTracker
    metric: warnings
    events: "LogStaxMessageEvent[fields.level=WARN]"
  - class: tracker.EventAttributeTracker
    event: "LogStaxMessageEvent[tags<~request]"
    extract:
      - metric: took
        attrib: "fields.took"
reporters:
  - class: reporter.CSVReporter
    filename: ${join(dir, 'results.csv')}
`;

async function pipeline() {
  const dir = mkdtempSync(join(tmpdir(), 'pdt-bench-'));
  try {
    writeFileSync(join(dir, 'gen.js'), GENERATOR);
    writeFileSync(join(dir, 'bench.yml'), CONFIG(dir));
    const logs = [];
    const sink = new Writable({ write: (c, _e, cb) => (logs.push(String(c)), cb()) });
    const code = await runDriver([join(dir, 'bench.yml')], { results: dir, verbose: false, define: [], meta: [], logFormat: 'json' }, sink);
    if (code !== 0) throw new Error(`driver exited with ${code}\n${logs.join('')}`);
    const r = ThroughputProbe.result;
    const values = r.raw[0].values;
    return { ...r, seconds: (r.last - r.first) / 1000, warnings: values.warnings.map((v) => v[1]), took: values.took.length };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The same child output read by a bare readline loop: the ceiling for this machine. */
async function baseline() {
  const dir = mkdtempSync(join(tmpdir(), 'pdt-bench-'));
  writeFileSync(join(dir, 'gen.js'), GENERATOR);
  const child = spawn(process.execPath, [join(dir, 'gen.js'), String(LINES)], { stdio: ['ignore', 'pipe', 'inherit'] });
  let lines = 0;
  let first = 0;
  for await (const _line of createInterface({ input: child.stdout })) {
    if (lines === 0) first = performance.now();
    lines += 1;
  }
  const seconds = (performance.now() - first) / 1000;
  rmSync(dir, { recursive: true, force: true });
  return { lines, seconds };
}

const MiB = (bytes) => `${(bytes / 2 ** 20).toFixed(0)} MiB`;
const expectedWarnings = Math.floor((LINES + 2) / 4);
const rates = [];
const cpuRates = [];
let rssBefore = 0;
let peakRss = 0;
let correct = true;
for (let round = 1; round <= ROUNDS; round++) {
  const result = await pipeline();
  const cpuSeconds = (result.cpuLast.user - result.cpuFirst.user + result.cpuLast.system - result.cpuFirst.system) / 1e6;
  rates.push(result.lines / result.seconds);
  cpuRates.push(result.lines / cpuSeconds);
  if (round === 1) rssBefore = result.rssBefore;
  peakRss = Math.max(peakRss, result.peakRss);
  const ok = result.lines === LINES && result.messages === LINES && result.warnings.length === 1 && result.warnings[0] === expectedWarnings && result.took === LINES;
  correct &&= ok;
  console.log(
    `round ${round}: ${rates.at(-1).toFixed(0)} lines/s (${result.seconds.toFixed(2)} s), ${cpuRates.at(-1).toFixed(0)} lines per CPU-second;` +
      ` ${result.lines} lines, ${result.messages} messages, ${result.warnings.join('+')} warnings (expected ${expectedWarnings}), ${result.took} samples${ok ? '' : ' MISMATCH'}`,
  );
}
const baseRates = [];
for (let round = 1; round <= ROUNDS; round++) {
  const base = await baseline();
  baseRates.push(base.lines / base.seconds);
}
const rate = median(rates);
const baseRate = median(baseRates);
printFigure('LogStax line pipeline', rate, 'lines/s', baseRate);
printBaseline('bare readline loop over the same output', baseRate, 'lines/s');
console.log(`  ${formatNumber(median(cpuRates))} lines per CPU-second; peak RSS ${MiB(peakRss)} (${MiB(rssBefore)} before the first line); median of ${ROUNDS} rounds`);
console.log(`  goal: ${formatNumber(GOAL)} lines/s (the original Python tool managed about 2,500 lines/s)`);
if (!correct) console.log('MISMATCH: the pipeline did not process every line correctly');
process.exitCode = correct && rate >= GOAL ? 0 : 1;
