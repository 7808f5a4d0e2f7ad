import { Task } from '../Task.js';
import type { HttpClient } from '../../../http/HttpClient.js';
import { createHttpClient } from '../../../http/createHttpClient.js';
import { dcosLogin } from '../../../http/dcosLogin.js';
import { clusterUrlOf } from '../../../http/clusterUrlOf.js';
import { AUTH_TOKEN_DEFINITION } from '../../../http/withAuthHeader.js';
import type { ConfigObject } from '../../../core/config/ConfigLoader.js';

/** A login to a DC/OS cluster that stores the token as the `dcos_auth_token` definition. */
export abstract class DcosLoginTask extends Task {
  private client!: HttpClient;

  /** The login body for the rendered config, and what to log once logged in. */
  protected abstract credentials(cfg: ConfigObject): { body: Record<string, string>; success: string };

  override async init(): Promise<void> {
    const cfg = this.render();
    if (clusterUrlOf(cfg, this.ctx.definitions) === null) throw this.configError('Missing `cluster_url`: give the option or the `cluster_url` definition', 'cluster_url');
    this.client = createHttpClient(this.ctx, this, cfg, false);
  }

  async run(): Promise<void> {
    const cfg = this.render();
    const { body, success } = this.credentials(cfg);
    const token = await dcosLogin(this.client, clusterUrlOf(cfg, this.ctx.definitions) ?? '', body);
    this.ctx.definitions.set(AUTH_TOKEN_DEFINITION, token);
    this.logger.info(success);
  }

  override async close(): Promise<void> {
    this.client.close();
  }
}
