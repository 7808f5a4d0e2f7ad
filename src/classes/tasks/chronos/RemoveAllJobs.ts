import { Task } from '../Task.js';
import type { OptionSpec } from '../../../core/Options.js';
import { isPlainObject } from '../../../core/config/ConfigLoader.js';
import type { HttpClient } from '../../../http/HttpClient.js';
import { createHttpClient } from '../../../http/createHttpClient.js';
import { Waits } from '../../../http/Waits.js';
import { marathonUrl } from '../../../marathon/marathonUrl.js';
import { MARATHON_API_OPTIONS } from '../../../marathon/marathonOptions.js';
import { requestJson } from '../../../marathon/requestJson.js';

/** Attempts per job, the first included, and the pause between them (as the original). */
const DELETE_TRIES = 4;
const RETRY_SECONDS = 0.5;
/** How long the removed jobs may stay listed; the original slept this long unconditionally. */
const SETTLE_SECONDS = 10;

const seconds = (s: number): bigint => BigInt(Math.round(s * 1e9));

/**
 * Removes every Chronos job, retrying each deletion, then waits until Chronos no longer lists
 * them (at most 10 s, the time the original always slept).
 */
export class RemoveAllJobs extends Task {
  static readonly className = 'tasks.chronos.RemoveAllJobs';
  static readonly description = 'Removes all scheduled jobs from Chronos and waits until they are gone.';
  static readonly publishes = [] as const;
  static readonly options: OptionSpec = {
    ...MARATHON_API_OPTIONS,
    url: { type: 'string', required: true, description: 'The base URL of Chronos (macros allowed)', example: '{{chronos_url}}' },
  };

  private current: { client: HttpClient; waits: Waits } | null = null;

  override async init(): Promise<void> {
    // A bad `timeout` or `tls` is a configuration error before the test starts.
    createHttpClient(this.ctx, this, this.render(), true).close();
  }

  async run(): Promise<void> {
    const cfg = this.render();
    // A client per run: close() stops this run, and must not break the next one.
    const client = createHttpClient(this.ctx, this, cfg, true);
    const waits = new Waits();
    const state = { client, waits };
    this.current = state;
    try {
      const base = String(cfg.url);
      const headers = client.headers(cfg.headers);
      const names = await this.jobNames(client, base, headers);
      if (names === null) return;
      if (names.length === 0) {
        this.logger.info('No Chronos job to remove');
        return;
      }
      this.logger.info(`Removing ${names.length} Chronos job(s)`);
      for (const name of names) if (!waits.isCancelled) await this.remove(client, base, name, headers, waits);
      const deadline = process.hrtime.bigint() + seconds(SETTLE_SECONDS);
      while (!waits.isCancelled) {
        const left = await this.jobNames(client, base, headers);
        if (left === null) return;
        const listed = left.filter((n) => names.includes(n));
        if (listed.length === 0) return;
        if (process.hrtime.bigint() >= deadline) {
          this.logger.warn(`Chronos still lists ${listed.length} removed job(s): ${listed.join(', ')}`);
          return;
        }
        await waits.until(process.hrtime.bigint() + seconds(RETRY_SECONDS));
      }
    } finally {
      client.close();
      if (this.current === state) this.current = null;
    }
  }

  /** The job names; null (logged) when Chronos cannot be reached or the task was stopped. */
  private async jobNames(client: HttpClient, base: string, headers: Record<string, string>): Promise<string[] | null> {
    const url = marathonUrl(base, '/scheduler/jobs');
    const res = await requestJson(client, 'GET', url, headers);
    if (res.aborted) return null;
    if (res.error !== null) {
      this.logger.warn(`Chronos is not reachable at ${url} (${res.error}): skipped`);
      return null;
    }
    if (res.statusCode !== 200 || !Array.isArray(res.json)) throw new Error(`Unable to enumerate Chronos jobs (HTTP ${res.statusCode} from ${url})`);
    return res.json.filter((job) => isPlainObject(job) && typeof job.name === 'string').map((job) => String((job as { name: string }).name));
  }

  private async remove(client: HttpClient, base: string, name: string, headers: Record<string, string>, waits: Waits): Promise<void> {
    const url = marathonUrl(base, `/scheduler/job/${encodeURIComponent(name)}`);
    let reason = '';
    for (let attempt = 1; attempt <= DELETE_TRIES && !waits.isCancelled; attempt++) {
      if (attempt > 1) await waits.until(process.hrtime.bigint() + seconds(RETRY_SECONDS));
      const res = await requestJson(client, 'DELETE', url, headers);
      if (res.aborted) return;
      if (res.error === null && res.statusCode >= 200 && res.statusCode < 300) return;
      reason = res.error ?? `HTTP ${res.statusCode}: ${res.text}`;
    }
    this.logger.warn(`Unable to remove Chronos job ${name} (${reason})`);
  }

  override async close(): Promise<void> {
    this.current?.waits.cancel();
    this.current?.client.close();
  }
}
