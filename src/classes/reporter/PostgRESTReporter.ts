import { request } from 'undici';
import { Reporter } from './Reporter.js';
import type { OptionSpec } from '../../core/Options.js';
import { describeHttpError } from '../../http/describeHttpError.js';
import { buildResultInserts, type ResultInsert } from '../../services/buildResultInserts.js';
import { checkResultUuids } from '../../services/checkResultUuids.js';
import { registerSecret } from '../../services/registerSecret.js';
import { SECRET_TYPES } from '../../services/secretTypes.js';

/** How long one insert may take before the upload is given up. */
const REQUEST_TIMEOUT_MS = 60_000;

/**
 * Uploads the results into the manual's PostgreSQL schema through a PostgREST endpoint: one
 * POST per insert (original-behavior §19.7), stopping at the first one that fails.
 */
export class PostgRESTReporter extends Reporter {
  static readonly className = 'reporter.PostgRESTReporter';
  static readonly description = 'Uploads the full set of results in a structured manner into a Postgres database through a PostgREST API endpoint.';
  static readonly publishes = [] as const;
  static readonly options: OptionSpec = {
    url: { type: 'string', required: true, description: 'The URL of the PostgREST endpoint', example: 'http://127.0.0.1:4000' },
    prefix: { type: 'string', default: '', description: 'The table name prefix (the manual\'s schema uses `perf_test_`)', example: 'profile_data_' },
    project: { type: 'string', default: '', description: 'The project name stored with the job' },
    token: { type: SECRET_TYPES, description: 'A PostgREST JWT, sent as `Authorization: Bearer <token>` (never logged)' },
  };

  override async init(): Promise<void> {
    const uuidError = checkResultUuids(this.ctx, PostgRESTReporter.className);
    if (uuidError) throw uuidError;
    const cfg = this.render();
    registerSecret(this.ctx.definitions, cfg.token);
    if (!/^https?:\/\/[^/]/i.test(String(cfg.url))) throw this.configError(`\`url\` must be an http(s) URL, got ${JSON.stringify(cfg.url)}`, 'url');
  }

  async dump(): Promise<void> {
    const cfg = this.render();
    const base = String(cfg.url).replace(/\/+$/, '');
    const prefix = String(this.option(cfg, 'prefix'));
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (cfg.token) headers.authorization = `Bearer ${String(cfg.token)}`;
    const inserts = buildResultInserts({
      general: this.ctx.general,
      collector: this.ctx.collector,
      meta: this.ctx.meta,
      project: String(this.option(cfg, 'project')),
      warn: (msg) => this.logger.warn(msg),
    });
    for (const insert of inserts) await this.post(base, prefix, insert, headers);
    this.logger.info('Successfully uploaded results to PostgREST');
  }

  private async post(base: string, prefix: string, insert: ResultInsert, headers: Record<string, string>): Promise<void> {
    const table = prefix + insert.table;
    const url = `${base}/${encodeURIComponent(table)}`;
    let status: number;
    let text: string;
    try {
      const res = await request(url, { method: 'POST', headers, body: JSON.stringify(insert.body), headersTimeout: REQUEST_TIMEOUT_MS, bodyTimeout: REQUEST_TIMEOUT_MS });
      status = res.statusCode;
      text = await res.body.text();
    } catch (err) {
      throw new Error(`Unable to insert into ${table} table (${describeHttpError(err, new URL(url).origin)})`);
    }
    if (status >= 200 && status < 300) return;
    if (status === 409 && insert.acceptExisting) return;
    throw new Error(`Unable to insert into ${table} table (Unexpected HTTP response ${status}${postgrestMessage(text)})`);
  }
}

/** The `message` of a PostgREST error body, or the start of any other body. */
function postgrestMessage(text: string): string {
  let message = text;
  try {
    const body = JSON.parse(text) as { message?: unknown; details?: unknown };
    if (typeof body.message === 'string') message = body.details ? `${body.message} (${String(body.details)})` : body.message;
  } catch {
    // Not JSON: the body as it is.
  }
  message = message.replace(/\s+/g, ' ').trim();
  if (message.length > 200) message = `${message.slice(0, 200)}…`;
  return message ? `: ${message}` : '';
}
