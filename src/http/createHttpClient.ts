import type { DriverContext } from '../core/DriverContext.js';
import { ConfigError } from '../core/ConfigError.js';
import type { ConfigObject } from '../core/config/ConfigLoader.js';
import { HttpClient } from './HttpClient.js';
import { readTimeout } from './readTimeout.js';
import { resolveTlsSettings } from './resolveTlsSettings.js';

/**
 * The HttpClient of a component from its rendered `timeout` and `tls` options (and `config.tls`);
 * throws ConfigError pointing at the bad key.
 */
export function createHttpClient(ctx: DriverContext, component: { config: ConfigObject; path: string }, cfg: ConfigObject, injectAuth: boolean): HttpClient {
  let timeout: number | null;
  try {
    timeout = readTimeout(cfg.timeout);
  } catch (err) {
    throw new ConfigError(err instanceof Error ? err.message : String(err), ctx.sources.locate(component.config, 'timeout', `${component.path}.timeout`));
  }
  return new HttpClient({ tls: resolveTlsSettings(ctx, component, cfg.tls), timeout, definitions: ctx.definitions, injectAuth });
}
