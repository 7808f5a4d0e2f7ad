import type { ClientConfig } from 'pg';
import { Reporter } from './Reporter.js';
import type { OptionSpec } from '../../core/Options.js';
import { toBoolean } from '../../core/Options.js';
import { buildResultInserts, type ResultInsert, type ResultRow } from '../../services/buildResultInserts.js';
import { checkResultUuids } from '../../services/checkResultUuids.js';
import { registerSecret } from '../../services/registerSecret.js';
import { resultsSchemaDdl } from '../../services/resultsSchemaDdl.js';
import { RESULTS_TABLES } from '../../services/resultsTables.js';
import { qualifiedTable } from '../../services/qualifiedTable.js';
import { quoteIdent } from '../../services/quoteIdent.js';
import { describePgError } from '../../services/describePgError.js';
import { SECRET_TYPES } from '../../services/secretTypes.js';

/** PostgreSQL takes at most 65535 parameters per statement; rows are sent in chunks below that. */
const MAX_PARAMETERS = 60_000;
const MAX_ROWS = 1000;
const CONNECT_TIMEOUT_MS = 10_000;

/**
 * Writes the results into the manual's schema directly with the pg client: the same rows as
 * reporter.PostgRESTReporter, in one transaction, so a failed upload leaves nothing behind.
 */
export class PostgresReporter extends Reporter {
  static readonly className = 'reporter.PostgresReporter';
  static readonly description = 'Writes the full set of results into the PostgreSQL schema of the PostgREST reporter, directly and in one transaction.';
  static readonly publishes = [] as const;
  static readonly options: OptionSpec = {
    connection: {
      type: 'string',
      aliases: ['connectionString'],
      description: 'A `postgres://user@host:port/database` URI; what it and the keys below leave out comes from the PG* environment variables (PGHOST, PGPORT, PGDATABASE, PGUSER, PGPASSWORD)',
      example: 'postgres://perf@127.0.0.1:5432/results',
    },
    host: { type: 'string', description: 'The server host or unix socket directory (overrides the one in `connection`)' },
    port: { type: 'integer', description: 'The server port (overrides the one in `connection`)' },
    database: { type: 'string', description: 'The database (overrides the one in `connection`)' },
    user: { type: 'string', description: 'The user (overrides the one in `connection`)' },
    password: { type: SECRET_TYPES, description: 'The password (overrides the one in `connection`; never logged)' },
    schema: { type: 'string', default: '', description: 'The schema of the tables (default: the search path)', example: 'metric_data' },
    prefix: { type: 'string', default: '', description: 'The table name prefix (the manual\'s schema uses `perf_test_`)', example: 'perf_test_' },
    project: { type: 'string', default: '', description: 'The project name stored with the job' },
    createSchema: { type: 'boolean', default: false, description: 'Create the schema and the tables (the manual\'s DDL) when they do not exist' },
  };

  override async init(): Promise<void> {
    const uuidError = checkResultUuids(this.ctx, PostgresReporter.className);
    if (uuidError) throw uuidError;
    const cfg = this.render();
    registerSecret(this.ctx.definitions, cfg.password);
    if (cfg.connection !== undefined || cfg.connectionString !== undefined) {
      const text = String(this.option(cfg, 'connection'));
      let url: URL;
      try {
        url = new URL(text);
      } catch {
        throw this.configError('`connection` must be a postgres:// or postgresql:// URI', 'connection');
      }
      if (!/^postgres(ql)?:$/.test(url.protocol)) throw this.configError('`connection` must be a postgres:// or postgresql:// URI', 'connection');
      registerSecret(this.ctx.definitions, decodeURIComponent(url.password));
    }
  }

  async dump(): Promise<void> {
    const cfg = this.render();
    const schema = String(this.option(cfg, 'schema'));
    const prefix = String(this.option(cfg, 'prefix'));
    const inserts = buildResultInserts({
      general: this.ctx.general,
      collector: this.ctx.collector,
      meta: this.ctx.meta,
      project: String(this.option(cfg, 'project')),
      warn: (msg) => this.logger.warn(msg),
    });
    const { default: pg } = await import('pg');
    const client = new pg.Client(this.clientConfig(cfg));
    // An idle client that loses its server emits 'error'; without a listener that ends the process.
    client.on('error', (err) => this.logger.warn(`PostgreSQL connection error: ${err.message}`));
    const where = (): string => `${client.host}:${client.port}/${client.database ?? ''}`;
    try {
      await client.connect();
    } catch (err) {
      await client.end().catch(() => undefined);
      throw new Error(`Cannot connect to PostgreSQL at ${where()}: ${describePgError(err)}`);
    }
    let step = 'BEGIN';
    try {
      await client.query('BEGIN');
      if (toBoolean(this.option(cfg, 'createSchema'))) {
        step = 'creating the schema';
        for (const sql of resultsSchemaDdl(schema, prefix)) await client.query(sql);
      }
      for (const insert of inserts) {
        step = `insert into ${prefix}${insert.table}`;
        await this.insert(client, schema, prefix, insert);
      }
      step = 'COMMIT';
      await client.query('COMMIT');
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw new Error(`PostgreSQL ${step} failed at ${where()}: ${describePgError(err)}`);
    } finally {
      await client.end().catch(() => undefined);
    }
    const samples = inserts.find((i) => i.table === 'phase_metrics')?.body;
    this.logger.info(`Wrote results to PostgreSQL at ${where()} (${Array.isArray(samples) ? samples.length : 0} metric samples)`);
  }

  private clientConfig(cfg: Record<string, unknown>): ClientConfig {
    const config: ClientConfig = { connectionTimeoutMillis: CONNECT_TIMEOUT_MS, application_name: 'dcos-perf-test-driver' };
    const connection = this.option(cfg, 'connection');
    // pg lets a connection string win over separate keys; here the separate keys win.
    if (connection !== undefined) {
      const url = new URL(String(connection));
      if (cfg.host !== undefined) url.hostname = encodeURIComponent(String(cfg.host));
      if (cfg.port !== undefined) url.port = String(cfg.port);
      if (cfg.database !== undefined) url.pathname = `/${encodeURIComponent(String(cfg.database))}`;
      if (cfg.user !== undefined) url.username = encodeURIComponent(String(cfg.user));
      if (cfg.password !== undefined) url.password = encodeURIComponent(String(cfg.password));
      config.connectionString = url.href;
      return config;
    }
    if (cfg.host !== undefined) config.host = String(cfg.host);
    if (cfg.port !== undefined) config.port = Number(cfg.port);
    if (cfg.database !== undefined) config.database = String(cfg.database);
    if (cfg.user !== undefined) config.user = String(cfg.user);
    if (cfg.password !== undefined) config.password = String(cfg.password);
    return config;
  }

  private async insert(client: { query(sql: string, values: unknown[]): Promise<unknown> }, schema: string, prefix: string, insert: ResultInsert): Promise<void> {
    const rows: ResultRow[] = Array.isArray(insert.body) ? insert.body : [insert.body];
    if (rows.length === 0) return;
    const columns = Object.keys(rows[0]!);
    const table = RESULTS_TABLES.find((t) => t.name === insert.table)!;
    const conflict = insert.acceptExisting ? ` ON CONFLICT (${quoteIdent(table.primaryKey)}) DO NOTHING` : '';
    const perStatement = Math.max(1, Math.min(MAX_ROWS, Math.floor(MAX_PARAMETERS / columns.length)));
    for (let start = 0; start < rows.length; start += perStatement) {
      const chunk = rows.slice(start, start + perStatement);
      const values: unknown[] = [];
      const tuples = chunk.map((row) => `(${columns.map((c) => `$${values.push(row[c])}`).join(', ')})`);
      await client.query(`INSERT INTO ${qualifiedTable(schema, prefix, insert.table)} (${columns.map(quoteIdent).join(', ')}) VALUES ${tuples.join(', ')}${conflict}`, values);
    }
  }
}
