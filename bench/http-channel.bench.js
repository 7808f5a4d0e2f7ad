// HTTPChannel throughput against autocannon, in one run and against one server.
//
//   npx tsc -p tsconfig.json && node bench/http-channel.bench.js [seconds-per-round] [raw|node-http]
//
// The server runs in a child process (its own core on a 2-core machine). By default it is a
// minimal HTTP/1.1 keep-alive server on node:net that answers every request head with the same
// pre-built 200 response: it costs far less per request than either client, so the clients are
// what is measured. `node-http` uses a plain node:http server instead, which costs about as much
// per request as autocannon and so caps autocannon's rate (the ratio then flatters HTTPChannel).
//
// Rounds alternate autocannon (50 connections) and HTTPChannel (concurrency: 50, back to back) so
// that both see the same machine state; the request rates are averaged over the rounds. Each round
// also prints the client's CPU time per request and the share of a core the server used: a server
// near 100% would be the bottleneck.
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import autocannon from 'autocannon';
import { prepareConfig } from '../dist/core/runDriver.js';
import { Session } from '../dist/core/Session.js';
import { createLogger } from '../dist/core/Logger.js';
import { printBaseline, printFigure } from './lib/figures.js';

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

/** CPU seconds this process and the server used while `run` ran, and the wall time. */
async function measure(child, run) {
  const serverBefore = await serverCpu(child);
  const before = process.cpuUsage();
  const started = performance.now();
  const value = await run();
  const wall = (performance.now() - started) / 1000;
  const used = process.cpuUsage(before);
  const server = (await serverCpu(child)) - serverBefore;
  return { ...value, cpu: (used.user + used.system) / 1e6, serverShare: server / wall };
}

async function autocannonRate(url, seconds) {
  const result = await autocannon({ url, connections: CONNECTIONS, duration: seconds });
  if (result.errors > 0 || result.non2xx > 0) throw new Error(`autocannon saw ${result.errors} errors and ${result.non2xx} non-2xx answers`);
  return { rate: result.requests.total / result.duration, completed: result.requests.total };
}

/** Runs a whole driver session whose HTTPChannel hammers `url` until the policy times out. */
async function channelRate(url, seconds) {
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
  await measure(child, () => autocannonRate(url, 1));
  await measure(child, () => channelRate(url, 1));
  const cannon = [];
  const channel = [];
  const describe = (r) => `${r.rate.toFixed(0)} req/s, ${((r.cpu / r.completed) * 1e6).toFixed(1)} µs CPU/request, server at ${(r.serverShare * 100).toFixed(0)}% of a core`;
  for (let round = 1; round <= ROUNDS; round++) {
    const a = await measure(child, () => autocannonRate(url, SECONDS));
    const c = await measure(child, () => channelRate(url, SECONDS));
    cannon.push(a.rate);
    channel.push(c.rate);
    console.log(`round ${round}: autocannon ${describe(a)}; HTTPChannel ${describe(c)}`);
  }
  const mean = (xs) => xs.reduce((x, y) => x + y, 0) / xs.length;
  const ratio = mean(channel) / mean(cannon);
  printFigure(`HTTPChannel, concurrency ${CONNECTIONS} (${SERVER_KIND} server)`, mean(channel), 'req/s', mean(cannon));
  printBaseline(`autocannon, ${CONNECTIONS} connections`, mean(cannon), 'req/s');
  console.log(`  goal: ${GOAL} of autocannon (${ratio >= GOAL ? 'met' : 'not met'}; the original Python tool managed about 900 req/s)`);
  process.exitCode = ratio >= GOAL ? 0 : 1;
} finally {
  child.kill();
}
