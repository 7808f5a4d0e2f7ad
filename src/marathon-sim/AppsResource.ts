import { ApiError } from './ApiError.js';
import { ApiViews } from './ApiViews.js';
import type { Exchange, Reply } from './Exchange.js';
import { PathId } from './PathId.js';
import { DEPLOYMENT_HEADER, deploymentResult, requireObject } from './replies.js';
import type { ResourceContext } from './ResourceContext.js';
import type { JsonObject } from './types.js';

const METRIC = 'mesosphere.marathon.api.v2.AppsResource';

/** Marathon's /v2/apps. */
export class AppsResource {
  constructor(private readonly ctx: ResourceContext) {}

  /** `rest` is the path after /v2/apps; an empty one addresses the collection. */
  async handle(ex: Exchange, rest: readonly string[]): Promise<Reply> {
    if (rest.length === 0) {
      if (ex.method === 'GET') return this.index(ex);
      if (ex.method === 'POST') return this.create(ex);
      throw ApiError.methodNotAllowed();
    }
    const id = PathId.canonical(rest.join('/'));
    switch (ex.method) {
      case 'GET':
        return this.show(ex, id);
      case 'PUT':
      case 'PATCH':
        return this.replace(ex, id);
      case 'DELETE':
        return this.remove(ex, id);
      default:
        throw ApiError.methodNotAllowed();
    }
  }

  private index(ex: Exchange): Reply {
    ex.metricName = `${METRIC}.index`;
    const idFilter = ex.query.get('id')?.toLowerCase();
    const cmdFilter = ex.query.get('cmd');
    const embed = ApiViews.appEmbed(ex.embeds(), 'apps', false);
    const apps = this.ctx.state
      .apps()
      .filter((r) => !idFilter || r.id.toLowerCase().includes(idFilter))
      .filter((r) => !cmdFilter || String(r.definition.cmd ?? '').includes(cmdFilter))
      .map((r) => this.ctx.views.app(r, embed));
    return { status: 200, body: { apps } };
  }

  private show(ex: Exchange, id: string): Reply {
    ex.metricName = `${METRIC}.show`;
    const record = this.ctx.state.app(id);
    if (!record) throw AppsResource.unknown(id);
    return { status: 200, body: { app: this.ctx.views.app(record, ApiViews.appEmbed(ex.embeds(), 'app', true)) } };
  }

  private async create(ex: Exchange): Promise<Reply> {
    ex.metricName = `${METRIC}.create`;
    const raw = requireObject(await ex.json());
    if (typeof raw.id !== 'string' || raw.id.trim() === '') throw ApiError.invalid('/id', 'error.path.missing');
    const id = PathId.validated(raw.id);
    const conflict = this.ctx.state.conflictFor('app', id);
    if (conflict) throw ApiError.message(409, conflict);
    const version = this.ctx.state.nextVersion();
    const definition = this.ctx.normalizer.app(raw, id, version, null, false);
    const deployment = this.ctx.engine.submit({
      changes: [{ kind: 'app', id, after: definition }],
      force: ex.flag('force'),
      groupId: PathId.parent(id),
      version,
      onAccepted: () => this.announce(ex, definition),
    });
    const record = this.ctx.state.app(id);
    const body: JsonObject = record ? this.ctx.views.app(record, ApiViews.appEmbed(new Set(), 'app', true)) : definition;
    return {
      status: 201,
      body: { ...body, deployments: [{ id: deployment.id }] },
      headers: { Location: `/v2/apps${id}`, [DEPLOYMENT_HEADER]: deployment.id },
    };
  }

  /** PUT creates or updates; by default it patches (Marathon's `partialUpdate=true`). */
  private async replace(ex: Exchange, id: string): Promise<Reply> {
    ex.metricName = `${METRIC}.replace`;
    PathId.validated(id);
    const raw = requireObject(await ex.json());
    const existing = this.ctx.state.app(id);
    if (!existing) {
      const conflict = this.ctx.state.conflictFor('app', id);
      if (conflict) throw ApiError.message(409, conflict);
    }
    const version = this.ctx.state.nextVersion();
    const merge = ex.query.get('partialUpdate')?.toLowerCase() !== 'false';
    const definition = this.ctx.normalizer.app(raw, id, version, existing?.definition ?? null, merge);
    const deployment = this.ctx.engine.submit({
      changes: [{ kind: 'app', id, after: definition }],
      force: ex.flag('force'),
      groupId: PathId.parent(id),
      version,
      onAccepted: () => this.announce(ex, definition),
    });
    return deploymentResult(deployment, existing ? 200 : 201);
  }

  private remove(ex: Exchange, id: string): Reply {
    ex.metricName = `${METRIC}.delete`;
    const existing = this.ctx.state.app(id);
    if (!existing) throw AppsResource.unknown(id);
    const version = this.ctx.state.nextVersion();
    const deployment = this.ctx.engine.submit({
      changes: [{ kind: 'app', id, after: null }],
      force: ex.flag('force'),
      groupId: PathId.parent(id),
      version,
      onAccepted: () => this.announce(ex, existing.definition),
    });
    return deploymentResult(deployment);
  }

  private announce(ex: Exchange, appDefinition: JsonObject): void {
    this.ctx.events.publish('api_post_event', { clientIp: ex.clientIp, uri: ex.path, appDefinition });
  }

  static unknown(id: string): ApiError {
    return ApiError.message(404, `App '${id}' does not exist`);
  }
}
