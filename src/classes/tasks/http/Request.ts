import { STATUS_CODES } from 'node:http';
import { Task } from '../Task.js';
import type { OptionSpec } from '../../../core/Options.js';
import type { HttpClient } from '../../../http/HttpClient.js';
import { createHttpClient } from '../../../http/createHttpClient.js';
import { HTTP_CLIENT_OPTIONS } from '../../../http/httpOptions.js';
import { isSuccessStatus } from '../../../http/isSuccessStatus.js';
import { LoadMetricsSource } from '../../../loadmetrics/LoadMetricsSource.js';
import type { LoadStep } from '../../../loadmetrics/LoadStep.js';
import { LOAD_METRICS_OPTION } from '../../../loadmetrics/loadMetricsOption.js';
import { loadOperationOf } from '../../../loadmetrics/loadOperationOf.js';
import { opTypeOfVerb } from '../../../loadmetrics/OpType.js';

/**
 * Sends an HTTP request (or `repeat` of them, one after the other, `{{_i}}` being the index) as
 * a task. A failed request is logged as an error and the task goes on, as in the original.
 */
export class Request extends Task {
  static readonly className = 'tasks.http.Request';
  static readonly description = 'Perform an arbitrary HTTP request as a single-shot task.';
  static readonly publishes = ['LoadStepSummaryEvent', 'LoadThresholdSummaryEvent'] as const;
  static readonly options: OptionSpec = {
    url: { type: 'string', required: true, description: 'The URL to send the requests to (macros allowed)', example: 'http://127.0.0.1:8080/v2/apps' },
    body: { type: 'string', default: '', description: 'The request body (macros allowed; `{{_i}}` is the request index)' },
    verb: { type: 'string', default: 'GET', description: 'The HTTP verb' },
    headers: { type: 'object', description: 'The HTTP headers to send. `Authorization: token=<dcos_auth_token>` is added when that definition exists' },
    repeat: { type: 'integer', default: 1, description: 'How many times to send the request (`{{_i}}` counts from 0)' },
    ...HTTP_CLIENT_OPTIONS,
    ...LOAD_METRICS_OPTION,
  };

  private client!: HttpClient;
  private loadMetrics: LoadMetricsSource | null = null;

  override async init(): Promise<void> {
    const cfg = this.render();
    const repeat = Number(this.option(cfg, 'repeat'));
    if (!Number.isInteger(repeat) || repeat < 0) throw this.configError(`\`repeat\` must be a whole number, got ${JSON.stringify(cfg.repeat)}`, 'repeat');
    this.client = createHttpClient(this.ctx, this, cfg, true);
    this.loadMetrics = LoadMetricsSource.create(this.ctx, this, cfg.loadMetrics);
  }

  async run(): Promise<void> {
    const repeat = Number(this.option(this.render(), 'repeat'));
    let load: LoadStep | null = null;
    try {
      for (let i = 0; i < repeat; i++) {
        const cfg = this.render({ _i: i });
        const url = String(cfg.url);
        const verb = String(this.option(cfg, 'verb')).toUpperCase();
        const body = String(this.option(cfg, 'body') ?? '');
        load ??= this.openLoadStep(verb, repeat);
        const step = load;
        const res = await this.client.request({ url, verb, headers: this.client.headers(cfg.headers), body: body || null, keepBody: false }, { onStart: (at) => step?.started(at) });
        if (res.aborted) return;
        step?.ended(loadOperationOf(url, res));
        if (res.error !== null) this.logger.error(`HTTP ${verb} request to ${url} failed: ${res.error}`);
        else if (!isSuccessStatus(res.statusCode)) this.logger.error(`HTTP ${verb} request to ${url} returned HTTP ${res.statusCode} (${STATUS_CODES[res.statusCode] ?? 'unknown status'})`);
        else this.logger.debug(`HTTP ${verb} request to ${url} returned HTTP ${res.statusCode}`);
      }
    } finally {
      load?.finish();
    }
  }

  /** The load metrics step of this run, in the test case running now (if any); null when they are off. */
  private openLoadStep(verb: string, operations: number): LoadStep | null {
    if (!this.loadMetrics) return null;
    const batch = this.ctx.parameterBatch;
    const traceid = batch.previousTraceId;
    return this.loadMetrics.openStep({ traceids: traceid === null ? [] : [traceid], parameters: traceid === null ? {} : batch.parameters, label: this.at, opType: opTypeOfVerb(verb), concurrency: 1, operations });
  }

  override async close(): Promise<void> {
    this.client.close();
    await this.loadMetrics?.close();
  }
}
