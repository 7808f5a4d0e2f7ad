import { util, type Dispatcher } from 'undici';
import { describeHttpError } from './describeHttpError.js';
import type { Abortable, InFlightRequests } from './InFlightRequests.js';
import { requestTarget } from './requestTarget.js';

export interface TimedRequest {
  url: string;
  /** Upper-case HTTP method. */
  method: string;
  headers: Record<string, string>;
  /** Empty or null: no body. */
  body: string | null;
  /** Seconds from the start until the request fails unless the response completed; null: none. */
  timeout: number | null;
  /** Keep the response body text (observers only need its length). */
  keepBody: boolean;
  /** Parse the response headers into `headers` (default true; false leaves them `{}`). */
  keepHeaders?: boolean;
}

/** Called at each moment as it happens, with its `process.hrtime.bigint()` reading. */
export interface TimedRequestHooks {
  onStart?(at: bigint): void;
  onRequestSent?(at: bigint): void;
  onResponseStart?(at: bigint, statusCode: number): void;
}

/**
 * Receives the moments of one request as they happen, then its outcome. The methods are called
 * on the object itself, so one object per request serves as every callback (no closures).
 */
export interface TimedRequestObserver {
  onStart(at: bigint): void;
  onRequestSent(at: bigint): void;
  onResponseStart(at: bigint, statusCode: number): void;
  /** The outcome, one event-loop turn after `end` (or at once: see sendTimedRequest). */
  onDone(res: TimedResponse): void;
}

export interface TimedResponse {
  start: bigint;
  sent: bigint | null;
  firstByte: bigint | null;
  /** When the first byte of the response body arrived; null if none did. */
  firstBodyByte: bigint | null;
  end: bigint;
  bytesSent: number;
  statusCode: number;
  headers: Record<string, string | string[]>;
  /** The body decoded as UTF-8 ('' unless keepBody). */
  body: string;
  bytesReceived: number;
  /** Why no complete response arrived; null when it did (whatever its status). */
  error: string | null;
  /** Aborted through `inFlight`: the caller is shutting down, nobody wants the result. */
  aborted: boolean;
}

/** The undici handler interface that reports the moment the request was written and the first response byte. */
interface TimingHandler extends Dispatcher.DispatchHandler {
  onRequestSent(): void;
}

const ABORTED = Symbol('aborted');

// Finished requests wait here for their outcome to be handed over. undici frees a keep-alive
// socket with a setImmediate it queues after the completion callback returns; handing the outcome
// over in a later immediate lets the caller's next request reuse that socket instead of opening
// another connection. A microtask runs once undici's callback returned: it moves the requests that
// finished so far to an immediate, which is then queued after each of their undici immediates.
let finished: TimedExchange[] = [];
// A reaction on a settled promise is a microtask without queueMicrotask's per-call async resource.
const resolved = Promise.resolve();

function queueHandOver(): void {
  const batch = finished;
  finished = [];
  setImmediate(handOver, batch);
}

function handOver(batch: TimedExchange[]): void {
  for (let i = 0; i < batch.length; i++) handOverOne(batch[i]!);
}

function handOverOne(exchange: TimedExchange): void {
  try {
    exchange.handOver();
  } catch (err) {
    // A failing observer must not keep the others from their outcome (nor throw into undici's
    // parser); the error still surfaces.
    process.nextTick(() => {
      throw err;
    });
  }
}

/** One request: the undici handler, its moments and its outcome. */
class TimedExchange implements TimingHandler, Abortable {
  start = 0n;
  sent: bigint | null = null;
  firstByte: bigint | null = null;
  firstBodyByte: bigint | null = null;
  end = 0n;
  statusCode = 0;
  rawHeaders: Buffer[] | null = null;
  chunk: Buffer | null = null;
  chunks: Buffer[] | null = null;
  bytesReceived = 0;
  bytesSent = 0;
  error: unknown = null;
  settled = false;
  origin: string;
  abortUndici: ((err: Error) => void) | null = null;
  timer: NodeJS.Timeout | null = null;
  inFlightSlot = -1;

  constructor(
    readonly req: TimedRequest,
    readonly observer: TimedRequestObserver,
    readonly inFlight: InFlightRequests | undefined,
    /** Hand the outcome of a response over as soon as undici reports it (see sendTimedRequest). */
    readonly atOnce: boolean,
  ) {
    this.origin = req.url;
  }

  run(dispatcher: Dispatcher): void {
    const req = this.req;
    const body = req.body ? Buffer.from(req.body) : null;
    if (body) this.bytesSent = body.byteLength;
    this.start = process.hrtime.bigint();
    this.observer.onStart(this.start);
    const target = requestTarget(req.url);
    if (target instanceof Error) {
      this.finish(target);
      return;
    }
    this.origin = target.origin;
    this.inFlight?.add(this);
    if (req.timeout !== null && req.timeout > 0) this.timer = setTimeout(onTimeout, req.timeout * 1000, this);
    dispatcher.dispatch({ origin: target.origin, path: target.path, method: req.method as Dispatcher.HttpMethod, headers: req.headers, body }, this);
  }

  abort(): void {
    this.fail(ABORTED);
  }

  // Settles at once and tells undici to drop the request (it may still be waiting for a socket).
  fail(err: Error | typeof ABORTED): void {
    if (this.settled) return;
    this.finish(err);
    this.abortUndici?.(err === ABORTED ? new Error('Request aborted') : err);
  }

  /** Settles with `err` (null: complete); `completed` when undici reported the complete response. */
  finish(err: unknown, completed = false): void {
    if (this.settled) return;
    this.settled = true;
    this.end = process.hrtime.bigint();
    this.error = err;
    if (this.timer) clearTimeout(this.timer);
    this.inFlight?.delete(this);
    // A complete response only arrives from the socket, never inside dispatch(): no recursion.
    if (completed && this.atOnce) {
      handOverOne(this);
      return;
    }
    if (finished.length === 0) void resolved.then(queueHandOver);
    finished.push(this);
  }

  handOver(): void {
    const err = this.error;
    const ok = err === null;
    const req = this.req;
    let body = '';
    if (ok && req.keepBody) {
      if (this.chunks) body = Buffer.concat(this.chunks).toString('utf8');
      else if (this.chunk) body = this.chunk.toString('utf8');
    }
    this.observer.onDone({
      start: this.start,
      sent: this.sent,
      firstByte: this.firstByte,
      firstBodyByte: this.firstBodyByte,
      end: this.end,
      bytesSent: this.bytesSent,
      statusCode: ok ? this.statusCode : 0,
      headers: ok && this.rawHeaders !== null && req.keepHeaders !== false ? (util.parseHeaders(this.rawHeaders) as Record<string, string | string[]>) : {},
      body,
      bytesReceived: this.bytesReceived,
      error: ok ? null : err === ABORTED ? 'Request aborted' : describeHttpError(err, this.origin),
      aborted: err === ABORTED,
    });
  }

  // The legacy handler methods are used on purpose: only they receive onRequestSent and
  // onResponseStarted (the llhttp message-begin callback, i.e. the first response byte).
  onConnect(abortRequest: (err: Error) => void): void {
    if (this.settled) abortRequest(new Error('Request aborted'));
    else this.abortUndici = abortRequest;
  }

  onRequestSent(): void {
    const at = process.hrtime.bigint();
    this.sent = at;
    this.observer.onRequestSent(at);
  }

  onResponseStarted(): void {
    this.firstByte ??= process.hrtime.bigint();
  }

  onHeaders(code: number, rawHeaders: Buffer[]): boolean {
    // 1xx interim responses are followed by the real one.
    if (code < 200) return true;
    this.firstByte ??= process.hrtime.bigint();
    this.statusCode = code;
    this.rawHeaders = rawHeaders;
    if (!this.settled) this.observer.onResponseStart(this.firstByte, code);
    return true;
  }

  onData(chunk: Buffer): boolean {
    this.firstBodyByte ??= process.hrtime.bigint();
    this.bytesReceived += chunk.length;
    if (this.req.keepBody) {
      if (this.chunks) this.chunks.push(chunk);
      else if (this.chunk) this.chunks = [this.chunk, chunk];
      else this.chunk = chunk;
    }
    return true;
  }

  onComplete(): void {
    this.finish(null, true);
  }

  onError(err: Error): void {
    // Always a loop turn later: undici fails the queued requests of a connection in one loop,
    // which a request sent from onDone would join.
    this.finish(err);
  }
}

function onTimeout(exchange: TimedExchange): void {
  exchange.fail(new Error(`No complete response from ${exchange.origin} within ${exchange.req.timeout}s (timeout)`));
}

/**
 * Sends one request with exact phase times (process.hrtime.bigint): `start` just before dispatch,
 * `sent` when undici finished writing head and body to the socket, `firstByte` when the parser
 * saw the first byte of the response, `end` when the body completed (or the request failed).
 * Reports each moment to `observer` as it happens and the outcome to `observer.onDone`, one loop
 * turn after `end`; failures come back in `error`. While it runs, `inFlight` holds it; its
 * abort() ends it with `aborted`.
 *
 * The loop turn lets undici free a keep-alive socket before the caller sends its next request.
 * `atOnce` skips it for a dispatcher of one connection (see ConnectionLanes): a request sent
 * from `onDone` then waits in its queue for the socket that just finished, which saves a loop
 * turn per request. Failures (errors, timeouts, aborts) always wait the turn.
 */
export function sendTimedRequest(dispatcher: Dispatcher, req: TimedRequest, observer: TimedRequestObserver, inFlight?: InFlightRequests, atOnce = false): void {
  new TimedExchange(req, observer, inFlight, atOnce).run(dispatcher);
}

/** Adapts hooks and a promise to the observer interface. */
class PromiseObserver implements TimedRequestObserver {
  constructor(
    private readonly hooks: TimedRequestHooks,
    private readonly resolve: (res: TimedResponse) => void,
  ) {}

  onStart(at: bigint): void {
    this.hooks.onStart?.(at);
  }

  onRequestSent(at: bigint): void {
    this.hooks.onRequestSent?.(at);
  }

  onResponseStart(at: bigint, statusCode: number): void {
    this.hooks.onResponseStart?.(at, statusCode);
  }

  onDone(res: TimedResponse): void {
    this.resolve(res);
  }
}

/**
 * sendTimedRequest as a promise: never rejects, resolves one loop turn after `end`. While it
 * runs, `inFlight` holds it (its abortAll() ends it with `aborted`).
 */
export function timedRequest(dispatcher: Dispatcher, req: TimedRequest, hooks: TimedRequestHooks = {}, inFlight?: InFlightRequests): Promise<TimedResponse> {
  return new Promise((resolve) => sendTimedRequest(dispatcher, req, new PromiseObserver(hooks, resolve), inFlight));
}
