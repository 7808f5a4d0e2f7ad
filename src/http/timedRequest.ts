import { util, type Dispatcher } from 'undici';
import { describeHttpError } from './describeHttpError.js';

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
  /** The outcome, one event-loop turn after `end` (see sendTimedRequest). */
  onDone(res: TimedResponse): void;
}

/** A request in flight that its owner can abort (it then completes with `aborted`). */
export interface Abortable {
  abort(): void;
}

/** Where the requests in flight register themselves (a `Set<Abortable>` will do). */
export interface InFlightRegistry {
  add(request: Abortable): unknown;
  delete(request: Abortable): unknown;
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

interface Target {
  origin: string;
  path: string;
}

// A channel sends the same URL over and over: parsing it once saves a URL object per request.
let lastUrl = '';
let lastTarget: Target | Error = new Error('no URL yet');

function parseTarget(text: string): Target | Error {
  if (text === lastUrl) return lastTarget;
  let target: Target | Error;
  try {
    const url = new URL(text);
    target =
      url.protocol === 'http:' || url.protocol === 'https:'
        ? { origin: url.origin, path: `${url.pathname}${url.search}` }
        : new Error(`Unsupported URL scheme \`${url.protocol}\` in ${text} (expected http: or https:)`);
  } catch {
    target = new Error(`Invalid URL \`${text}\``);
  }
  lastUrl = text;
  lastTarget = target;
  return target;
}

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
  for (let i = 0; i < batch.length; i++) {
    try {
      batch[i]!.handOver();
    } catch (err) {
      // One failing observer must not keep the others from their outcome; the error still surfaces.
      process.nextTick(() => {
        throw err;
      });
    }
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

  constructor(
    readonly req: TimedRequest,
    readonly observer: TimedRequestObserver,
    readonly inFlight: InFlightRegistry | undefined,
  ) {
    this.origin = req.url;
  }

  run(dispatcher: Dispatcher): void {
    const req = this.req;
    const body = req.body ? Buffer.from(req.body) : null;
    if (body) this.bytesSent = body.byteLength;
    this.start = process.hrtime.bigint();
    this.observer.onStart(this.start);
    const target = parseTarget(req.url);
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

  finish(err: unknown): void {
    if (this.settled) return;
    this.settled = true;
    this.end = process.hrtime.bigint();
    this.error = err;
    if (this.timer) clearTimeout(this.timer);
    this.inFlight?.delete(this);
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
    this.finish(null);
  }

  onError(err: Error): void {
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
 */
export function sendTimedRequest(dispatcher: Dispatcher, req: TimedRequest, observer: TimedRequestObserver, inFlight?: InFlightRegistry): void {
  new TimedExchange(req, observer, inFlight).run(dispatcher);
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
 * runs, `inFlight` holds a function that aborts it (it then resolves with `aborted`).
 */
export function timedRequest(dispatcher: Dispatcher, req: TimedRequest, hooks: TimedRequestHooks = {}, inFlight?: Set<() => void>): Promise<TimedResponse> {
  let registry: InFlightRegistry | undefined;
  if (inFlight) {
    let abort: (() => void) | null = null;
    // The exchange registers itself before dispatch and leaves when it ends.
    registry = {
      add(exchange: Abortable) {
        abort = () => exchange.abort();
        inFlight.add(abort);
      },
      delete() {
        if (abort) inFlight.delete(abort);
      },
    };
  }
  return timedRequestIn(dispatcher, req, hooks, registry);
}

/** timedRequest registering the request itself in `inFlight` (as sendTimedRequest does). */
export function timedRequestIn(dispatcher: Dispatcher, req: TimedRequest, hooks: TimedRequestHooks = {}, inFlight?: InFlightRegistry): Promise<TimedResponse> {
  return new Promise((resolve) => sendTimedRequest(dispatcher, req, new PromiseObserver(hooks, resolve), inFlight));
}
