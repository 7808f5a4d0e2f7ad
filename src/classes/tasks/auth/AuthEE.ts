import { Task } from '../Task.js';
import type { OptionSpec } from '../../../core/Options.js';
import type { HttpClient } from '../../../http/HttpClient.js';
import { createHttpClient } from '../../../http/createHttpClient.js';
import { HTTP_CLIENT_OPTIONS } from '../../../http/httpOptions.js';
import { dcosLogin } from '../../../http/dcosLogin.js';
import { clusterUrlOf } from '../../../http/clusterUrlOf.js';
import { AUTH_TOKEN_DEFINITION } from '../../../http/withAuthHeader.js';

/** Logs in to an Enterprise DC/OS cluster with a user and password and sets `dcos_auth_token`. */
export class AuthEE extends Task {
  static readonly className = 'tasks.auth.AuthEE';
  static readonly description = 'Authenticate against an Enterprise-Edition cluster: obtains a token and sets the `dcos_auth_token` definition.';
  static readonly publishes = [] as const;
  static readonly options: OptionSpec = {
    user: { type: 'string', required: true, description: 'The user name to authenticate as', example: 'bootstrapuser' },
    password: { type: 'string', required: true, description: 'The password of the user' },
    cluster_url: { type: 'string', description: 'The base cluster URL (default: the `cluster_url` definition)', example: 'https://cluster.dcos.io' },
    ...HTTP_CLIENT_OPTIONS,
  };

  private client!: HttpClient;

  override async init(): Promise<void> {
    const cfg = this.render();
    if (clusterUrlOf(cfg, this.ctx.definitions) === null) throw this.configError('Missing `cluster_url`: give the option or the `cluster_url` definition', 'cluster_url');
    this.client = createHttpClient(this.ctx, this, cfg, false);
  }

  async run(): Promise<void> {
    const cfg = this.render();
    const user = String(cfg.user);
    const token = await dcosLogin(this.client, clusterUrlOf(cfg, this.ctx.definitions) ?? '', { uid: user, password: String(cfg.password) });
    this.ctx.definitions.set(AUTH_TOKEN_DEFINITION, token);
    this.logger.info(`Authenticated as \`${user}\``);
  }

  override async close(): Promise<void> {
    this.client.close();
  }
}
