// HTTPChannel throughput against autocannon, in one run and against one server.
//
//   npx tsc -p tsconfig.json && node bench/http-channel.bench.js [seconds-per-round]
//
// A plain node:http server runs in a child process (its own core on a 2-core machine). Rounds
// alternate autocannon (50 connections) and HTTPChannel (concurrency: 50, back to back) so that
// both see the same machine state; the request rates are averaged over the rounds.
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import autocannon from 'autocannon';
import { prepareConfig } from '../dist/core/runDriver.js';
import { Session } from '../dist/core/Session.js';
import { createLogger } from '../dist/core/Logger.js';

const SECONDS = Number(process.argv[2] ?? 5);
const ROUNDS = 2;
const CONNECTIONS = 50;
const GOAL = 0.8;

const SERVER = `
const http = require('node:http');
const body = Buffer.from('hello world');
const server = http.createServer({ keepAliveTimeout: 30000 }, (req, res) => {
  res.setHeader('content-type', 'text/plain');
  res.end(body);
});
server.listen(0, '127.0.0.1', () => process.stdout.write(server.address().port + '\\n'));
`;

function startServer() {
  const child = spawn(process.execPath, ['-e', SERVER], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.stdout.once('data', (d) => resolve({ child, url: `http://127.0.0.1:${String(d).trim()}/` }));
  });
}

/** CPU seconds this process used while `run` ran. */
async function cpuOf(run) {
  const before = process.cpuUsage();
  const value = await run();
  const used = process.cpuUsage(before);
  return { ...value, cpu: (used.user + used.system) / 1e6 };
}

async function autocannonRate(url, seconds) {
  return cpuOf(async () => {
    const result = await autocannon({ url, connections: CONNECTIONS, duration: seconds });
    if (result.errors > 0 || result.non2xx > 0) throw new Error(`autocannon saw ${result.errors} errors and ${result.non2xx} non-2xx answers`);
    return { rate: result.requests.total / result.duration, completed: result.requests.total };
  });
}

/** Runs a whole driver session whose HTTPChannel hammers `url` until the policy times out. */
async function channelRate(url, seconds) {
  return cpuOf(() => runChannel(url, seconds));
}

async function runChannel(url, seconds) {
  const dir = mkdtempSync(join(tmpdir(), 'pdt-bench-'));
  const file = join(dir, 'bench.yml');
  writeFileSync(
    file,
    `
config:
  title: HTTPChannel benchmark
policies:
  - class: policy.SimplePolicy
    parameters: {round: 1}
    timeout: ${seconds}s
channels:
  - class: channel.HTTPChannel
    trigger: always
    url: "${url}"
    repeat: 1000000000
    concurrency: ${CONNECTIONS}
reporters:
  - class: reporter.CSVReporter
    filename: ${join(dir, 'results.csv')}
`,
  );
  const logger = createLogger({ format: 'json', stream: new Writable({ write: (_c, _e, cb) => cb() }) });
  const prepared = prepareConfig([file], { define: [], meta: [] }, logger);
  const session = new Session({ ...prepared, sources: prepared.loader.sources, logger, resultsDir: dir, clockFps: 30, verbose: false });
  await session.build();
  let first = null;
  let last = null;
  let completed = 0;
  let failed = 0;
  session.bus.subscribe((e) => {
    if (e.event === 'HTTPRequestStartEvent') first ??= e.ts;
    else if (e.event === 'HTTPResponseEndEvent') {
      completed += 1;
      last = e.ts;
    } else if (e.event === 'HTTPResponseErrorEvent') failed += 1;
  }, { events: ['HTTPRequestStartEvent', 'HTTPResponseEndEvent'] });
  await session.runTests();
  await session.report();
  rmSync(dir, { recursive: true, force: true });
  if (failed > 0) throw new Error(`HTTPChannel saw ${failed} failed requests`);
  return { rate: completed / (last - first), completed };
}

const { child, url } = await startServer();
try {
  // Warm both clients and the server's JIT before anything is measured.
  await autocannonRate(url, 1);
  await channelRate(url, 1);
  const cannon = [];
  const channel = [];
  const perRequest = (r) => `${((r.cpu / r.completed) * 1e6).toFixed(1)} µs CPU/request`;
  for (let round = 1; round <= ROUNDS; round++) {
    const a = await autocannonRate(url, SECONDS);
    const c = await channelRate(url, SECONDS);
    cannon.push(a.rate);
    channel.push(c.rate);
    console.log(`round ${round}: autocannon ${a.rate.toFixed(0)} req/s (${perRequest(a)}), HTTPChannel ${c.rate.toFixed(0)} req/s (${perRequest(c)})`);
  }
  const mean = (xs) => xs.reduce((x, y) => x + y, 0) / xs.length;
  const ratio = mean(channel) / mean(cannon);
  console.log(`autocannon (${CONNECTIONS} connections): ${mean(cannon).toFixed(0)} req/s`);
  console.log(`HTTPChannel (concurrency ${CONNECTIONS}): ${mean(channel).toFixed(0)} req/s`);
  console.log(`ratio: ${ratio.toFixed(2)} (goal ${GOAL}: ${ratio >= GOAL ? 'met' : 'not met'}; the original Python tool managed about 900 req/s)`);
} finally {
  child.kill();
}
