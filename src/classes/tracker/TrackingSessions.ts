import type { Event } from '../../core/Event.js';
import type { EventBus } from '../../core/EventBus.js';

export interface TrackingSession {
  handle(event: Event): void;
  finalize(): void;
}

/**
 * One tracking session per ParameterUpdateEvent (test case). Events are routed to the
 * sessions that own one of their trace ids; sessions stay open until the run ends
 * (RestartEvent or TeardownEvent) so late events still count for their own test case.
 */
export class TrackingSessions<S extends TrackingSession> {
  private readonly byTrace = new Map<number, S>();
  private readonly open: S[] = [];

  constructor(bus: EventBus, order: number, private readonly create: (traceids: number[], parameters: Record<string, unknown>) => S) {
    bus.subscribe((e) => this.route(e), { order });
  }

  private route(event: Event): void {
    if (event.event === 'RestartEvent' || event.event === 'TeardownEvent') {
      this.finalizeAll();
      return;
    }
    if (event.event === 'ParameterUpdateEvent') {
      const session = this.create([...event.traceids], event.parameters as Record<string, unknown>);
      this.open.push(session);
      for (const id of event.traceids) this.byTrace.set(id, session);
    }
    const seen = new Set<S>();
    for (const id of event.traceids) {
      const s = this.byTrace.get(id);
      if (s && !seen.has(s)) {
        seen.add(s);
        s.handle(event);
      }
    }
  }

  finalizeAll(): void {
    const sessions = this.open.splice(0);
    this.byTrace.clear();
    for (const s of sessions) s.finalize();
  }
}
