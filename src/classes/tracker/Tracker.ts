import { Component } from '../../core/Component.js';

/** A tracker turns events into metric samples of the running test case. */
export abstract class Tracker extends Component {
  static readonly kind = 'tracker' as const;

  protected trackMetric(name: string, value: unknown, traceids: Iterable<number>): void {
    try {
      this.ctx.collector.trackMetric(name, value, traceids);
    } catch (err) {
      this.logger.error(err instanceof Error ? err.message : String(err));
    }
  }

  /** Fails at start-up when a tracker writes to a metric that config.metrics does not declare. */
  protected checkMetric(name: unknown, key: string): string {
    if (typeof name !== 'string' || !name) throw this.configError('Missing metric name', key);
    if (!this.ctx.general.metric(name)) {
      const known = this.ctx.general.metrics.map((m) => m.name);
      throw this.configError(`Metric \`${name}\` is not declared in config.metrics${known.length ? ` (declared: ${known.join(', ')})` : ''}`, key);
    }
    return name;
  }
}
