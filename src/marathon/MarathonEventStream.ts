import { rootCertificates } from 'node:tls';
import { EventSource, type ErrorEvent, type FetchLike } from 'eventsource';
import { Agent, fetch } from 'undici';
import type { TlsSettings } from '../http/TlsSettings.js';
import { MARATHON_EVENT_TYPES } from './marathonEventTypes.js';

export interface EventStreamCallbacks {
  /** The stream is open (the server answered 200 with text/event-stream). */
  onOpen(): void;
  onEvent(type: string, data: string): void;
  /** The open stream broke (`wasOpen`), or a connection attempt failed; a reconnect follows. */
  onError(message: string, wasOpen: boolean): void;
}

/** First wait before retrying a failed connection attempt; it doubles up to MAX_BACKOFF_MS. */
const FIRST_BACKOFF_MS = 100;
const MAX_BACKOFF_MS = 5000;
/** A stream that lived this long is reopened at once when it breaks. */
const STABLE_MS = 1000;

/**
 * Marathon's /v2/events through an EventSource that never gives up: a stream that broke after
 * a while is reopened at once; a failed attempt, or a stream cut right after it opened, is
 * retried after a backoff that doubles from 100 ms to 5 s (a server that accepts and drops
 * every connection must not be hammered). Headers are computed per attempt, so an auth token
 * set at run time is used by the next connection.
 */
export class MarathonEventStream {
  private source: EventSource | null = null;
  private timer: NodeJS.Timeout | null = null;
  private backoffMs = FIRST_BACKOFF_MS;
  private running = false;
  // Its own agent: the shared one would end a quiet stream after undici's 300 s body timeout.
  private readonly agent: Agent;

  constructor(
    private readonly url: string,
    private readonly headers: () => Record<string, string>,
    tls: TlsSettings,
    private readonly callbacks: EventStreamCallbacks,
  ) {
    this.agent = new Agent({
      bodyTimeout: 0,
      connect: { rejectUnauthorized: !tls.insecure, ...(tls.ca ? { ca: [...rootCertificates, tls.ca] } : {}) },
    });
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.connect();
  }

  stop(): void {
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.source?.close();
    this.source = null;
  }

  async close(): Promise<void> {
    this.stop();
    await this.agent.destroy();
  }

  private connect(): void {
    const doFetch: FetchLike = (url, init) =>
      fetch(url, { ...init, headers: { ...this.headers(), ...init.headers, Accept: 'text/event-stream' }, dispatcher: this.agent }) as unknown as ReturnType<FetchLike>;
    const source = new EventSource(this.url, { fetch: doFetch });
    let openedAt: number | null = null;
    source.addEventListener('open', () => {
      openedAt = performance.now();
      this.callbacks.onOpen();
    });
    for (const type of MARATHON_EVENT_TYPES) {
      source.addEventListener(type, (e: MessageEvent) => {
        if (source === this.source) this.callbacks.onEvent(type, String(e.data));
      });
    }
    source.addEventListener('error', (e: ErrorEvent) => {
      if (source !== this.source) return;
      // The EventSource would retry on its own schedule (and not at all after an HTTP error).
      source.close();
      this.source = null;
      this.callbacks.onError(e.message ?? (e.code ? `HTTP ${e.code}` : 'connection failed'), openedAt !== null);
      const stable = openedAt !== null && performance.now() - openedAt >= STABLE_MS;
      if (stable) this.backoffMs = FIRST_BACKOFF_MS;
      this.schedule(stable ? 0 : this.nextBackoff());
    });
    this.source = source;
  }

  private nextBackoff(): number {
    const ms = this.backoffMs;
    this.backoffMs = Math.min(this.backoffMs * 2, MAX_BACKOFF_MS);
    return ms;
  }

  private schedule(ms: number): void {
    if (!this.running) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      if (this.running) this.connect();
    }, ms);
  }
}
