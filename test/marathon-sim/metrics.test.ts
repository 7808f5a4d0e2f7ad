import { afterEach, describe, expect, it } from 'vitest';
import { Histogram } from '../../src/marathon-sim/Histogram.js';
import type { MarathonSimulator } from '../../src/marathon-sim/MarathonSimulator.js';
import { Meter } from '../../src/marathon-sim/Meter.js';
import { MetricsRegistry } from '../../src/marathon-sim/MetricsRegistry.js';
import { api, app, startSimulator } from './helpers.js';

let sim: MarathonSimulator | undefined;

afterEach(async () => {
  await sim?.stop();
  sim = undefined;
});

function containsArray(value: unknown): boolean {
  if (Array.isArray(value)) return true;
  return typeof value === 'object' && value !== null && Object.values(value).some(containsArray);
}

describe('GET /metrics', () => {
  it("returns Dropwizard's JSON layout without arrays", async () => {
    const s = await startSimulator();
    sim = s.sim;
    await api(s.url, 'POST', '/v2/apps', app('/m'));
    const res = await api(s.url, 'GET', '/metrics');
    expect(res.status).toBe(200);
    const m = res.body;
    expect(Object.keys(m)).toEqual(['version', 'gauges', 'counters', 'histograms', 'meters', 'timers']);
    expect(containsArray(m)).toBe(false);
    expect(m.gauges['jvm.memory.total.used'].value).toBeGreaterThan(0);
    expect(m.gauges['jvm.threads.count'].value).toBeGreaterThan(0);
    expect(m.counters['org.eclipse.jetty.servlet.ServletContextHandler.active-requests']).toEqual({ count: expect.any(Number) });
    expect(Object.keys(m.meters['org.eclipse.jetty.servlet.ServletContextHandler.2xx-responses']).sort()).toEqual(
      ['count', 'm15_rate', 'm1_rate', 'm5_rate', 'mean_rate', 'units'].sort(),
    );
    const create = m.timers['mesosphere.marathon.api.v2.AppsResource.create'];
    expect(Object.keys(create).sort()).toEqual(
      ['count', 'max', 'mean', 'min', 'p50', 'p75', 'p95', 'p98', 'p99', 'p999', 'stddev', 'm15_rate', 'm1_rate', 'm5_rate', 'mean_rate', 'duration_units', 'rate_units'].sort(),
    );
    expect(create).toMatchObject({ count: 1, duration_units: 'seconds', rate_units: 'calls/second' });
    expect(Object.keys(m.histograms['service.mesosphere.marathon.deployments.duration'])).toContain('p99');
  });

  it('moves with load: apps, deployments, tasks and requests', async () => {
    const s = await startSimulator({ deployMsBase: 400 });
    sim = s.sim;
    const before = (await api(s.url, 'GET', '/metrics')).body;
    expect(before.gauges['service.mesosphere.marathon.app.count'].value).toBe(0);
    for (const id of ['/a', '/b', '/c']) await api(s.url, 'POST', '/v2/apps', app(id, 2));
    const during = (await api(s.url, 'GET', '/metrics')).body;
    expect(during.gauges['service.mesosphere.marathon.deployments.active'].value).toBe(3);
    expect(during.gauges['jvm.threads.count'].value).toBeGreaterThan(before.gauges['jvm.threads.count'].value);
    await s.sim.deployments.idle();
    const after = (await api(s.url, 'GET', '/metrics')).body;
    expect(after.gauges['service.mesosphere.marathon.app.count'].value).toBe(3);
    expect(after.gauges['service.mesosphere.marathon.task.running.count'].value).toBe(6);
    expect(after.gauges['service.mesosphere.marathon.deployments.active'].value).toBe(0);
    expect(after.timers['mesosphere.marathon.api.v2.AppsResource.create'].count).toBe(3);
    expect(after.meters['service.mesosphere.marathon.deployments.success'].count).toBe(3);
    expect(after.meters['service.mesosphere.marathon.task.status-updates'].count).toBe(12);
    const requests = 'org.eclipse.jetty.servlet.ServletContextHandler.requests';
    expect(after.timers[requests].count).toBeGreaterThan(before.timers[requests].count);
    expect(after.counters['service.mesosphere.marathon.events.published'].count).toBeGreaterThan(0);
  });
});

describe('metric primitives', () => {
  it('meters tick their moving averages every 5 s like Dropwizard', () => {
    let now = 0;
    const meter = new Meter(() => now);
    meter.mark(60);
    expect(meter.snapshot().m1_rate).toBe(0);
    now = 5000;
    const first = meter.snapshot();
    expect(first.m1_rate).toBeCloseTo(12);
    expect(first.m15_rate).toBeCloseTo(12);
    expect(first.mean_rate).toBeCloseTo(12);
    now = 65_000;
    const later = meter.snapshot();
    expect(later.m1_rate).toBeLessThan(12 * Math.exp(-1) + 0.01);
    expect(later.m15_rate).toBeGreaterThan(later.m1_rate);
    expect(later.count).toBe(60);
  });

  it('histograms interpolate quantiles and keep a sliding window', () => {
    const h = new Histogram();
    expect(h.snapshot()).toMatchObject({ count: 0, min: 0, max: 0, mean: 0, p99: 0 });
    for (let i = 1; i <= 100; i++) h.update(i);
    expect(h.snapshot()).toMatchObject({ count: 100, min: 1, max: 100, mean: 50.5, p50: 50.5, p75: 75.75 });
    expect(h.snapshot().stddev).toBeCloseTo(29.011, 3);
    for (let i = 0; i < Histogram.WINDOW; i++) h.update(1000);
    expect(h.snapshot()).toMatchObject({ count: 100 + Histogram.WINDOW, min: 1000, max: 1000 });
  });

  it('the registry renders every kind sorted by name', () => {
    let now = 0;
    const registry = new MetricsRegistry(() => now);
    registry.gauge('b.gauge', () => 2);
    registry.gauge('a.gauge', () => 1);
    registry.increment('c');
    registry.increment('c', 2);
    registry.timer('t').update(0.5);
    now = 1000;
    const snapshot = registry.snapshot();
    expect(Object.keys(snapshot.gauges as object)).toEqual(['a.gauge', 'b.gauge']);
    expect(snapshot.counters).toEqual({ c: { count: 3 } });
    expect(snapshot.timers).toMatchObject({ t: { count: 1, max: 0.5, mean_rate: 1 } });
  });
});
