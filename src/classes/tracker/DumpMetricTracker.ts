import { Tracker } from './Tracker.js';
import type { Event } from '../../core/Event.js';
import type { OptionSpec } from '../../core/Options.js';
import { isPlainObject } from '../../core/config/ConfigLoader.js';

/** Records values of observer metrics (MarathonMetricUpdateEvent) under test metric names. */
export class DumpMetricTracker extends Tracker {
  static readonly className = 'tracker.DumpMetricTracker';
  static readonly description = 'Dumps metrics collected by observers (usually the MarathonMetricsObserver) into the results.';
  static readonly publishes = ['MetricUpdateEvent'] as const;
  static readonly options: OptionSpec = {
    map: { type: 'object', required: true, description: 'Observer metric path to the test metric name', example: { 'gauges.jvm.memory.total.used.value': 'marathonMemTotalUsage' } },
  };

  private traceids: number[] | null = null;

  override async init(): Promise<void> {
    const map = this.render().map;
    if (!isPlainObject(map)) throw this.configError('`map` must map metric paths to metric names', 'map');
    for (const target of Object.values(map)) this.checkMetric(target, 'map');
    this.ctx.bus.subscribe((e: Event) => {
      this.traceids = [...e.traceids];
    }, { events: ['ParameterUpdateEvent'] });
    this.ctx.bus.subscribe((e: Event) => {
      if (!this.traceids) return;
      const current = this.render(this.ctx.parameterBatch.parameters).map as Record<string, unknown>;
      const target = current[String(e.name)];
      if (typeof target === 'string') this.trackMetric(target, e.value, this.traceids);
    }, { events: ['MarathonMetricUpdateEvent'] });
  }
}
