// Memory per 1,000,000 recorded samples: MetricCollector.trackMetric (as trackers record)
// against a baseline of a plain Float64Array of the same count. Each side runs in a fresh
// child process so neither sees the other's garbage; each reports its peak RSS growth and
// its heap + array buffer growth after a full GC.
//
//   npx tsc -p tsconfig.json && node bench/memory.bench.js [samples]
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { printBaseline, printFigure } from './lib/figures.js';

const SAMPLES = Number(process.argv[2] ?? 1_000_000);
const MB = 1024 * 1024;

/**
 * Heap plus typed-array memory: where both the collector's samples and the baseline live.
 * Buffers are released by finalizers after a GC, so it takes a few rounds to settle.
 */
async function retained() {
  for (let i = 0; i < 4; i++) {
    globalThis.gc();
    await new Promise((resolve) => setImmediate(resolve));
  }
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
}

async function child(kind) {
  // Everything the measured code needs is loaded before the "before" figures.
  const { EventBus } = await import('../dist/core/EventBus.js');
  const { Event } = await import('../dist/core/Event.js');
  const { MetricCollector } = await import('../dist/core/MetricCollector.js');
  const { GeneralConfig } = await import('../dist/core/config/GeneralConfig.js');
  const { SourceMap } = await import('../dist/core/config/SourceMap.js');
  const { silentLogger } = await import('../dist/core/Logger.js');
  let keep;
  let record;
  if (kind === 'collector') {
    const general = new GeneralConfig({ config: { parameters: [{ name: 'x' }], metrics: [{ name: 'm', summarize: ['mean'] }] } }, new SourceMap());
    const bus = new EventBus(silentLogger(), 0);
    const collector = new MetricCollector(bus, silentLogger(), general, new Map([['m', []]]));
    const update = new Event('ParameterUpdateEvent', { parameters: { x: 1 }, oldParameters: {}, changes: { x: 1 } });
    bus.publish(update);
    await bus.flush();
    keep = collector;
    record = async () => {
      for (let i = 0; i < SAMPLES; i++) {
        collector.trackMetric('m', i % 1000, update.traceids);
        // Drained as a run drains it: the MetricUpdateEvents do not pile up.
        if (i % 10_000 === 9_999) await bus.flush();
      }
      await bus.flush();
    };
  } else {
    record = async () => {
      keep = new Float64Array(SAMPLES);
      for (let i = 0; i < SAMPLES; i++) keep[i] = i % 1000;
    };
  }
  const rssBefore = process.memoryUsage.rss();
  const before = await retained();
  await record();
  const after = await retained();
  const peakRss = process.resourceUsage().maxRSS * 1024;
  process.stdout.write(JSON.stringify({ retained: after - before, peakRss: peakRss - rssBefore, kept: keep !== undefined }));
}

function measure(kind) {
  const r = spawnSync(process.execPath, ['--expose-gc', fileURLToPath(import.meta.url), String(SAMPLES), kind], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${kind} child failed: ${r.stderr}`);
  return JSON.parse(r.stdout);
}

if (process.argv[3]) {
  await child(process.argv[3]);
} else {
  const collector = measure('collector');
  const plain = measure('plain');
  const per = `MB per ${SAMPLES.toLocaleString('en-US')} samples`;
  printFigure('MetricCollector.trackMetric, retained heap + buffers', collector.retained / MB, per, plain.retained / MB, 1);
  printFigure('MetricCollector.trackMetric, peak RSS growth', collector.peakRss / MB, per, plain.peakRss / MB, 1);
  printBaseline('Float64Array, retained', plain.retained / MB, per, 1);
  printBaseline('Float64Array, peak RSS growth', plain.peakRss / MB, per, 1);
}
