import { DcosLoginTask } from './DcosLoginTask.js';
import type { OptionSpec } from '../../../core/Options.js';
import type { ConfigObject } from '../../../core/config/ConfigLoader.js';
import { HTTP_CLIENT_OPTIONS } from '../../../http/httpOptions.js';

/** Logs in to an open-source DC/OS cluster with a user token and sets `dcos_auth_token`. */
export class AuthOpen extends DcosLoginTask {
  static readonly className = 'tasks.auth.AuthOpen';
  static readonly description = 'Authenticate against an Open-Source Edition cluster: exchanges a user token for an authentication token and sets the `dcos_auth_token` definition.';
  static readonly publishes = [] as const;
  static readonly options: OptionSpec = {
    token: { type: 'string', required: true, description: 'The user token to (re-)use' },
    cluster_url: { type: 'string', description: 'The base cluster URL (default: the `cluster_url` definition)', example: 'https://cluster.dcos.io' },
    ...HTTP_CLIENT_OPTIONS,
  };

  protected credentials(cfg: ConfigObject): { body: Record<string, string>; success: string } {
    return { body: { token: String(cfg.token) }, success: 'Authenticated' };
  }
}
