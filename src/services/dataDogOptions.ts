import type { OptionSpec } from '../core/Options.js';
import { SECRET_TYPES } from './secretTypes.js';

/** The options both DataDog reporters take. */
export const DATADOG_OPTIONS: OptionSpec = {
  api_key: { type: SECRET_TYPES, description: 'The DataDog API key (default: DD_API_KEY; never logged)' },
  app_key: { type: SECRET_TYPES, description: 'The DataDog application key (default: DD_APP_KEY; never logged; submitting needs only the API key)' },
  hostname: { type: 'string', description: 'The host name the series are reported for (default: this machine\'s name)' },
  prefix: { type: 'string', default: 'dcos.perf.', description: 'The prefix of the metric names' },
  site: { type: 'string', description: 'The DataDog site, e.g. `datadoghq.eu` (default: DD_SITE, else datadoghq.com)' },
  endpoint: { type: 'string', description: 'A base URL that replaces `https://api.<site>`, e.g. a proxy', example: 'http://127.0.0.1:8126' },
};
