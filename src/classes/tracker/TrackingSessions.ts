import type { Event } from '../../core/Event.js';
import type { EventBus } from '../../core/EventBus.js';
import type { EventFilter } from '../../core/EventFilter.js';
import { subscriptionEvents } from './subscriptionEvents.js';

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

  /** `filters` are the session's event filters: only the events they can match are routed. */
  constructor(bus: EventBus, order: number, filters: readonly EventFilter[], private readonly create: (traceids: number[], parameters: Record<string, unknown>) => S) {
    const events = subscriptionEvents(['ParameterUpdateEvent', 'RestartEvent', 'TeardownEvent'], filters);
    bus.subscribe((e) => this.route(e), { order, events });
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
    // Each session sees an event once; the Set is only needed when ids lead to two sessions.
    const ids = event.traceids;
    let first: S | undefined;
    let seen: Set<S> | undefined;
    for (let i = 0; i < ids.length; i++) {
      const s = this.byTrace.get(ids[i]!);
      if (s === undefined || s === first) continue;
      if (first === undefined) {
        first = s;
        s.handle(event);
        continue;
      }
      seen ??= new Set([first]);
      if (!seen.has(s)) {
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
