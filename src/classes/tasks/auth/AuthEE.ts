import { DcosLoginTask } from './DcosLoginTask.js';
import type { OptionSpec } from '../../../core/Options.js';
import type { ConfigObject } from '../../../core/config/ConfigLoader.js';
import { HTTP_CLIENT_OPTIONS } from '../../../http/httpOptions.js';

/** Logs in to an Enterprise DC/OS cluster with a user and password and sets `dcos_auth_token`. */
export class AuthEE extends DcosLoginTask {
  static readonly className = 'tasks.auth.AuthEE';
  static readonly description = 'Authenticate against an Enterprise-Edition cluster: obtains a token and sets the `dcos_auth_token` definition.';
  static readonly publishes = [] as const;
  static readonly options: OptionSpec = {
    user: { type: 'string', required: true, description: 'The user name to authenticate as', example: 'bootstrapuser' },
    password: { type: 'string', required: true, description: 'The password of the user' },
    cluster_url: { type: 'string', description: 'The base cluster URL (default: the `cluster_url` definition)', example: 'https://cluster.dcos.io' },
    ...HTTP_CLIENT_OPTIONS,
  };

  protected credentials(cfg: ConfigObject): { body: Record<string, string>; success: string } {
    const user = String(cfg.user);
    return { body: { uid: user, password: String(cfg.password) }, success: `Authenticated as \`${user}\`` };
  }
}
