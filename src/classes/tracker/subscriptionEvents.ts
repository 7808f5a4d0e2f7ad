import type { EventFilter } from '../../core/EventFilter.js';

/**
 * The events a tracker must subscribe to: the given names plus whatever the filters can
 * match, or undefined (every event) when a filter can match anything. Subscribing narrowly
 * keeps high-rate events such as LogLineEvent away from trackers that never use them.
 */
export function subscriptionEvents(names: readonly string[], filters: readonly EventFilter[]): string[] | undefined {
  const out = new Set(names);
  for (const filter of filters) {
    const events = filter.subscriptionEvents;
    if (events === null) return undefined;
    for (const name of events) out.add(name);
  }
  return [...out];
}
