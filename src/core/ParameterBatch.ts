import { Event, nextTraceId } from './Event.js';
import type { EventBus } from './EventBus.js';
import type { Logger } from './Logger.js';

export type Parameters = Record<string, unknown>;

/**
 * Collects the parameter and flag changes a policy makes while handling one event and
 * publishes them as one ParameterUpdateEvent (flags first, attributed to the previous
 * test case).
 */
export class ParameterBatch {
  parameters: Parameters;
  /** Trace id the next ParameterUpdateEvent will carry. */
  updateTraceId: number;
  /** Trace id of the last published ParameterUpdateEvent (the running test case). */
  previousTraceId: number | null = null;
  private queued: Array<[string, unknown]> = [];
  private flags: Array<[string, unknown]> = [];

  constructor(
    private readonly bus: EventBus,
    private readonly logger: Logger,
    defaults: Parameters,
  ) {
    this.parameters = { ...defaults };
    this.updateTraceId = nextTraceId();
  }

  setParameter(name: string, value: unknown): number {
    this.queued.push([name, value]);
    return this.updateTraceId;
  }

  setParameters(values: Parameters): number {
    for (const [k, v] of Object.entries(values)) this.queued.push([k, v]);
    return this.updateTraceId;
  }

  setFlag(name: string, value: unknown = true): number {
    this.flags.push([name, value]);
    return this.updateTraceId;
  }

  /** Publishes queued flags, then at most one ParameterUpdateEvent. */
  flush(): void {
    // Called after every event a policy handles: nothing is allocated when nothing is queued.
    if (this.flags.length > 0) {
      for (const [name, value] of this.flags) {
        this.bus.publish(new Event('FlagUpdateEvent', { name, value }, this.previousTraceId));
      }
      this.flags = [];
    }
    if (this.queued.length === 0) return;
    const changes: Parameters = {};
    for (const [k, v] of this.queued) changes[k] = v;
    this.queued = [];
    const newParameters = { ...this.parameters, ...changes };
    this.logger.info(`Setting axis to ${JSON.stringify(newParameters)}`);
    this.bus.publish(new Event('ParameterUpdateEvent', { parameters: newParameters, oldParameters: this.parameters, changes }, this.updateTraceId));
    this.parameters = newParameters;
    this.previousTraceId = this.updateTraceId;
    this.updateTraceId = nextTraceId();
  }
}
