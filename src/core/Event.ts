import { performance } from 'node:perf_hooks';
import { EVENT_CATALOG, eventAncestors } from './EventCatalog.js';

export type TraceIdInput = number | Iterable<number> | null | undefined;

let traceCounter = 0;

/** A fresh trace id from the process-wide counter (1, 2, 3, ...). */
export function nextTraceId(): number {
  traceCounter += 1;
  return traceCounter;
}

/** Epoch seconds with sub-millisecond resolution (Date.now() only has milliseconds). */
export function nowSeconds(): number {
  return (performance.timeOrigin + performance.now()) / 1000;
}

/**
 * One event on the bus. Attributes live directly on the instance (`event.line`,
 * `event.parameters`) so filters and expressions address them by name.
 */
export class Event {
  readonly event: string;
  readonly ts: number;
  readonly traceids: number[];
  [attribute: string]: unknown;

  /** `attributes` null: a subclass sets its attributes itself (see HttpResponseEvent). */
  constructor(name: string, attributes: Record<string, unknown> | null = {}, traceid?: TraceIdInput, ts?: number) {
    if (!(name in EVENT_CATALOG)) throw new Error(`Unknown event type "${name}"`);
    if (attributes !== null) Object.assign(this, attributes);
    this.event = name;
    this.ts = ts ?? nowSeconds();
    this.traceids = traceList(nextTraceId(), traceid);
  }

  /** True when the event is `name` or derives from it (aliases included). */
  isA(name: string): boolean {
    return name === '*' || eventAncestors(this.event).has(name);
  }

  hasTrace(id: number): boolean {
    return this.traceids.includes(id);
  }

  hasTraces(ids: Iterable<number>): boolean {
    for (const id of ids) if (this.traceids.includes(id)) return true;
    return false;
  }

  /** Plain JSON-safe copy: every attribute plus `event`, `ts` and `traceids`. */
  toDict(): Record<string, unknown> {
    const out: Record<string, unknown> = { event: this.event, ts: this.ts, traceids: [...this.traceids] };
    for (const [k, v] of Object.entries(this)) {
      if (k === 'event' || k === 'ts' || k === 'traceids') continue;
      out[k] = jsonSafe(v);
    }
    return out;
  }

  toString(): string {
    const base = `${this.event}[trace=${this.traceids.join(',')}]`;
    return this.event === 'LogLineEvent' ? `${base}<${String(this.line)}>` : base;
  }
}

/**
 * The event's own id followed by the given ones, without duplicates. Every event builds one,
 * so the common case (the few unique ids of another event) fills one exact-size array.
 */
function traceList(own: number, traceid: TraceIdInput): number[] {
  if (traceid == null) return [own];
  if (typeof traceid === 'number') return traceid === own ? [own] : [own, traceid];
  const from: readonly number[] = Array.isArray(traceid) ? traceid : [...traceid];
  if (from.length > 16) return [...new Set([own, ...from])];
  const ids = new Array<number>(from.length + 1);
  ids[0] = own;
  for (let i = 0; i < from.length; i++) {
    const id = from[i]!;
    for (let j = 0; j <= i; j++) if (ids[j] === id) return [...new Set([own, ...from])];
    ids[i + 1] = id;
  }
  return ids;
}

/** Sets become arrays, errors their message, anything unserialisable its string form. */
export function jsonSafe(value: unknown): unknown {
  if (value === null || value === undefined) return value ?? null;
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Set) return [...value].map(jsonSafe);
  if (value instanceof Map) return Object.fromEntries([...value].map(([k, v]) => [String(k), jsonSafe(v)]));
  if (value instanceof Error) return value.message;
  if (Array.isArray(value)) return value.map(jsonSafe);
  if (value instanceof Event) return value.toDict();
  if (typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) out[k] = jsonSafe(v);
    return out;
  }
  return String(value);
}
