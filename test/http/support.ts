/**
 * Test support for the HTTP classes: real servers on 127.0.0.1 (plain and TLS) and a harness
 * that builds components from YAML on a real event bus, without a policy or a session.
 */
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AddressInfo, Socket } from 'node:net';
import { workdir } from '../helpers/workdir.js';

export interface SeenRequest {
  method: string;
  url: string;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  /** process.hrtime.bigint() when the request head arrived. */
  at: bigint;
  /** When a `/delay` route handed its answer to the socket. */
  answeredAt: bigint | null;
}

export type Route = (req: IncomingMessage, res: ServerResponse, body: string, seen: SeenRequest) => void;

export interface TestServer {
  url: string;
  port: number;
  requests: SeenRequest[];
  /** TCP connections accepted so far. */
  connections: number;
  inFlight: number;
  maxInFlight: number;
  route(path: string, handler: Route): void;
  close(): Promise<void>;
}

/** Burns the CPU until `until` (hrtime ns): a timer alone can fire a millisecond late. */
export function spinUntil(until: bigint): void {
  while (process.hrtime.bigint() < until);
}

/**
 * Built-in routes: `/` answers "ok", `/echo` answers the request as JSON, `/status/N`
 * answers status N, `/delay/MS` answers after exactly MS milliseconds, `/hang` never answers,
 * `/close` sends the head and half a body, then destroys the socket.
 */
const BUILT_IN: Record<string, Route> = {
  '/': (_req, res) => res.end('ok'),
  '/echo': (req, res, body) => {
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ method: req.method, url: req.url, headers: req.headers, body }));
  },
  '/hang': () => undefined,
  '/close': (_req, res) => {
    res.writeHead(200, { 'content-length': '1000' });
    res.write('partial');
    setTimeout(() => res.socket?.destroy(), 20);
  },
};

function builtIn(path: string): Route | undefined {
  const status = /^\/status\/(\d+)$/.exec(path);
  if (status) return (_req, res) => ((res.statusCode = Number(status[1])), res.end(`status ${status[1]}`));
  const delay = /^\/delay\/(\d+)$/.exec(path);
  if (delay) {
    const ns = BigInt(delay[1]!) * 1_000_000n;
    return (_req, res, _body, seen) => {
      const until = seen.at + ns;
      // Sleep most of the wait, spin the last 3 ms: the answer leaves at exactly the delay.
      setTimeout(() => {
        spinUntil(until);
        seen.answeredAt = process.hrtime.bigint();
        res.end('done');
      }, Math.max(0, Number((until - process.hrtime.bigint()) / 1_000_000n) - 3));
    };
  }
  return BUILT_IN[path];
}

async function startServer(server: Server, scheme: 'http' | 'https'): Promise<TestServer> {
  const routes = new Map<string, Route>();
  const sockets = new Set<Socket>();
  const state: TestServer = {
    url: '',
    port: 0,
    requests: [],
    connections: 0,
    inFlight: 0,
    maxInFlight: 0,
    route: (path, handler) => routes.set(path, handler),
    close: () =>
      new Promise((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
  server.on('connection', (socket: Socket) => {
    state.connections += 1;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const at = process.hrtime.bigint();
    const chunks: Buffer[] = [];
    state.inFlight += 1;
    state.maxInFlight = Math.max(state.maxInFlight, state.inFlight);
    let done = false;
    const finished = (): void => {
      if (!done) state.inFlight -= 1;
      done = true;
    };
    res.on('finish', finished);
    res.on('close', finished);
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const path = (req.url ?? '/').split('?')[0]!;
      const seen: SeenRequest = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body, at, answeredAt: null };
      state.requests.push(seen);
      const handler = routes.get(path) ?? builtIn(path);
      if (handler) handler(req, res, body, seen);
      else {
        res.statusCode = 404;
        res.end('not found');
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  state.port = (server.address() as AddressInfo).port;
  state.url = `${scheme}://127.0.0.1:${state.port}`;
  return state;
}

export function httpServer(): Promise<TestServer> {
  const server = createHttpServer({ keepAliveTimeout: 10_000 });
  return startServer(server, 'http');
}

export interface Certificate {
  dir: string;
  certPath: string;
  keyPath: string;
  cert: string;
  key: string;
}

/** A self-signed certificate for 127.0.0.1 made with the openssl command. */
export function selfSignedCertificate(): Certificate {
  const dir = workdir();
  const certPath = join(dir, 'cert.pem');
  const keyPath = join(dir, 'key.pem');
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', keyPath, '-out', certPath, '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost'], { stdio: 'ignore' });
  return { dir, certPath, keyPath, cert: readFileSync(certPath, 'utf8'), key: readFileSync(keyPath, 'utf8') };
}

export function httpsServer(cert: Certificate): Promise<TestServer> {
  const server = createHttpsServer({ cert: cert.cert, key: cert.key, keepAliveTimeout: 10_000 });
  return startServer(server, 'https');
}

export { refusedPort, harness, type Harness } from '../helpers/harness.js';

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
