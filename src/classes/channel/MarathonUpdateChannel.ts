import { TRIGGER_OPTIONS } from './Channel.js';
import { MarathonBulkChannel } from './MarathonBulkChannel.js';
import { toBoolean, type OptionSpec } from '../../core/Options.js';
import { isPlainObject, type ConfigObject } from '../../core/config/ConfigLoader.js';
import type { Parameters } from '../../core/ParameterBatch.js';
import { BulkRequestEngine, type BulkRequest } from '../../marathon/BulkRequestEngine.js';
import { DeploymentRequestReporter } from '../../marathon/DeploymentRequestReporter.js';
import type { DeploymentTarget } from '../../marathon/DeploymentTarget.js';
import { canonicalId } from '../../marathon/canonicalId.js';
import { MARATHON_API_OPTIONS } from '../../marathon/marathonOptions.js';
import { marathonUrl } from '../../marathon/marathonUrl.js';
import { requestJson } from '../../marathon/requestJson.js';
import { withJsonType } from '../../marathon/withJsonType.js';

const UPDATE_KEYS = ['action', 'patch', 'filter', 'limit', 'shuffle'];

/** Fields of a GET /v2/apps answer that are not part of a definition to send back. */
const NOT_SENT_BACK = ['version', 'fetch', 'versionInfo', 'tasksStaged', 'tasksRunning', 'tasksHealthy', 'tasksUnhealthy', 'deployments', 'tasks', 'readinessCheckResults', 'lastTaskFailure', 'taskStats'];

/** One `patch_app` action, rendered for a parameter update. */
interface PatchPlan {
  patch: ConfigObject;
  /** Ids must match it at their start (Python's re.match, as in the original). */
  filter: RegExp | null;
  limit: number | null;
  shuffle: boolean;
}

const absent = (v: unknown): boolean => v === undefined || v === null || v === '';

/** Each key of an update action read from its rendered value; throws a message naming the fault. */
const UPDATE_READERS = {
  action(v: unknown): string {
    if (absent(v)) throw new Error('Missing `action` (expected patch_app)');
    if (v !== 'patch_app') throw new Error(`Unknown update action ${JSON.stringify(v)} (expected patch_app)`);
    return v;
  },
  patch(v: unknown): ConfigObject {
    if (isPlainObject(v)) return v;
    if (typeof v === 'string') {
      try {
        const parsed: unknown = JSON.parse(v);
        if (isPlainObject(parsed)) return parsed;
      } catch {
        // Reported below with the original's message.
      }
    }
    throw new Error('Unable to parse the `patch` property: expected a mapping or a JSON object');
  },
  filter(v: unknown): RegExp | null {
    if (absent(v)) return null;
    try {
      return new RegExp(`^(?:${String(v)})`);
    } catch (err) {
      throw new Error(`\`filter\` is not a valid regular expression: ${err instanceof Error ? err.message : String(err)}`);
    }
  },
  limit(v: unknown): number | null {
    if (absent(v)) return null;
    const n = Number(v);
    if (!Number.isInteger(n) || n < 0 || typeof v === 'boolean') throw new Error(`\`limit\` must be a whole number of apps, got ${JSON.stringify(v)}`);
    return n;
  },
  shuffle(v: unknown): boolean {
    return absent(v) ? true : toBoolean(v);
  },
};

function readPlan(item: ConfigObject): PatchPlan {
  UPDATE_READERS.action(item.action);
  return {
    patch: UPDATE_READERS.patch(item.patch),
    filter: UPDATE_READERS.filter(item.filter),
    limit: UPDATE_READERS.limit(item.limit),
    shuffle: UPDATE_READERS.shuffle(item.shuffle),
  };
}

/** Fisher-Yates, in place. */
function shuffle<T>(list: T[]): T[] {
  for (let i = list.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [list[i], list[j]] = [list[j]!, list[i]!];
  }
  return list;
}

/**
 * Updates existing Marathon apps when a parameter changes: each `patch_app` action lists the
 * apps, keeps those whose id matches `filter`, shuffles them, takes `limit` of them, and PUTs
 * each definition with `patch` applied. Publishes the same deployment events as
 * MarathonDeployChannel.
 */
export class MarathonUpdateChannel extends MarathonBulkChannel {
  static readonly className = 'channel.MarathonUpdateChannel';
  static readonly description = 'Performs updates on existing Marathon apps (patching properties of all or some of them) when a parameter changes.';
  static readonly publishes = ['MarathonDeploymentRequestedEvent', 'MarathonDeploymentStartedEvent', 'MarathonDeploymentRequestFailedEvent'] as const;
  static readonly options: OptionSpec = {
    ...MARATHON_API_OPTIONS,
    update: {
      type: 'array',
      description:
        'The updates to perform on every parameter change (required): `action: patch_app` with `patch` (the properties to set, a mapping or a JSON object text), `filter` (a regular expression the app ids must match at their start; default all apps), `limit` (update at most this many apps), `shuffle` (pick the apps in random order; default yes)',
    },
    deploy: {
      type: 'any',
      description: 'Not an option of this class, but accepted so that the manual\'s recipes that use it get a clear error: deployments are made by channel.MarathonDeployChannel',
    },
    ...TRIGGER_OPTIONS,
  };

  override async init(): Promise<void> {
    if (this.config.deploy !== undefined) {
      throw this.configError('`deploy` is not an option of channel.MarathonUpdateChannel (did you mean `class: channel.MarathonDeployChannel`?)', 'deploy');
    }
    if (this.config.update === undefined || this.config.update === null) throw this.configError('Missing required option `update` for channel.MarathonUpdateChannel');
    await this.initBulk({
      option: 'update',
      keys: UPDATE_KEYS,
      what: 'action',
      listHint: '`action: patch_app`, `patch`, ...',
      shape: '`action` and `patch`',
      readers: UPDATE_READERS,
      extra: (raw) => {
        if (absent(raw.patch)) throw new Error('`patch` is required: the properties to set on every selected app');
      },
    });
  }

  protected async runItem(index: number, raw: ConfigObject, parameters: Parameters, traceids: number[]): Promise<void> {
    let plan: PatchPlan;
    try {
      plan = readPlan(this.render(parameters, raw));
    } catch (err) {
      this.logger.error(`Not updating with update[${index}]: ${err instanceof Error ? err.message : String(err)}`);
      return;
    }
    const cfg = this.render(parameters, { url: this.config.url, headers: this.config.headers });
    const base = String(cfg.url);
    const headers = this.client.headers(cfg.headers);
    const res = await requestJson(this.client, 'GET', marathonUrl(base, '/v2/apps'), headers);
    if (res.aborted || this.closed) return;
    const apps: unknown = isPlainObject(res.json) ? res.json.apps : undefined;
    if (res.error !== null || res.statusCode < 200 || res.statusCode >= 300 || !Array.isArray(apps)) {
      this.logger.error(`Unable to query marathon apps (${res.error ?? `HTTP response ${res.statusCode}`})`);
      return;
    }
    let selected = apps.filter((app): app is ConfigObject => isPlainObject(app) && typeof app.id === 'string' && (plan.filter === null || plan.filter.test(app.id)));
    if (plan.shuffle) selected = shuffle(selected);
    if (plan.limit !== null) selected = selected.slice(0, plan.limit);
    const requests: Array<{ item: DeploymentTarget; request: BulkRequest }> = selected.map((app) => {
      const instance = canonicalId(String(app.id));
      const body: ConfigObject = { ...app, ...plan.patch };
      for (const key of NOT_SENT_BACK) if (!(key in plan.patch)) delete body[key];
      return {
        item: { instance, label: `app "${instance}"`, traceids: [] },
        request: { url: marathonUrl(base, `/v2/apps${instance}`), verb: 'PUT', headers: withJsonType(headers), body: JSON.stringify(body) },
      };
    });
    if (requests.length === 0) {
      this.logger.warn(`No app matched update[${index}]: nothing to update`);
      return;
    }
    const engine = new BulkRequestEngine(this.client, { parallel: null, burst: null, rate: null }, { tries: 1, interval: 0 }, new DeploymentRequestReporter(this.ctx.bus, this.logger, traceids));
    await this.runEngine(engine, async () => {
      const what = `${requests.length} app${requests.length === 1 ? '' : 's'}`;
      this.logger.info(`Updating ${what} on ${base}`);
      const outcome = await engine.run(requests);
      if (!engine.aborted) this.logger.info(this.outcomeText('Updated', outcome, what));
    });
  }
}
