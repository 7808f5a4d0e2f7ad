import { ApiError } from './ApiError.js';
import type { Exchange, Reply } from './Exchange.js';
import { PathId } from './PathId.js';
import { DEPLOYMENT_HEADER, requireObject } from './replies.js';
import type { ResourceContext } from './ResourceContext.js';
import type { JsonObject } from './types.js';

const METRIC = 'mesosphere.marathon.api.v2.PodsResource';

/** Marathon's /v2/pods: pod definitions in, pod definitions out. */
export class PodsResource {
  constructor(private readonly ctx: ResourceContext) {}

  async handle(ex: Exchange, rest: readonly string[]): Promise<Reply> {
    if (rest.length === 0) {
      switch (ex.method) {
        case 'HEAD':
          // Clients probe for pod support this way.
          ex.metricName = `${METRIC}.capability`;
          return { status: 200 };
        case 'GET':
          ex.metricName = `${METRIC}.findAll`;
          return { status: 200, body: this.ctx.state.pods().map((r) => r.definition) };
        case 'POST':
          return this.create(ex);
        default:
          throw ApiError.methodNotAllowed();
      }
    }
    const id = PathId.validated(rest.join('/'));
    switch (ex.method) {
      case 'GET': {
        ex.metricName = `${METRIC}.find`;
        const record = this.ctx.state.pod(id);
        if (!record) throw ApiError.message(404, `pod with ${id} does not exist`);
        return { status: 200, body: record.definition };
      }
      case 'PUT':
        return this.update(ex, id);
      case 'DELETE':
        return this.remove(ex, id);
      default:
        throw ApiError.methodNotAllowed();
    }
  }

  private async create(ex: Exchange): Promise<Reply> {
    ex.metricName = `${METRIC}.create`;
    const raw = requireObject(await ex.json());
    if (typeof raw.id !== 'string' || raw.id.trim() === '') throw ApiError.invalid('/id', 'error.path.missing');
    const id = PathId.validated(raw.id);
    const conflict = this.ctx.state.conflictFor('pod', id);
    if (conflict) throw ApiError.message(409, conflict);
    return this.deploy(ex, id, raw, 201, 'pod_created_event');
  }

  private async update(ex: Exchange, id: string): Promise<Reply> {
    ex.metricName = `${METRIC}.update`;
    const raw = requireObject(await ex.json());
    if (typeof raw.id === 'string' && PathId.canonical(raw.id) !== id) {
      throw ApiError.message(400, `'${id}' does not match definition's id ('${raw.id}')`);
    }
    const existing = this.ctx.state.pod(id);
    if (!existing) {
      const conflict = this.ctx.state.conflictFor('pod', id);
      if (conflict) throw ApiError.message(409, conflict);
    }
    return this.deploy(ex, id, raw, existing ? 200 : 201, 'pod_updated_event');
  }

  private deploy(ex: Exchange, id: string, raw: JsonObject, status: number, eventType: string): Reply {
    const version = this.ctx.state.nextVersion();
    const definition = this.ctx.normalizer.pod(raw, id, version);
    const deployment = this.ctx.engine.submit({
      changes: [{ kind: 'pod', id, after: definition }],
      force: ex.flag('force'),
      groupId: PathId.parent(id),
      version,
      onAccepted: () => this.announce(ex, eventType),
    });
    return { status, body: definition, headers: { Location: `/v2/pods${id}`, [DEPLOYMENT_HEADER]: deployment.id } };
  }

  private remove(ex: Exchange, id: string): Reply {
    ex.metricName = `${METRIC}.remove`;
    if (!this.ctx.state.pod(id)) throw ApiError.message(404, `Pod '${id}' does not exist`);
    const deployment = this.ctx.engine.submit({
      changes: [{ kind: 'pod', id, after: null }],
      force: ex.flag('force'),
      groupId: PathId.parent(id),
      version: this.ctx.state.nextVersion(),
      onAccepted: () => this.announce(ex, 'pod_deleted_event'),
    });
    // Marathon answers 202 with an empty body and the deployment only in headers.
    return { status: 202, headers: { Location: deployment.id, [DEPLOYMENT_HEADER]: deployment.id } };
  }

  private announce(ex: Exchange, eventType: string): void {
    this.ctx.events.publish(eventType, { clientIp: ex.clientIp, uri: ex.path });
  }
}
