import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { freePort, runScript } from './scripts.js';
import { resultsSchemaDdl } from '../../../src/services/resultsSchemaDdl.js';

export interface TestPostgres {
  port: number;
  /** postgres://perf:pdt-test-pw@127.0.0.1:<port>/perf */
  url: string;
  query<T extends pg.QueryResultRow = Record<string, unknown>>(sql: string, values?: unknown[]): Promise<T[]>;
  stop(): Promise<void>;
}

/**
 * A throw-away PostgreSQL cluster from Debian's packages (installed when missing), on a free
 * local port, with the manual's schema created as `metric_data.perf_test_*`.
 */
export async function startPostgres(): Promise<TestPostgres> {
  await runScript('postgres-install.sh');
  const dir = mkdtempSync(join(tmpdir(), 'pdt-pg-'));
  const port = await freePort();
  await runScript('postgres-start.sh', [dir, String(port)], 120_000);
  const url = `postgres://perf:pdt-test-pw@127.0.0.1:${port}/perf`;
  const pool = new pg.Pool({ connectionString: url, max: 2 });
  for (const sql of resultsSchemaDdl('metric_data', 'perf_test_')) await pool.query(sql);
  return {
    port,
    url,
    query: async <T extends pg.QueryResultRow>(sql: string, values: unknown[] = []) => (await pool.query<T>(sql, values)).rows,
    stop: async () => {
      await pool.end();
      await runScript('postgres-stop.sh', [dir], 60_000);
    },
  };
}
