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
}

/** Called at each moment as it happens, with its `process.hrtime.bigint()` reading. */
export interface TimedRequestHooks {
  onStart?(at: bigint): void;
  onRequestSent?(at: bigint): void;
  onResponseStart?(at: bigint, statusCode: number): void;
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

/**
 * One request with exact phase times (process.hrtime.bigint): `start` just before dispatch,
 * `sent` when undici finished writing head and body to the socket, `firstByte` when the parser
 * saw the first byte of the response, `end` when the body completed (or the request failed).
 * Never rejects: failures come back in `error`. Resolves one loop turn after `end`. While it
 * runs, `inFlight` holds a function that aborts it (it then resolves with `aborted`).
 */
export function timedRequest(dispatcher: Dispatcher, req: TimedRequest, hooks: TimedRequestHooks = {}, inFlight?: Set<() => void>): Promise<TimedResponse> {
  return new Promise((resolve) => {
    const start = process.hrtime.bigint();
    const bodyBuffer = req.body ? Buffer.from(req.body) : null;
    let sent: bigint | null = null;
    let firstByte: bigint | null = null;
    let firstBodyByte: bigint | null = null;
    let statusCode = 0;
    let headers: Record<string, string | string[]> = {};
    const chunks: Buffer[] = [];
    let bytesReceived = 0;
    let abortUndici: ((err: Error) => void) | null = null;
    let settled = false;
    let timer: NodeJS.Timeout | null = null;
    let origin = req.url;

    const finish = (err: unknown): void => {
      if (settled) return;
      settled = true;
      const end = process.hrtime.bigint();
      if (timer) clearTimeout(timer);
      inFlight?.delete(abort);
      const result: TimedResponse = {
        start,
        sent,
        firstByte,
        firstBodyByte,
        end,
        bytesSent: bodyBuffer?.byteLength ?? 0,
        statusCode: err === null ? statusCode : 0,
        headers: err === null ? headers : {},
        body: err === null && req.keepBody ? (chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)).toString('utf8') : '',
        bytesReceived,
        error: err === null ? null : err === ABORTED ? 'Request aborted' : describeHttpError(err, origin),
        aborted: err === ABORTED,
      };
      // undici frees a keep-alive socket with a setImmediate queued after this callback returns;
      // resolving after it lets a caller's next request reuse the socket instead of opening
      // another connection (the microtask runs once undici's callback returned).
      queueMicrotask(() => setImmediate(resolve, result));
    };
    // Settles at once and tells undici to drop the request (it may still be waiting for a socket).
    const fail = (err: Error | typeof ABORTED): void => {
      if (settled) return;
      finish(err);
      abortUndici?.(err === ABORTED ? new Error('Request aborted') : err);
    };
    const abort = (): void => fail(ABORTED);

    hooks.onStart?.(start);
    const target = parseTarget(req.url);
    if (target instanceof Error) {
      finish(target);
      return;
    }
    origin = target.origin;
    inFlight?.add(abort);
    if (req.timeout !== null && req.timeout > 0) {
      const seconds = req.timeout;
      timer = setTimeout(() => fail(new Error(`No complete response from ${origin} within ${seconds}s (timeout)`)), seconds * 1000);
    }

    // The legacy handler methods are used on purpose: only they receive onRequestSent and
    // onResponseStarted (the llhttp message-begin callback, i.e. the first response byte).
    const handler: TimingHandler = {
      onConnect(abortRequest) {
        if (settled) abortRequest(new Error('Request aborted'));
        else abortUndici = abortRequest;
      },
      onRequestSent() {
        sent = process.hrtime.bigint();
        hooks.onRequestSent?.(sent);
      },
      onResponseStarted() {
        firstByte ??= process.hrtime.bigint();
      },
      onHeaders(code, rawHeaders) {
        // 1xx interim responses are followed by the real one.
        if (code < 200) return true;
        firstByte ??= process.hrtime.bigint();
        statusCode = code;
        headers = util.parseHeaders(rawHeaders) as Record<string, string | string[]>;
        if (!settled) hooks.onResponseStart?.(firstByte, code);
        return true;
      },
      onData(chunk) {
        firstBodyByte ??= process.hrtime.bigint();
        bytesReceived += chunk.length;
        if (req.keepBody) chunks.push(chunk);
        return true;
      },
      onComplete() {
        finish(null);
      },
      onError(err) {
        finish(err);
      },
    };
    dispatcher.dispatch({ origin: target.origin, path: target.path, method: req.method as Dispatcher.HttpMethod, headers: req.headers, body: bodyBuffer }, handler);
  });
}
