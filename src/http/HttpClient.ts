import type { Definitions } from '../core/Definitions.js';
import { acquireDispatcher, type DispatcherLease } from './acquireDispatcher.js';
import type { TlsSettings } from './TlsSettings.js';
import { sendTimedRequest, timedRequestIn, type Abortable, type TimedRequest, type TimedRequestHooks, type TimedRequestObserver, type TimedResponse } from './timedRequest.js';
import { withAuthHeader } from './withAuthHeader.js';

export interface HttpClientOptions {
  tls: TlsSettings;
  /** Seconds; null: undici's own header and body timeouts (300 s each) only. */
  timeout: number | null;
  definitions: Definitions;
  /** Add `Authorization: token=<dcos_auth_token>` (everything but the login tasks). */
  injectAuth: boolean;
}

export interface HttpRequestSpec {
  url: string;
  /** Any case; sent upper-case. */
  verb: string;
  /** As headers() returns them. */
  headers: Record<string, string>;
  body: string | null;
  keepBody: boolean;
}

/**
 * The HTTP side of one component: its TLS setting's shared dispatcher (taken at the first
 * request, given back by close()), auth header injection, the timeout, and abort of every
 * request still in flight when the component stops.
 */
export class HttpClient {
  private lease: DispatcherLease | null = null;
  /** The requests in flight (abortAll aborts them). */
  private readonly inFlight = new Set<Abortable>();
  private closed = false;

  constructor(private readonly opts: HttpClientOptions) {}

  /** The headers to send for these configured ones (with the auth header when enabled). */
  headers(configured: unknown): Record<string, string> {
    return withAuthHeader(configured, this.opts.injectAuth ? this.opts.definitions : null);
  }

  request(spec: HttpRequestSpec, hooks?: TimedRequestHooks): Promise<TimedResponse> {
    if (this.closed) return Promise.reject(new Error('HTTP client used after close()'));
    this.lease ??= acquireDispatcher(this.opts.tls);
    return timedRequestIn(this.lease.dispatcher, this.prepare(spec), hooks, this.inFlight);
  }

  /**
   * The request `send` takes for this spec. A caller that sends the same request many times
   * prepares it once (the object is only read).
   */
  prepare(spec: HttpRequestSpec, keepHeaders = true): TimedRequest {
    return { url: spec.url, method: spec.verb.toUpperCase(), headers: spec.headers, body: spec.body, timeout: this.opts.timeout, keepBody: spec.keepBody, keepHeaders };
  }

  /**
   * Sends a prepared request without a promise: `observer` gets each moment as it happens and
   * the outcome (see sendTimedRequest). Throws when the client was closed.
   */
  send(req: TimedRequest, observer: TimedRequestObserver): void {
    if (this.closed) throw new Error('HTTP client used after close()');
    this.lease ??= acquireDispatcher(this.opts.tls);
    sendTimedRequest(this.lease.dispatcher, req, observer, this.inFlight);
  }

  /** Aborts the requests in flight (they resolve with `aborted`); the client stays usable. */
  abortAll(): void {
    for (const request of [...this.inFlight]) request.abort();
  }

  close(): void {
    this.abortAll();
    this.closed = true;
    this.lease?.release();
    this.lease = null;
  }
}
