import { request as httpRequest, type IncomingMessage } from 'node:http';
import { MarathonSimulator } from '../../src/marathon-sim/MarathonSimulator.js';
import type { SimulatorOptions } from '../../src/marathon-sim/SimulatorOptions.js';

/** Fast deployments so tests take milliseconds. */
export const FAST: Partial<SimulatorOptions> = {
  port: 0,
  quiet: true,
  deployMsBase: 4,
  deployMsPerInstance: 2,
  loadFactor: 0,
  heartbeatMs: 50,
};

export const ISO_TIMESTAMP = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;
export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export async function startSimulator(options: Partial<SimulatorOptions> = {}): Promise<{ sim: MarathonSimulator; url: string }> {
  const sim = new MarathonSimulator({ ...FAST, ...options });
  const { url } = await sim.start();
  return { sim, url };
}

export interface ApiResponse {
  status: number;
  headers: Headers;
  text: string;
  // Response bodies are checked field by field in the tests.
  body: any;
}

export async function api(
  url: string,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<ApiResponse> {
  const init: RequestInit = { method, headers: { ...headers } };
  if (body !== undefined) {
    init.body = typeof body === 'string' ? body : JSON.stringify(body);
    (init.headers as Record<string, string>)['Content-Type'] = 'application/json';
  }
  const res = await fetch(`${url}${path}`, init);
  const text = await res.text();
  let parsed: unknown = undefined;
  if ((res.headers.get('content-type') ?? '').includes('json') && text !== '') parsed = JSON.parse(text);
  return { status: res.status, headers: res.headers, text, body: parsed };
}

export const app = (id: string, instances = 1, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  id,
  cmd: 'sleep 1200',
  cpus: 0.1,
  mem: 64,
  instances,
  ...extra,
});

export interface SseEvent {
  event: string;
  data: any;
}

/**
 * A minimal SSE client that parses the stream the way the original driver's RawSSE client did:
 * events separated by CRLF CRLF, lines by CRLF, comment lines skipped.
 */
export class SseClient {
  readonly events: SseEvent[] = [];
  raw = '';
  comments = 0;
  closed = false;
  private buffer = '';
  private listeners: Array<() => void> = [];

  private constructor(
    readonly response: IncomingMessage,
    private readonly destroy: () => void,
  ) {
    response.setEncoding('utf8');
    response.on('data', (chunk: string) => {
      this.raw += chunk;
      this.buffer += chunk;
      let end: number;
      while ((end = this.buffer.indexOf('\r\n\r\n')) >= 0) {
        this.parse(this.buffer.slice(0, end));
        this.buffer = this.buffer.slice(end + 4);
      }
      this.notify();
    });
    const onEnd = (): void => {
      this.closed = true;
      this.notify();
    };
    response.on('close', onEnd);
    response.on('error', onEnd);
  }

  static connect(url: string, path = '/v2/events', headers: Record<string, string> = {}): Promise<SseClient> {
    return new Promise((resolve, reject) => {
      const req = httpRequest(`${url}${path}`, { headers: { Accept: 'text/event-stream', ...headers } }, (res) => {
        if (res.statusCode !== 200) {
          res.resume();
          reject(new Error(`SSE status ${res.statusCode}`));
          return;
        }
        resolve(new SseClient(res, () => req.destroy()));
      });
      req.on('error', reject);
      req.end();
    });
  }

  ofType(type: string): SseEvent[] {
    return this.events.filter((e) => e.event === type);
  }

  /** Resolves with the first (already received or future) event that matches. */
  waitFor(predicate: (e: SseEvent) => boolean, timeoutMs = 4000): Promise<SseEvent> {
    return this.until(() => this.events.find(predicate), timeoutMs, 'event');
  }

  waitForCount(predicate: (e: SseEvent) => boolean, count: number, timeoutMs = 4000): Promise<SseEvent[]> {
    return this.until(
      () => {
        const found = this.events.filter(predicate);
        return found.length >= count ? found : undefined;
      },
      timeoutMs,
      `${count} events`,
    );
  }

  waitForClose(timeoutMs = 4000): Promise<true> {
    return this.until(() => (this.closed ? true : undefined), timeoutMs, 'close');
  }

  close(): void {
    this.destroy();
  }

  private until<T>(check: () => T | undefined, timeoutMs: number, what: string): Promise<T> {
    return new Promise((resolve, reject) => {
      const attempt = (): boolean => {
        const value = check();
        if (value === undefined) return false;
        clearTimeout(timer);
        resolve(value);
        return true;
      };
      const timer = setTimeout(() => {
        this.listeners = this.listeners.filter((l) => l !== listener);
        reject(new Error(`Timed out waiting for ${what}; got ${this.events.map((e) => e.event).join(', ')}`));
      }, timeoutMs);
      const listener = (): void => {
        if (attempt()) this.listeners = this.listeners.filter((l) => l !== listener);
      };
      if (!attempt()) this.listeners.push(listener);
    });
  }

  private notify(): void {
    for (const listener of [...this.listeners]) listener();
  }

  private parse(block: string): void {
    let event = '';
    let data = '';
    let sawField = false;
    for (const line of block.split('\r\n')) {
      if (line.startsWith(':')) {
        this.comments += 1;
        continue;
      }
      const colon = line.indexOf(': ');
      if (colon < 0) continue;
      sawField = true;
      const key = line.slice(0, colon);
      const value = line.slice(colon + 2);
      if (key === 'event') event = value;
      else if (key === 'data') data += value;
    }
    if (sawField) this.events.push({ event, data: JSON.parse(data) });
  }
}

/** Polls until `check` is truthy. */
export async function eventually<T>(check: () => T | Promise<T>, timeoutMs = 4000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error('Condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}
