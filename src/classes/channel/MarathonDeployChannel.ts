import { TRIGGER_OPTIONS } from './Channel.js';
import { MarathonBulkChannel } from './MarathonBulkChannel.js';
import { discoverMacros } from '../../core/Macros.js';
import type { OptionSpec } from '../../core/Options.js';
import { parseTimeExpr } from '../../core/parseTimeExpr.js';
import { isPlainObject, type ConfigObject } from '../../core/config/ConfigLoader.js';
import type { Parameters } from '../../core/ParameterBatch.js';
import { BulkRequestEngine, DEFAULT_POOL, type BulkRequest } from '../../marathon/BulkRequestEngine.js';
import type { BulkPacing } from '../../marathon/BulkPacing.js';
import { DeploymentRequestReporter } from '../../marathon/DeploymentRequestReporter.js';
import type { DeploymentTarget } from '../../marathon/DeploymentTarget.js';
import type { RetryPolicy } from '../../marathon/RetryPolicy.js';
import { canonicalId } from '../../marathon/canonicalId.js';
import { MARATHON_API_OPTIONS } from '../../marathon/marathonOptions.js';
import { marathonUrl } from '../../marathon/marathonUrl.js';
import { readBulkPacing } from '../../marathon/readBulkPacing.js';
import { readRetry } from '../../marathon/readRetry.js';
import { LoadMetricsSource } from '../../loadmetrics/LoadMetricsSource.js';
import { LOAD_METRICS_OPTION } from '../../loadmetrics/loadMetricsOption.js';
import { withJsonType } from '../../marathon/withJsonType.js';

const ITEM_KEYS = ['type', 'spec', 'repeat', 'parallel', 'burst', 'rate', 'delay'];
const PACING_KEYS = ['parallel', 'burst', 'rate'];
const PATHS: Record<string, string> = { app: '/v2/apps', pod: '/v2/pods', group: '/v2/groups' };

/** What one `deploy` item does for one parameter update. */
interface ItemPlan {
  type: string;
  repeat: number;
  pacing: BulkPacing;
  /** Seconds before the first request. */
  delay: number;
}

const absent = (v: unknown): boolean => v === undefined || v === null || v === '';

/** Each scalar of a deploy item read from its rendered value; throws a message naming the key. */
const ITEM_READERS = {
  type(v: unknown): string {
    const type = absent(v) ? 'app' : String(v);
    if (!(type in PATHS)) throw new Error(`Unknown deployment type ${JSON.stringify(v)} (expected app, pod or group)`);
    return type;
  },
  repeat(v: unknown): number {
    const n = absent(v) ? 1 : Number(v);
    if (!Number.isInteger(n) || n < 0 || typeof v === 'boolean') throw new Error(`\`repeat\` must be a whole number of deployments, got ${JSON.stringify(v)}`);
    return n;
  },
  delay(v: unknown): number {
    if (absent(v) || v === 0 || v === '0') return 0;
    const seconds = parseTimeExpr(v);
    if (seconds === null || seconds < 0) throw new Error(`\`delay\` must be a time such as 10s or 500ms, got ${JSON.stringify(v)}`);
    return seconds;
  },
};

function readItem(item: ConfigObject): ItemPlan {
  return { type: ITEM_READERS.type(item.type), repeat: ITEM_READERS.repeat(item.repeat), pacing: readBulkPacing(item), delay: ITEM_READERS.delay(item.delay) };
}

/**
 * Deploys apps, pods or groups on Marathon when a parameter changes: each `deploy` item POSTs
 * its rendered `spec` `repeat` times (`{{_i}}` counts them), `parallel` or `burst` at a time,
 * at most `rate` per second, retrying failed requests. Every attempt publishes
 * MarathonDeploymentRequestedEvent, then MarathonDeploymentStartedEvent or
 * MarathonDeploymentRequestFailedEvent, traced to the parameter update.
 */
export class MarathonDeployChannel extends MarathonBulkChannel {
  static readonly className = 'channel.MarathonDeployChannel';
  static readonly description = 'Performs one or more deployments (apps, pods or groups) on Marathon when a parameter changes, with repeat, concurrency, rate and retries.';
  static readonly publishes = ['MarathonDeploymentRequestedEvent', 'MarathonDeploymentStartedEvent', 'MarathonDeploymentRequestFailedEvent', 'LoadStepSummaryEvent', 'LoadThresholdSummaryEvent'] as const;
  static readonly options: OptionSpec = {
    ...MARATHON_API_OPTIONS,
    retry: {
      type: ['boolean', 'object', 'string'],
      default: true,
      description: 'Retry failed deployment requests: `yes` (10 tries, 1s apart), `no` (one try), or `{tries, interval}` (defaults 10 and 1s); a retry starts `interval` after the previous attempt started',
    },
    deploy: {
      type: 'array',
      required: true,
      description:
        'The deployments to perform on every parameter change, each run at the same time: `type` (app, pod or group; default app), `spec` (the JSON definition with macros; `{{_i}}` is the index of the deployment), `repeat` (how many deployments, default 1), `parallel` (requests in flight, refilled as they complete) or `burst` (requests sent together, the next burst after all completed; default: 2 in flight), `rate` (requests started per second at most), `delay` (wait before the first request)',
    },
    ...LOAD_METRICS_OPTION,
    ...TRIGGER_OPTIONS,
  };

  private retry!: RetryPolicy;
  private loadMetrics: LoadMetricsSource | null = null;

  override async init(): Promise<void> {
    const cfg = this.render();
    try {
      this.retry = readRetry(cfg.retry);
    } catch (err) {
      throw this.configError(err instanceof Error ? err.message : String(err), 'retry');
    }
    this.loadMetrics = LoadMetricsSource.create(this.ctx, this, cfg.loadMetrics);
    await this.initBulk({
      option: 'deploy',
      keys: ITEM_KEYS,
      what: 'deployment',
      listHint: '`type`, `spec`, ...',
      shape: '`type` and `spec`',
      readers: ITEM_READERS,
      extra: (raw, rendered) => {
        if (typeof raw.spec !== 'string' || raw.spec.trim() === '') throw new Error('`spec` must be the JSON definition of the app, pod or group (use `spec: |` for a block)');
        if (PACING_KEYS.every((k) => discoverMacros(raw[k]).size === 0)) readBulkPacing(rendered);
      },
    });
  }

  protected async runItem(index: number, raw: ConfigObject, parameters: Parameters, traceids: number[]): Promise<void> {
    const { spec, ...rest } = raw;
    let plan: ItemPlan;
    try {
      plan = readItem(this.render(parameters, rest));
    } catch (err) {
      this.logger.error(`Not deploying deploy[${index}]: ${err instanceof Error ? err.message : String(err)}`);
      return;
    }
    const cfg = this.render(parameters, { url: this.config.url, headers: this.config.headers });
    const url = marathonUrl(String(cfg.url), PATHS[plan.type]!);
    const headers = withJsonType(this.client.headers(cfg.headers));
    const requests: Array<{ item: DeploymentTarget; request: BulkRequest }> = [];
    for (let i = 0; i < plan.repeat; i++) {
      const text = String(this.render({ ...parameters, _i: i }, { spec }).spec);
      const id = this.specId(index, text);
      // As in the original, a bad spec stops the enqueuing; what was enqueued is still sent.
      if (id === null) break;
      const instance = canonicalId(id);
      requests.push({ item: { instance, label: `${plan.type} "${instance}"`, traceids: [] }, request: { url, verb: 'POST', headers, body: text } });
    }
    if (requests.length === 0) return;
    const engine = new BulkRequestEngine(this.client, plan.pacing, this.retry, new DeploymentRequestReporter(this.ctx.bus, this.logger, traceids));
    await this.runEngine(engine, async () => {
      try {
        if (plan.delay > 0) {
          this.logger.info(`Waiting ${plan.delay} sec before placing the first request`);
          await engine.sleep(plan.delay);
        }
        if (engine.aborted) return;
        const what = `${requests.length} ${plan.type}${requests.length === 1 ? '' : 's'}`;
        this.logger.info(`Deploying ${what} to ${url}`);
        const concurrency = plan.pacing.burst ?? plan.pacing.parallel ?? DEFAULT_POOL;
        // With retries the number of attempts is not known ahead; the step then ends with the batch.
        const operations = this.retry.tries <= 1 ? requests.length : undefined;
        engine.load = this.loadMetrics?.openStep({ traceids, parameters, opType: 'CREATE', concurrency, operations }) ?? null;
        const outcome = await engine.run(requests);
        if (!engine.aborted) this.logger.info(this.outcomeText('Deployed', outcome, what));
      } finally {
        engine.load?.finish();
      }
    });
  }

  /** The `id` of a rendered spec; null (logged) when the spec is not JSON or has none. */
  private specId(index: number, text: string): string | null {
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch (err) {
      this.logger.error(`The spec of deploy[${index}] is not valid JSON (${err instanceof Error ? err.message : String(err)}): ${text}`);
      return null;
    }
    const id = isPlainObject(body) ? body.id : undefined;
    if (typeof id === 'string' && id.trim() !== '') return id;
    this.logger.error('Deployment body is expected to have an "id" field');
    return null;
  }

  override async close(): Promise<void> {
    await super.close();
    await this.loadMetrics?.close();
  }
}
