import type { OptionSpec } from '../core/Options.js';
import { HTTP_CLIENT_OPTIONS } from '../http/httpOptions.js';

/** The options of every class that talks to Marathon's REST API at a base URL. */
export const MARATHON_API_OPTIONS: OptionSpec = {
  url: { type: 'string', required: true, description: 'The base URL of Marathon (macros allowed)', example: '{{marathon_url}}' },
  headers: {
    type: 'object',
    description: 'Additional headers to send with every request. `Authorization: token=<dcos_auth_token>` is added when that definition exists (unless given here)',
  },
  ...HTTP_CLIENT_OPTIONS,
};
