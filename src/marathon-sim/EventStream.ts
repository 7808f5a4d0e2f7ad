import type { IncomingMessage, ServerResponse } from 'node:http';
import { isJsonObject } from './JsonValues.js';
import type { EventSink, JsonObject } from './types.js';

interface Subscriber {
  readonly res: ServerResponse;
  /** Event types to send, or null for all (`?event_type=` filter). */
  readonly types: ReadonlySet<string> | null;
  /** `?plan-format=light`: plans without `original` and `target`. */
  readonly light: boolean;
}

export interface EventStreamOptions {
  readonly heartbeatMs: number;
  /** A subscriber that falls this far behind is disconnected, as Marathon drops slow consumers. */
  readonly maxBufferedBytes: number;
}

/** A frame as Marathon's Jetty servlet writes it: CRLF line ends, one blank line after each event. */
function frame(eventType: string, payload: JsonObject): string {
  return `event: ${eventType}\r\ndata: ${JSON.stringify(payload)}\r\n\r\n`;
}

function lightPayload(payload: JsonObject): JsonObject {
  const plan = payload.plan;
  if (!isJsonObject(plan)) return payload;
  const { original: _original, target: _target, ...rest } = plan;
  return { ...payload, plan: rest };
}

/** The /v2/events Server-Sent-Events fan-out. */
export class EventStream implements EventSink {
  private readonly subscribers = new Set<Subscriber>();
  private heartbeat: NodeJS.Timeout | null = null;

  constructor(private readonly options: EventStreamOptions) {}

  get clientCount(): number {
    return this.subscribers.size;
  }

  /** Takes over the response and streams events to it until the client goes away. */
  attach(req: IncomingMessage, res: ServerResponse, query: URLSearchParams): void {
    const types = query.getAll('event_type').flatMap((t) => t.split(',')).map((t) => t.trim()).filter((t) => t !== '');
    const subscriber: Subscriber = {
      res,
      types: types.length > 0 ? new Set(types) : null,
      light: query.get('plan-format') === 'light',
    };
    req.socket.setNoDelay(true);
    res.writeHead(200, {
      'Content-Type': 'text/event-stream',
      'Cache-Control': 'no-cache, no-store, must-revalidate',
      'X-Accel-Buffering': 'no',
    });
    res.flushHeaders();
    this.subscribers.add(subscriber);
    const remoteAddress = req.socket.remoteAddress ?? '';
    res.on('close', () => {
      if (this.subscribers.delete(subscriber)) this.publish('event_stream_detached', { remoteAddress });
      if (this.subscribers.size === 0) this.stopHeartbeat();
    });
    this.startHeartbeat();
    this.publish('event_stream_attached', { remoteAddress });
  }

  publish(eventType: string, fields: JsonObject): void {
    if (this.subscribers.size === 0) return;
    const payload: JsonObject = { ...fields, eventType, timestamp: new Date().toISOString() };
    let full: string | null = null;
    let light: string | null = null;
    for (const subscriber of this.subscribers) {
      if (subscriber.types && !subscriber.types.has(eventType)) continue;
      const text = subscriber.light ? (light ??= frame(eventType, lightPayload(payload))) : (full ??= frame(eventType, payload));
      this.write(subscriber, text);
    }
  }

  /** Cuts every event-stream connection, so clients have to reconnect. */
  dropAll(): void {
    for (const subscriber of [...this.subscribers]) subscriber.res.destroy();
  }

  close(): void {
    this.dropAll();
    this.stopHeartbeat();
  }

  private write(subscriber: Subscriber, text: string): void {
    if (subscriber.res.writableLength > this.options.maxBufferedBytes) {
      subscriber.res.destroy();
      return;
    }
    subscriber.res.write(text);
  }

  private startHeartbeat(): void {
    if (this.heartbeat) return;
    this.heartbeat = setInterval(() => {
      for (const subscriber of this.subscribers) this.write(subscriber, ':heartbeat\r\n\r\n');
    }, this.options.heartbeatMs);
    this.heartbeat.unref();
  }

  private stopHeartbeat(): void {
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.heartbeat = null;
  }
}
