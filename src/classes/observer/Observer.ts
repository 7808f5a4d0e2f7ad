import { Component } from '../../core/Component.js';
import type { Event } from '../../core/Event.js';

/**
 * An observer watches the system under test and publishes events. It remembers the trace
 * ids of the latest ParameterUpdateEvent, to attach them to events it publishes on its own.
 */
export abstract class Observer extends Component {
  static readonly kind = 'observer' as const;
  protected lastTraceIds: number[] = [];

  override async init(): Promise<void> {
    this.ctx.bus.subscribe((e: Event) => {
      this.lastTraceIds = [...e.traceids];
    }, { order: 1, events: ['ParameterUpdateEvent'] });
  }
}
