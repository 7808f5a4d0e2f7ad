import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MarathonSimulator } from '../../src/marathon-sim/MarathonSimulator.js';
import { api, appSpec, harness, includesAll, recordingServer, startSimulator, type RecordingServer } from './harness.js';

let server: RecordingServer;

beforeAll(async () => {
  server = await recordingServer();
});
afterAll(async () => {
  await server.close();
});

const metricsOf = (events: Array<{ name?: unknown; value?: unknown }>): Array<[unknown, unknown]> => events.map((e) => [e.name, e.value]);

describe('observer.MarathonMetricsObserver', () => {
  it('polls twice per second and publishes the flattened values that changed, all of them after a parameter update', async () => {
    let polls = 0;
    server.respond = () => {
      polls += 1;
      const doc: Record<string, unknown> = { gauges: { 'app.count': { value: polls } }, fixed: { deep: { x: 1 } }, list: [7, { y: 'z' }] };
      if (polls === 1) doc.gone = true;
      return JSON.stringify(doc);
    };
    const h = await harness(`
observers:
  - class: observer.MarathonMetricsObserver
    url: "${server.url}/metrics"
    headers:
      X-Test: yes-please
`, { define: { dcos_auth_token: 'tok' } });
    h.publish('StartEvent');
    const t0 = performance.now();
    await h.waitFor(() => polls >= 3);
    const elapsed = performance.now() - t0;
    // The third poll starts a second after the first.
    expect(elapsed).toBeGreaterThanOrEqual(990);
    expect(elapsed).toBeLessThan(1400);
    await h.waitFor(() => h.named('MarathonMetricUpdateEvent').length >= 7);
    const events = h.named('MarathonMetricUpdateEvent');
    expect(metricsOf(events.slice(0, 5))).toEqual([
      ['gauges.app.count.value', 1],
      ['fixed.deep.x', 1],
      ['list.0', 7],
      ['list.1.y', 'z'],
      ['gone', true],
    ]);
    expect(metricsOf(events.slice(5, 7))).toEqual([
      ['gauges.app.count.value', 2],
      ['gone', null],
    ]);
    const update = h.update({ apps: 10 });
    await h.waitFor(() => h.named('MarathonMetricUpdateEvent').some((e) => e.name === 'fixed.deep.x' && e !== events[1]));
    const after = h.named('MarathonMetricUpdateEvent').filter((e) => h.events.indexOf(e) > h.events.indexOf(update));
    expect(after.map((e) => e.name)).toEqual(expect.arrayContaining(['gauges.app.count.value', 'fixed.deep.x', 'list.0', 'list.1.y']));
    for (const e of after) expect(includesAll(e.traceids, update.traceids)).toBe(true);
    expect(server.requests.every((r) => r.url === '/metrics' && r.headers['x-test'] === 'yes-please' && r.headers.authorization === 'token=tok')).toBe(true);
    await h.close();
    const count = server.requests.length;
    await new Promise((r) => setTimeout(r, 600));
    expect(server.requests.length).toBe(count);
  });

  it('reads the simulator\'s Dropwizard document and logs unanswered polls at debug level', async () => {
    const { sim, url }: { sim: MarathonSimulator; url: string } = await startSimulator();
    const h = await harness(`
observers:
  - class: observer.MarathonMetricsObserver
    url: "${url}/metrics"
`);
    sim.failRequests(503);
    h.publish('StartEvent');
    await h.waitFor(() => h.logs.includes('DEBUG Metrics marathon endpoint not accessible (Received 503 HTTP status code)'));
    sim.failRequests(null);
    await h.waitFor(() => h.named('MarathonMetricUpdateEvent').some((e) => e.name === 'gauges.service.mesosphere.marathon.app.count.value'));
    const appCount = (): unknown[] => h.named('MarathonMetricUpdateEvent').filter((e) => e.name === 'gauges.service.mesosphere.marathon.app.count.value').map((e) => e.value);
    expect(appCount()).toEqual([0]);
    await api(url, 'POST', '/v2/apps', appSpec('/counted', 0));
    await h.waitFor(() => appCount().length === 2);
    expect(appCount()).toEqual([0, 1]);
    expect(h.named('MarathonMetricUpdateEvent').some((e) => e.name === 'timers.org.eclipse.jetty.servlet.ServletContextHandler.requests.count')).toBe(true);
    await h.close();
    await sim.stop();
  });
});
