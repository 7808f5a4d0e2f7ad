import type { Dispatcher } from 'undici';
import type { Definitions } from '../core/Definitions.js';
import { acquireDispatcher, connectionOptions, type DispatcherLease } from './acquireDispatcher.js';
import { ConnectionLanes } from './ConnectionLanes.js';
import { requestTarget } from './requestTarget.js';
import type { TlsSettings } from './TlsSettings.js';
import { InFlightRequests } from './InFlightRequests.js';
import { sendTimedRequest, timedRequest, type TimedRequest, type TimedRequestHooks, type TimedRequestObserver, type TimedResponse } from './timedRequest.js';
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
  private lanes: ConnectionLanes | null = null;
  /** The requests in flight (abortAll aborts them). */
  private readonly inFlight = new InFlightRequests();
  private closed = false;

  constructor(private readonly opts: HttpClientOptions) {}

  /** The headers to send for these configured ones (with the auth header when enabled). */
  headers(configured: unknown): Record<string, string> {
    return withAuthHeader(configured, this.opts.injectAuth ? this.opts.definitions : null);
  }

  request(spec: HttpRequestSpec, hooks?: TimedRequestHooks): Promise<TimedResponse> {
    if (this.closed) return Promise.reject(new Error('HTTP client used after close()'));
    return timedRequest(this.dispatcher(), this.prepare(spec), hooks, this.inFlight);
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
   *
   * `lane` ≥ 0 sends it over this client's own connection for that lane (see ConnectionLanes),
   * for a caller that keeps at most one request per lane in flight and sends the lane's next
   * request from `onDone`, which then comes as soon as the response completed. Otherwise the
   * shared dispatcher carries it.
   */
  send(req: TimedRequest, observer: TimedRequestObserver, lane = -1): void {
    if (this.closed) throw new Error('HTTP client used after close()');
    if (lane >= 0) {
      const target = requestTarget(req.url);
      // A URL that cannot be requested fails in sendTimedRequest, whatever the dispatcher.
      if (!(target instanceof Error)) {
        this.lanes ??= new ConnectionLanes(connectionOptions(this.opts.tls));
        sendTimedRequest(this.lanes.get(target.origin, lane), req, observer, this.inFlight, true);
        return;
      }
    }
    sendTimedRequest(this.dispatcher(), req, observer, this.inFlight);
  }

  private dispatcher(): Dispatcher {
    this.lease ??= acquireDispatcher(this.opts.tls);
    return this.lease.dispatcher;
  }

  /** Aborts the requests in flight (they resolve with `aborted`); the client stays usable. */
  abortAll(): void {
    this.inFlight.abortAll();
  }

  close(): void {
    this.abortAll();
    this.closed = true;
    this.lease?.release();
    this.lease = null;
    this.lanes?.close();
    this.lanes = null;
  }
}
