import type { DataDogSeries } from './DataDogSeries.js';
import { describeHttpError } from '../http/describeHttpError.js';

interface DataDogSdk {
  MetricsApi: typeof import('@datadog/datadog-api-client/dist/packages/datadog-api-client-v1/apis/MetricsApi.js').MetricsApi;
  client: typeof import('@datadog/datadog-api-client/dist/packages/datadog-api-client-common/index.js');
}

export interface DataDogClientOptions {
  apiKey: string;
  appKey?: string;
  /** A DataDog site such as `datadoghq.eu`; used when no endpoint is given. */
  site: string;
  /** A full base URL that replaces `https://api.<site>` (a proxy, a test recorder). */
  endpoint?: string;
}

const REQUEST_TIMEOUT_MS = 30_000;

/**
 * Submits series with the official DataDog client (v1 `/api/v1/series`, the endpoint the original
 * used). The SDK is loaded on the first submission, so configs without DataDog never load it.
 */
export class DataDogClient {
  private sdk: Promise<DataDogSdk> | null = null;

  constructor(private readonly opts: DataDogClientOptions) {}

  /** Where series go, for messages. */
  get target(): string {
    return this.opts.endpoint ?? `https://api.${this.opts.site}`;
  }

  async submit(series: DataDogSeries[]): Promise<void> {
    const dd = await (this.sdk ??= loadSdk());
    const configuration = dd.client.createConfiguration({
      authMethods: { apiKeyAuth: this.opts.apiKey, ...(this.opts.appKey ? { appKeyAuth: this.opts.appKey } : {}) },
      // A fresh signal per submission: a hung intake must not hold the flushes behind it.
      httpConfig: { signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) },
      ...(this.opts.endpoint ? { baseServer: new dd.client.BaseServerConfiguration(this.opts.endpoint.replace(/\/+$/, ''), {}) } : {}),
    });
    if (!this.opts.endpoint) configuration.setServerVariables({ site: this.opts.site });
    try {
      await new dd.MetricsApi(configuration).submitMetrics({ body: { series } });
    } catch (err) {
      throw new Error(describeDataDogError(err, this.target));
    }
  }
}

/**
 * The metrics API, the client configuration and the SDK's logger only: the package entry loads
 * every API of v1 and v2 and is several times slower. The package has no exports map, so Node
 * resolves these paths; the lock file pins the layout.
 */
async function loadSdk(): Promise<DataDogSdk> {
  const [api, client, log] = await Promise.all([
    import('@datadog/datadog-api-client/dist/packages/datadog-api-client-v1/apis/MetricsApi.js'),
    import('@datadog/datadog-api-client/dist/packages/datadog-api-client-common/index.js'),
    import('@datadog/datadog-api-client/dist/logger.js'),
  ]);
  // The SDK logs failed requests to the console itself; the reporters log them in one line.
  log.logger.setLevel('silent');
  return { MetricsApi: api.MetricsApi, client };
}

function describeDataDogError(err: unknown, target: string): string {
  const status = (err as { code?: unknown }).code;
  if (typeof status === 'number') {
    const detail = errorDetail((err as { body?: unknown }).body);
    return `DataDog at ${target} answered HTTP ${status}${detail ? `: ${detail}` : ''}`;
  }
  if (err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError')) return `DataDog at ${target} did not answer within ${REQUEST_TIMEOUT_MS / 1000}s`;
  return describeHttpError(err, target);
}

/**
 * DataDog's `{"errors": [...]}`, from the SDK's parsed body or, for the statuses its spec does
 * not list (5xx), from the text it wraps as `Unknown API Status Code!\nBody: "<text>"`.
 */
function errorDetail(body: unknown): string {
  let value = body;
  if (typeof value === 'string') {
    const text = /Body: "([\s\S]*)"$/.exec(value)?.[1] ?? value;
    try {
      value = JSON.parse(text);
    } catch {
      return text.replace(/\s+/g, ' ').trim().slice(0, 200);
    }
  }
  const errors = value !== null && typeof value === 'object' ? (value as { errors?: unknown }).errors : undefined;
  return Array.isArray(errors) ? errors.map(String).join('; ') : '';
}
