import type { IncomingMessage, ServerResponse } from 'node:http';
import { ApiError } from './ApiError.js';
import type { Json } from './types.js';

/** What a resource answers; a string body is sent as text/plain, anything else as JSON. */
export interface Reply {
  readonly status: number;
  readonly body?: Json | string;
  readonly headers?: Readonly<Record<string, string>>;
}

/** One HTTP request with the parsing every resource needs. */
export class Exchange {
  readonly method: string;
  readonly path: string;
  /** Decoded, non-empty path segments: `//` and trailing slashes vanish, as Marathon's router ignores them. */
  readonly segments: readonly string[];
  readonly query: URLSearchParams;
  /** The per-resource timer this request is recorded under in /metrics, once a resource claims it. */
  metricName: string | null = null;

  constructor(
    readonly req: IncomingMessage,
    readonly res: ServerResponse,
    private readonly maxBodyBytes: number,
  ) {
    // Not `new URL()`: a path starting with `//` would be read as a host name.
    const raw = req.url ?? '/';
    const q = raw.indexOf('?');
    this.path = q >= 0 ? raw.slice(0, q) : raw;
    this.query = new URLSearchParams(q >= 0 ? raw.slice(q + 1) : '');
    this.method = (req.method ?? 'GET').toUpperCase();
    try {
      this.segments = this.path.split('/').filter((s) => s !== '').map((s) => decodeURIComponent(s));
    } catch {
      throw ApiError.message(400, `Malformed path: ${this.path}`);
    }
  }

  /** A boolean query parameter such as `force=true`. */
  flag(name: string): boolean {
    return this.query.get(name)?.toLowerCase() === 'true';
  }

  /** Every `embed` value, whether repeated or comma-separated. */
  embeds(): Set<string> {
    return new Set(this.query.getAll('embed').flatMap((e) => e.split(',')).map((e) => e.trim()).filter((e) => e !== ''));
  }

  header(name: string): string | undefined {
    const value = this.req.headers[name.toLowerCase()];
    return Array.isArray(value) ? value.join(', ') : value;
  }

  get clientIp(): string {
    return this.req.socket.remoteAddress ?? '';
  }

  /** The parsed JSON body; malformed or missing JSON is Marathon's HTTP 400. */
  async json(): Promise<unknown> {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of this.req) {
      const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
      size += buffer.length;
      if (size > this.maxBodyBytes) throw ApiError.message(413, `Request body exceeds ${this.maxBodyBytes} bytes`);
      chunks.push(buffer);
    }
    const text = Buffer.concat(chunks).toString('utf8');
    if (text.trim() === '') throw ApiError.message(400, 'Invalid JSON: the request body is empty');
    try {
      return JSON.parse(text) as unknown;
    } catch (err) {
      throw ApiError.message(400, `Invalid JSON: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
}
