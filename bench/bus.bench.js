// Event bus dispatch rate: 20 subscribers, each matching with its own EventFilter session
// (attribute conditions), against a baseline of 20 plain callbacks doing the same checks by
// hand, called in a loop for the same events in the same run.
//
//   npx tsc -p tsconfig.json && node bench/bus.bench.js [events]
import { EventBus } from '../dist/core/EventBus.js';
import { EventFilter } from '../dist/core/EventFilter.js';
import { Event } from '../dist/core/Event.js';
import { silentLogger } from '../dist/core/Logger.js';
import { median, printBaseline, printFigure } from './lib/figures.js';

const EVENTS = Number(process.argv[2] ?? 200_000);
const ROUNDS = 5;

/** 20 subscriptions: a filter expression and the same condition written by hand. */
const SUBSCRIBERS = [
  ['LogLineEvent[kind=stdout]', (e) => e.event === 'LogLineEvent' && e.kind === 'stdout'],
  ['LogLineEvent[kind=stderr]', (e) => e.event === 'LogLineEvent' && e.kind === 'stderr'],
  ['LogLineEvent[source=app]', (e) => e.event === 'LogLineEvent' && e.source === 'app'],
  ['LogLineEvent[kind=stdout, source=app]', (e) => e.event === 'LogLineEvent' && e.kind === 'stdout' && e.source === 'app'],
  ['LogLineEvent[line~=^GET ]', (e) => e.event === 'LogLineEvent' && /^GET /.test(e.line)],
  ['LogLineEvent[line~=^POST ]', (e) => e.event === 'LogLineEvent' && /^POST /.test(e.line)],
  ['LogLineEvent[line~=status=5]', (e) => e.event === 'LogLineEvent' && /status=5/.test(e.line)],
  ['LogLineEvent[line!=ready]', (e) => e.event === 'LogLineEvent' && e.line !== 'ready'],
  ['MetricUpdateEvent[name=latency]', (e) => e.event === 'MetricUpdateEvent' && e.name === 'latency'],
  ['MetricUpdateEvent[value>100]', (e) => e.event === 'MetricUpdateEvent' && e.value > 100],
  ['MetricUpdateEvent[name=latency, value>=250]', (e) => e.event === 'MetricUpdateEvent' && e.name === 'latency' && e.value >= 250],
  ['MetricUpdateEvent[value<10]', (e) => e.event === 'MetricUpdateEvent' && e.value < 10],
  ['FlagUpdateEvent[name=status]', (e) => e.event === 'FlagUpdateEvent' && e.name === 'status'],
  ['FlagUpdateEvent[value=FAILED]', (e) => e.event === 'FlagUpdateEvent' && e.value === 'FAILED'],
  ['CmdlineExitEvent[exitcode!=0]', (e) => (e.event === 'CmdlineExitZeroEvent' || e.event === 'CmdlineExitNonzeroEvent') && e.exitcode !== 0],
  ['CmdlineExitZeroEvent', (e) => e.event === 'CmdlineExitZeroEvent'],
  ['LogLineEvent[kind=stderr, line~=error]', (e) => e.event === 'LogLineEvent' && e.kind === 'stderr' && /error/.test(e.line)],
  ['MetricUpdateEvent[name=throughput, value>0]', (e) => e.event === 'MetricUpdateEvent' && e.name === 'throughput' && e.value > 0],
  ['LogLineEvent[line~=took \\d+ms]', (e) => e.event === 'LogLineEvent' && /took \d+ms/.test(e.line)],
  ['LogLineEvent[source!=sidecar]', (e) => e.event === 'LogLineEvent' && e.source !== 'sidecar'],
];

/** A mix like a test's: mostly output lines, some metrics, a few flags and exits. */
function makeEvents(n) {
  const lines = ['GET /v2/apps status=200 took 12ms', 'POST /v2/apps status=201 took 40ms', 'ready', 'GET /ping status=503 took 2ms', 'error: connection refused'];
  const out = new Array(n);
  for (let i = 0; i < n; i++) {
    const k = i % 20;
    if (k < 14) out[i] = new Event('LogLineEvent', { line: lines[i % lines.length], kind: i % 7 === 0 ? 'stderr' : 'stdout', source: i % 3 === 0 ? 'sidecar' : 'app' }, 1);
    else if (k < 18) out[i] = new Event('MetricUpdateEvent', { name: k % 2 ? 'latency' : 'throughput', value: (i * 37) % 500 }, 1);
    else if (k < 19) out[i] = new Event('FlagUpdateEvent', { name: 'status', value: i % 2 ? 'OK' : 'FAILED' }, 1);
    else out[i] = new Event(i % 2 ? 'CmdlineExitZeroEvent' : 'CmdlineExitNonzeroEvent', { exitcode: i % 2 ? 0 : 1, signal: null }, 1);
  }
  return out;
}

/** Events per second through the bus, every subscriber holding a filter session. */
async function busRate(events) {
  const bus = new EventBus(silentLogger(), 0);
  let matched = 0;
  for (const [expression] of SUBSCRIBERS) {
    const filter = new EventFilter(expression);
    const session = filter.start(null, () => (matched += 1));
    bus.subscribe((e) => session.handle(e), { events: filter.subscriptionEvents ?? undefined });
  }
  const started = performance.now();
  for (const e of events) bus.publish(e);
  await bus.flush();
  return { rate: events.length / ((performance.now() - started) / 1000), matched };
}

/** Events per second through a plain array of 20 callbacks doing the same checks. */
function plainRate(events) {
  let matched = 0;
  const callbacks = SUBSCRIBERS.map(([, test]) => (e) => {
    if (test(e)) matched += 1;
  });
  const started = performance.now();
  for (const e of events) for (let i = 0; i < callbacks.length; i++) callbacks[i](e);
  return { rate: events.length / ((performance.now() - started) / 1000), matched };
}

const events = makeEvents(EVENTS);
// One warm-up round each, so both run optimised code.
await busRate(events.slice(0, 20_000));
plainRate(events.slice(0, 20_000));
const bus = [];
const plain = [];
for (let round = 0; round < ROUNDS; round++) {
  const b = await busRate(events);
  const p = plainRate(events);
  if (b.matched !== p.matched) throw new Error(`The filters matched ${b.matched} events, the plain callbacks ${p.matched}`);
  bus.push(b.rate);
  plain.push(p.rate);
}
printFigure('event bus dispatch, 20 filter subscribers', median(bus), 'events/s', median(plain));
printBaseline('20 plain callbacks per event', median(plain), 'events/s');
