// Summarizing 1,000,000 samples of one test case with mean_err, median and a 95th
// percentile, through MetricCollector.sum() as the reporters call it, against a baseline
// of a plain loop summing the same values from a Float64Array, in the same run.
//
//   npx tsc -p tsconfig.json && node bench/summarize.bench.js [samples]
import { EventBus } from '../dist/core/EventBus.js';
import { Event } from '../dist/core/Event.js';
import { MetricCollector } from '../dist/core/MetricCollector.js';
import { GeneralConfig } from '../dist/core/config/GeneralConfig.js';
import { SourceMap } from '../dist/core/config/SourceMap.js';
import { silentLogger } from '../dist/core/Logger.js';
import { createSummarizer } from '../dist/summarizers/createSummarizer.js';
import { median, printBaseline, printFigure } from './lib/figures.js';

const SAMPLES = Number(process.argv[2] ?? 1_000_000);
const ROUNDS = 3;
const SUMMARIZE = ['@mean_err', '@median', { class: 'summarize.PercentileSummarizer', name: 'p95', percentile: 95 }];

/** A collector holding one test case with SAMPLES samples of metric `m`. */
async function filledCollector(values) {
  const general = new GeneralConfig({ config: { parameters: [{ name: 'x' }], metrics: [{ name: 'm', summarize: SUMMARIZE }] } }, new SourceMap());
  const summarizers = new Map([['m', await Promise.all(general.metrics[0].summarize.map((s) => createSummarizer(s, process.cwd())))]]);
  const bus = new EventBus(silentLogger(), 0);
  const collector = new MetricCollector(bus, silentLogger(), general, summarizers);
  const update = new Event('ParameterUpdateEvent', { parameters: { x: 1 }, oldParameters: {}, changes: { x: 1 } });
  bus.publish(update);
  await bus.flush();
  for (let i = 0; i < values.length; i++) {
    collector.trackMetric('m', values[i], update.traceids);
    // The MetricUpdateEvents are drained as a run would, not left queued.
    if (i % 10_000 === 9_999) await bus.flush();
  }
  await bus.flush();
  return { collector, summarizers: summarizers.get('m') };
}

function plainSum(values) {
  let total = 0;
  for (let i = 0; i < values.length; i++) total += values[i];
  return total;
}

function timed(run) {
  const started = performance.now();
  const value = run();
  return { ms: performance.now() - started, value };
}

// Latency-like values: a lognormal body with a long tail.
const values = new Float64Array(SAMPLES);
let seed = 42;
const random = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) + 0.5) / 2147483648;
for (let i = 0; i < SAMPLES; i++) values[i] = Math.exp(3 + 0.5 * Math.sqrt(-2 * Math.log(random())) * Math.cos(2 * Math.PI * random()));

const { collector, summarizers } = await filledCollector(values);
const samples = collector.axes[0].series.get('m').samples();
const sums = [];
const perSummarizer = new Map(summarizers.map((s) => [s.name, []]));
const baseline = [];
let check = 0;
// Round 0 warms the JIT up and is not counted.
for (let round = 0; round <= ROUNDS; round++) {
  const sum = timed(() => collector.sum());
  if (round === 0) {
    timed(() => values.reduce((a, b) => a + b, 0));
    for (let i = 0; i < 5; i++) timed(() => plainSum(values));
    continue;
  }
  sums.push(sum.ms);
  check = sum.value[0].values.m.mean_err[0];
  for (const s of summarizers) perSummarizer.get(s.name).push(timed(() => s.calculate(samples, { parameters: {}, note: () => undefined })).ms);
  baseline.push(timed(() => plainSum(values)).ms);
}
const base = median(baseline);
let plainMean = 0;
for (const v of values) plainMean += v / SAMPLES;
if (Math.abs(check - plainMean) > 1e-6 * plainMean) throw new Error(`mean_err gave ${check}, the plain loop ${plainMean}`);
printFigure(`MetricCollector.sum(), ${SAMPLES.toLocaleString('en-US')} samples, mean_err + median + p95`, median(sums), 'ms', base, 1);
for (const [name, times] of perSummarizer) printFigure(`  ${name} alone`, median(times), 'ms', base, 1);
printBaseline('plain loop summing a Float64Array', base, 'ms', 2);
