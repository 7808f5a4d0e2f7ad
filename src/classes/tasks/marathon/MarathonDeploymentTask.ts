import { Task } from '../Task.js';
import { isPlainObject, type ConfigObject } from '../../../core/config/ConfigLoader.js';
import type { HttpClient } from '../../../http/HttpClient.js';
import { createHttpClient } from '../../../http/createHttpClient.js';
import { Waits } from '../../../http/Waits.js';
import { deploymentIdOf } from '../../../marathon/deploymentIdOf.js';
import { MarathonUnreachable } from '../../../marathon/MarathonUnreachable.js';
import { marathonUrl } from '../../../marathon/marathonUrl.js';
import { requestJson, type JsonResponse } from '../../../marathon/requestJson.js';

/** How often the deployments a task caused are checked. */
const POLL_SECONDS = 1;

interface RunState {
  client: HttpClient;
  waits: Waits;
}

/**
 * A task that changes Marathon and then waits until the deployments it caused are finished,
 * so that the next task or test case starts from a settled Marathon. The wait polls
 * /v2/deployments every second; it ends early (with a warning) when Marathon answers with an
 * error, and when the task is stopped (the session interrupted).
 */
export abstract class MarathonDeploymentTask extends Task {
  private current: RunState | null = null;

  override async init(): Promise<void> {
    // A bad `timeout` or `tls` is a configuration error before the test starts.
    createHttpClient(this.ctx, this, this.render(), true).close();
  }

  /** Makes the change; returns the ids of the deployments it started. */
  protected abstract change(base: string, headers: Record<string, string>, cfg: ConfigObject): Promise<string[]>;

  async run(): Promise<void> {
    const cfg = this.render();
    // A client per run: close() stops this run, and must not break the next one.
    const state: RunState = { client: createHttpClient(this.ctx, this, cfg, true), waits: new Waits() };
    this.current = state;
    try {
      const base = String(cfg.url);
      const headers = state.client.headers(cfg.headers);
      const deployments = await this.change(base, headers, cfg);
      if (deployments.length > 0 && !this.stopped) await this.waitFor(new Set(deployments), base, headers, state.waits);
    } catch (err) {
      if (!(err instanceof MarathonUnreachable)) throw err;
      // At teardown Marathon is often gone already (a simulator launched by the test stops first).
      this.logger.warn(`${err.message}: skipped`);
    } finally {
      state.client.close();
      if (this.current === state) this.current = null;
    }
  }

  /** Whether close() stopped the running change. */
  protected get stopped(): boolean {
    return this.current === null || this.current.waits.isCancelled;
  }

  private get client(): HttpClient {
    if (!this.current) throw new Error(`${this.path} is not running`);
    return this.current.client;
  }

  /** A request whose failure to get any answer means Marathon is unreachable. */
  protected async request(verb: string, url: string, headers: Record<string, string>): Promise<JsonResponse> {
    const res = await requestJson(this.client, verb, url, headers);
    if (res.error !== null && !res.aborted) throw new MarathonUnreachable(`Marathon is not reachable at ${url} (${res.error})`);
    return res;
  }

  /**
   * DELETE with `?force=true` (a running deployment must not block a cleanup); returns the id
   * of the deployment Marathon started, or null (logged) when it did not remove anything.
   */
  protected async forceDelete(base: string, path: string, what: string, headers: Record<string, string>): Promise<string | null> {
    const res = await this.request('DELETE', marathonUrl(base, `${path}?force=true`), headers);
    if (res.aborted) return null;
    if (res.statusCode === 404) {
      this.logger.info(`${what} does not exist: nothing to remove`);
      return null;
    }
    if (res.statusCode < 200 || res.statusCode >= 300) {
      this.logger.warn(`Unable to remove ${what} (HTTP ${res.statusCode}: ${res.text})`);
      return null;
    }
    const id = deploymentIdOf(res.headers, res.json);
    if (id === null) this.logger.warn(`Marathon did not say which deployment removes ${what}: not waiting for it`);
    return id;
  }

  private async waitFor(ids: Set<string>, base: string, headers: Record<string, string>, waits: Waits): Promise<void> {
    this.logger.info(`Waiting for ${ids.size} deployment(s) to complete`);
    const stopped = (): void => this.logger.warn('Stopped waiting for the deployments: the task was stopped');
    for (;;) {
      const res = await this.request('GET', marathonUrl(base, '/v2/deployments'), headers);
      // Stopped while a poll was in flight: said as when stopped between two polls.
      if (res.aborted) {
        stopped();
        return;
      }
      if (res.statusCode < 200 || res.statusCode >= 300 || !Array.isArray(res.json)) {
        this.logger.warn(`Stopped waiting for the deployments: /v2/deployments answered HTTP ${res.statusCode}`);
        return;
      }
      const running = res.json.filter((d) => isPlainObject(d) && typeof d.id === 'string' && ids.has(d.id)).length;
      if (running === 0) {
        this.logger.info('All deployments completed');
        return;
      }
      this.logger.debug(`${running} deployment(s) still running`);
      await waits.until(process.hrtime.bigint() + BigInt(POLL_SECONDS * 1e9));
      if (waits.isCancelled) {
        stopped();
        return;
      }
    }
  }

  override async close(): Promise<void> {
    this.current?.waits.cancel();
    this.current?.client.close();
  }
}
