import { ApiError } from './ApiError.js';
import type { Exchange, Reply } from './Exchange.js';
import { deploymentResult } from './replies.js';
import type { ResourceContext } from './ResourceContext.js';

const METRIC = 'mesosphere.marathon.api.v2.DeploymentsResource';

/** Marathon's /v2/deployments: the running plans, and cancelling them. */
export class DeploymentsResource {
  constructor(private readonly ctx: ResourceContext) {}

  handle(ex: Exchange, rest: readonly string[]): Reply {
    if (rest.length === 0) {
      if (ex.method !== 'GET') throw ApiError.methodNotAllowed();
      ex.metricName = `${METRIC}.running`;
      return { status: 200, body: this.ctx.engine.active().map((d) => d.toJson()) };
    }
    if (rest.length !== 1 || ex.method !== 'DELETE') throw ApiError.methodNotAllowed();
    ex.metricName = `${METRIC}.cancel`;
    const id = rest[0] ?? '';
    if (ex.flag('force')) {
      this.ctx.engine.forceCancel(id);
      return { status: 202 };
    }
    return deploymentResult(this.ctx.engine.rollback(id));
  }
}
