import { createServer, type Server } from 'node:http';
import pg from 'pg';

export interface GatewayRequest {
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
  status: number;
}

export interface PostgrestGateway {
  url: string;
  requests: GatewayRequest[];
  /** Answer the next POST to `table` with this status instead of inserting. */
  failNext(table: string, status: number): void;
  close(): Promise<void>;
}

/** SQLSTATEs PostgREST answers with 409 Conflict (unique and foreign key violations). */
const CONFLICT = new Set(['23505', '23503']);

/**
 * PostgREST itself has no Debian or npm package, so this stands in for its write path in front
 * of the real database: `POST /<table>` with a JSON object or array becomes one INSERT into
 * `<schema>.<table>`, answered as PostgREST answers: 201 with an empty body (return=minimal),
 * 409 for unique and foreign key violations, 404 for an unknown table, 400 for other errors,
 * each error with PostgREST's `{code, details, hint, message}` body.
 */
export async function startPostgrestGateway(databaseUrl: string, schema: string): Promise<PostgrestGateway> {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 2 });
  const requests: GatewayRequest[] = [];
  const failures = new Map<string, number>();
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void (async () => {
        const table = decodeURIComponent((req.url ?? '/').slice(1).split('?')[0]!);
        let body: unknown = null;
        const reply = (status: number, payload?: Record<string, unknown>): void => {
          requests.push({ method: req.method ?? '', path: req.url ?? '', headers: req.headers, body, status });
          res.writeHead(status, payload ? { 'content-type': 'application/json; charset=utf-8' } : {});
          res.end(payload ? JSON.stringify(payload) : undefined);
        };
        try {
          body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
        } catch {
          reply(400, { code: 'PGRST102', details: null, hint: null, message: 'Empty or invalid json' });
          return;
        }
        if (req.method !== 'POST') return reply(405, { code: 'PGRST117', details: null, hint: null, message: `Unsupported HTTP method: ${req.method}` });
        const injected = failures.get(table);
        if (injected !== undefined) {
          failures.delete(table);
          return reply(injected, { code: 'XX000', details: null, hint: null, message: 'injected failure' });
        }
        const rows = (Array.isArray(body) ? body : [body]) as Array<Record<string, unknown>>;
        if (rows.length === 0) return reply(201);
        const columns = Object.keys(rows[0]!);
        const values: unknown[] = [];
        const tuples = rows.map((r) => `(${columns.map((c) => `$${values.push(r[c] ?? null)}`).join(', ')})`);
        const ident = (s: string): string => `"${s.replace(/"/g, '""')}"`;
        try {
          await pool.query(`INSERT INTO ${ident(schema)}.${ident(table)} (${columns.map(ident).join(', ')}) VALUES ${tuples.join(', ')}`, values);
          reply(201);
        } catch (err) {
          const e = err as { code?: string; message: string; detail?: string; hint?: string };
          const status = e.code && CONFLICT.has(e.code) ? 409 : e.code === '42P01' ? 404 : 400;
          reply(status, { code: e.code ?? null, details: e.detail ?? null, hint: e.hint ?? null, message: e.message });
        }
      })();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    failNext: (table, status) => failures.set(table, status),
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await pool.end();
    },
  };
}
