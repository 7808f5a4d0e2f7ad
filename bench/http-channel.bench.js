// HTTPChannel throughput against autocannon, in one run and against one server.
//
//   npx tsc -p tsconfig.json && node bench/http-channel.bench.js [seconds-per-round] [raw|node-http]
//
// The server runs in a child process (its own core on a 2-core machine). By default it is a
// minimal HTTP/1.1 keep-alive server on node:net that answers every request head with the same
// pre-built 200 response: it costs less CPU per request than either client, so the clients are
// what is measured. `node-http` uses a plain node:http server instead, which costs as much per
// request as autocannon or more and so caps autocannon's rate (the ratio then flatters HTTPChannel).
//
// Each client runs in a process of its own (so that none inherits another's garbage or JIT
// state), warmed up once. Each round runs autocannon (50 connections), HTTPChannel (concurrency:
// 50, back to back, with its load metrics) and the same HTTPChannel with a tracker that turns
// every response into a metric sample, so that all see the same machine state; the figures are
// the medians over the rounds. Each round also prints the client's CPU time per request and the share
// of a core the server used: a server near 100% would be the bottleneck.
import { fork, spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import autocannon from 'autocannon';
import { prepareConfig } from '../dist/core/runDriver.js';
import { Session } from '../dist/core/Session.js';
import { createLogger } from '../dist/core/Logger.js';
import { median, printBaseline, printFigure } from './lib/figures.js';

const SECONDS = Number(process.argv[2] ?? 5);
const SERVER_KIND = process.argv[3] ?? 'raw';
const ROUNDS = 3;
const CONNECTIONS = 50;
const GOAL = 0.8;

const CPU_REPORTER = `
process.on('message', () => {
  const u = process.cpuUsage();
  process.send((u.user + u.system) / 1e6);
});
`;

const SERVERS = {
  // Both clients send GET requests without a body: each head ends with an empty line.
  raw: `
const net = require('node:net');
const body = 'hello world';
const response = Buffer.from('HTTP/1.1 200 OK\\r\\ncontent-type: text/plain\\r\\ncontent-length: ' + body.length + '\\r\\nkeep-alive: timeout=30\\r\\n\\r\\n' + body);
const server = net.createServer({ noDelay: true }, (socket) => {
  let tail = '';
  socket.on('data', (chunk) => {
    const text = tail + chunk.toString('latin1');
    let heads = 0;
    let at = 0;
    for (let i = text.indexOf('\\r\\n\\r\\n'); i !== -1; i = text.indexOf('\\r\\n\\r\\n', at)) {
      heads += 1;
      at = i + 4;
    }
    tail = text.slice(at);
    if (heads === 1) socket.write(response);
    else if (heads > 1) socket.write(Buffer.concat(Array(heads).fill(response)));
  });
  socket.on('error', () => {});
});
server.listen(0, '127.0.0.1', () => process.stdout.write(server.address().port + '\\n'));
${CPU_REPORTER}`,
  'node-http': `
const http = require('node:http');
const body = Buffer.from('hello world');
const server = http.createServer({ keepAliveTimeout: 30000 }, (req, res) => {
  res.setHeader('content-type', 'text/plain');
  res.end(body);
});
server.listen(0, '127.0.0.1', () => process.stdout.write(server.address().port + '\\n'));
${CPU_REPORTER}`,
};

function startServer() {
  const source = SERVERS[SERVER_KIND];
  if (!source) throw new Error(`Unknown server kind ${SERVER_KIND} (expected ${Object.keys(SERVERS).join(' or ')})`);
  const child = spawn(process.execPath, ['-e', source], { stdio: ['ignore', 'pipe', 'inherit', 'ipc'] });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.stdout.once('data', (d) => resolve({ child, url: `http://127.0.0.1:${String(d).trim()}/` }));
  });
}

/** CPU seconds the server process used so far. */
function serverCpu(child) {
  return new Promise((resolve) => {
    child.once('message', resolve);
    child.send('cpu');
  });
}

/** A client process (this file with `--client NAME`); run() does one round in it. */
function startClient(name) {
  const child = fork(new URL(import.meta.url), ['--client', name], { stdio: 'inherit' });
  return {
    run(url, seconds) {
      return new Promise((resolve, reject) => {
        child.once('message', (m) => (m.error ? reject(new Error(m.error)) : resolve(m)));
        child.send({ url, seconds });
      });
    },
    stop: () => child.kill(),
  };
}

/** Serves rounds in a client process: the client's CPU seconds during the round come back with its result. */
function serveRounds(round) {
  process.on('message', async ({ url, seconds }) => {
    try {
      const before = process.cpuUsage();
      const value = await round(url, seconds);
      const used = process.cpuUsage(before);
      process.send({ ...value, cpu: (used.user + used.system) / 1e6 });
    } catch (err) {
      process.send({ error: err instanceof Error ? err.message : String(err) });
    }
  });
}

/** One round of `client`, with the share of a core the server used meanwhile. */
async function measure(server, client, url, seconds) {
  const serverBefore = await serverCpu(server);
  const started = performance.now();
  const value = await client.run(url, seconds);
  const wall = (performance.now() - started) / 1000;
  const used = (await serverCpu(server)) - serverBefore;
  return { ...value, serverShare: used / wall };
}

async function autocannonRate(url, seconds) {
  const result = await autocannon({ url, connections: CONNECTIONS, duration: seconds });
  if (result.errors > 0 || result.non2xx > 0) throw new Error(`autocannon saw ${result.errors} errors and ${result.non2xx} non-2xx answers`);
  return { rate: result.requests.total / result.duration, completed: result.requests.total };
}

/** An EventAttributeTracker that turns every response into a sample (the per-request work a test with a response-time metric adds). */
const PER_REQUEST_TRACKER = `
trackers:
  - class: tracker.EventAttributeTracker
    event: HTTPResponseEndEvent
    extract:
      - metric: responseTime
        attrib: totalTime
`;

/**
 * Runs a whole driver session whose HTTPChannel hammers `url` until the policy times out. The
 * rate is the channel's own figure, as autocannon's is: the `throughput` of its load-metrics
 * step (successful requests over the step's time), which also keeps latency histograms, as
 * autocannon does.
 */
async function channelRate(url, seconds, extra = '') {
  const dir = mkdtempSync(join(tmpdir(), 'pdt-bench-'));
  const file = join(dir, 'bench.yml');
  writeFileSync(
    file,
    `
config:
  title: HTTPChannel benchmark
  metrics:
    - name: responseTime
      units: s
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
    loadMetrics: {period: 0, persist: no}
${extra}
reporters:
  - class: reporter.CSVReporter
    filename: ${join(dir, 'results.csv')}
`,
  );
  const logger = createLogger({ format: 'json', stream: new Writable({ write: (_c, _e, cb) => cb() }) });
  const prepared = prepareConfig([file], { define: [], meta: [] }, logger);
  const session = new Session({ ...prepared, sources: prepared.loader.sources, logger, resultsDir: dir, clockFps: 30, verbose: false });
  await session.build();
  let summary = null;
  session.bus.subscribe((e) => {
    summary = e;
  }, { events: ['LoadStepSummaryEvent'] });
  await session.runTests();
  await session.report();
  rmSync(dir, { recursive: true, force: true });
  if (!summary) throw new Error('HTTPChannel published no LoadStepSummaryEvent');
  if (summary.failures > 0) throw new Error(`HTTPChannel saw ${summary.failures} failed requests`);
  return { rate: summary.throughput, completed: summary.successes };
}

const CLIENTS = {
  autocannon: autocannonRate,
  channel: (url, seconds) => channelRate(url, seconds),
  tracked: (url, seconds) => channelRate(url, seconds, PER_REQUEST_TRACKER),
};

if (process.argv[2] === '--client') {
  serveRounds(CLIENTS[process.argv[3]]);
} else {
  const { child, url } = await startServer();
  const clients = Object.fromEntries(Object.keys(CLIENTS).map((name) => [name, startClient(name)]));
  try {
    // Warm every client and the server's JIT before anything is measured.
    for (const client of Object.values(clients)) await client.run(url, 1);
    const rates = { autocannon: [], channel: [], tracked: [] };
    const describe = (r) => `${r.rate.toFixed(0)} req/s, ${((r.cpu / r.completed) * 1e6).toFixed(1)} µs CPU/request, server at ${(r.serverShare * 100).toFixed(0)}% of a core`;
    for (let round = 1; round <= ROUNDS; round++) {
      const line = [];
      for (const [name, client] of Object.entries(clients)) {
        const r = await measure(child, client, url, SECONDS);
        rates[name].push(r.rate);
        line.push(`${name} ${describe(r)}`);
      }
      console.log(`round ${round}: ${line.join('; ')}`);
    }
    const cannon = median(rates.autocannon);
    const ratio = median(rates.channel) / cannon;
    printFigure(`HTTPChannel, concurrency ${CONNECTIONS} (${SERVER_KIND} server)`, median(rates.channel), 'req/s', cannon);
    printFigure('  the same with a per-request response-time metric (EventAttributeTracker)', median(rates.tracked), 'req/s', cannon);
    printBaseline(`autocannon, ${CONNECTIONS} connections`, cannon, 'req/s');
    console.log(`  goal: ${GOAL} of autocannon for HTTPChannel (${ratio >= GOAL ? 'met' : 'not met'}; the original Python tool managed about 900 req/s)`);
    process.exitCode = ratio >= GOAL ? 0 : 1;
  } finally {
    for (const client of Object.values(clients)) client.stop();
    child.kill();
  }
}
