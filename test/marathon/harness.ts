/**
 * Test support for the Marathon classes: the simulator on 127.0.0.1 with fast deployments, a
 * plain HTTP server that records concurrency, and a harness that builds components from YAML
 * on a real event bus without a policy or a session (the tests publish the events themselves).
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { MarathonSimulator } from '../../src/marathon-sim/MarathonSimulator.js';
import type { SimulatorOptions } from '../../src/marathon-sim/SimulatorOptions.js';

/** Deployments of a few milliseconds. */
export const FAST: Partial<SimulatorOptions> = { port: 0, quiet: true, deployMsBase: 6, deployMsPerInstance: 2, loadFactor: 0, heartbeatMs: 50 };

export async function startSimulator(options: Partial<SimulatorOptions> = {}): Promise<{ sim: MarathonSimulator; url: string }> {
  const sim = new MarathonSimulator({ ...FAST, ...options });
  const { url } = await sim.start();
  return { sim, url };
}

/** Sends a request to the simulator (or any server) and parses a JSON answer. */
export async function api(url: string, method: string, path: string, body?: unknown): Promise<{ status: number; body: any }> {
  const res = await fetch(`${url}${path}`, {
    method,
    headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text && (res.headers.get('content-type') ?? '').includes('json') ? JSON.parse(text) : text };
}

export const appSpec = (id: string, instances = 1): Record<string, unknown> => ({ id, cmd: 'sleep 1200', cpus: 0.1, mem: 64, instances });

export interface SeenRequest {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
  /** process.hrtime.bigint() when the request arrived. */
  at: bigint;
}

export interface RecordingServer {
  url: string;
  requests: SeenRequest[];
  inFlight: number;
  maxInFlight: number;
  /** Answers the next requests with these statuses in turn, then 201. */
  statuses: number[];
  /** Milliseconds before each answer. */
  delayMs: number;
  /** The body of a 2xx answer (default `{}`). */
  respond: (req: SeenRequest) => string;
  close(): Promise<void>;
}

/** Answers every request (201, or 200 for GET; `respond` gives the body) after `delayMs`, recording requests and the peak concurrency. */
export async function recordingServer(): Promise<RecordingServer> {
  const sockets = new Set<Socket>();
  const state: RecordingServer = {
    url: '',
    requests: [],
    inFlight: 0,
    maxInFlight: 0,
    statuses: [],
    delayMs: 0,
    respond: () => '{}',
    close: () =>
      new Promise((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const at = process.hrtime.bigint();
    const chunks: Buffer[] = [];
    state.inFlight += 1;
    state.maxInFlight = Math.max(state.maxInFlight, state.inFlight);
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const seen: SeenRequest = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8'), at };
      state.requests.push(seen);
      const status = state.statuses.shift() ?? (req.method === 'GET' ? 200 : 201);
      setTimeout(() => {
        state.inFlight -= 1;
        res.writeHead(status, { 'Content-Type': 'application/json' });
        res.end(status < 300 ? state.respond(seen) : JSON.stringify({ message: `status ${status}` }));
      }, state.delayMs);
    });
  });
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return state;
}

export { refusedPort, harness, type Harness } from '../helpers/harness.js';

/** Whether every id of `part` is in `whole`. */
export function includesAll(whole: readonly number[], part: readonly number[]): boolean {
  return part.every((id) => whole.includes(id));
}
