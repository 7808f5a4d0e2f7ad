import type { DataDogClientOptions } from './DataDogClient.js';

/**
 * The DataDog connection settings of a rendered reporter config: `api_key` (else DD_API_KEY),
 * `app_key` (else DD_APP_KEY), `site` (else DD_SITE, else datadoghq.com) and `endpoint`.
 * Returns a message for what is missing or malformed.
 */
export function dataDogClientOptions(cfg: Record<string, unknown>): DataDogClientOptions | { error: string; key: string } {
  const apiKey = cfg.api_key ?? process.env.DD_API_KEY;
  if (apiKey === undefined || apiKey === null || String(apiKey) === '') return { error: 'Missing `api_key` (or the DD_API_KEY environment variable)', key: 'api_key' };
  const appKey = cfg.app_key ?? process.env.DD_APP_KEY;
  const endpoint = cfg.endpoint === undefined ? undefined : String(cfg.endpoint);
  if (endpoint !== undefined && !/^https?:\/\/[^/]/i.test(endpoint)) return { error: `\`endpoint\` must be an http(s) URL, got ${JSON.stringify(endpoint)}`, key: 'endpoint' };
  return {
    apiKey: String(apiKey),
    ...(appKey === undefined || appKey === '' ? {} : { appKey: String(appKey) }),
    site: String(cfg.site ?? process.env.DD_SITE ?? 'datadoghq.com'),
    ...(endpoint === undefined ? {} : { endpoint }),
  };
}
