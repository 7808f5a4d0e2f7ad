import type { Definitions } from '../core/Definitions.js';
import { acquireDispatcher, type DispatcherLease } from './acquireDispatcher.js';
import type { TlsSettings } from './TlsSettings.js';
import { timedRequest, type TimedRequestHooks, type TimedResponse } from './timedRequest.js';
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
  /** Aborts every request in flight. */
  private readonly inFlight = new Set<() => void>();
  private closed = false;

  constructor(private readonly opts: HttpClientOptions) {}

  /** The headers to send for these configured ones (with the auth header when enabled). */
  headers(configured: unknown): Record<string, string> {
    return withAuthHeader(configured, this.opts.injectAuth ? this.opts.definitions : null);
  }

  request(spec: HttpRequestSpec, hooks?: TimedRequestHooks): Promise<TimedResponse> {
    if (this.closed) return Promise.reject(new Error('HTTP client used after close()'));
    this.lease ??= acquireDispatcher(this.opts.tls);
    return timedRequest(
      this.lease.dispatcher,
      { url: spec.url, method: spec.verb.toUpperCase(), headers: spec.headers, body: spec.body, timeout: this.opts.timeout, keepBody: spec.keepBody },
      hooks,
      this.inFlight,
    );
  }

  /** Aborts the requests in flight (they resolve with `aborted`); the client stays usable. */
  abortAll(): void {
    for (const abort of [...this.inFlight]) abort();
  }

  close(): void {
    this.abortAll();
    this.closed = true;
    this.lease?.release();
    this.lease = null;
  }
}
