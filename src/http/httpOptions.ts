import type { OptionSpec } from '../core/Options.js';

/** Options every HTTP-speaking class accepts. */
export const HTTP_CLIENT_OPTIONS: OptionSpec = {
  timeout: {
    type: 'time',
    description: 'Give up on a request that has not completed this long after it started (seconds or `500ms`, `2s`); it then fails with a timeout error. Default: no overall limit (undici waits up to 300 s for headers and between body chunks)',
  },
  tls: {
    type: 'object',
    description: 'For https:// URLs: `ca` (a PEM file with a CA to trust besides the system ones, relative to this config file) and `insecure: yes` (skip certificate verification). Each key defaults to `config.tls`',
    example: { ca: 'certs/cluster-ca.pem', insecure: false },
  },
};
