import { ApiError } from './ApiError.js';
import { ApiViews } from './ApiViews.js';
import { actionJson, type Deployment } from './Deployment.js';
import { DeploymentPlanner } from './DeploymentPlanner.js';
import type { Exchange, Reply } from './Exchange.js';
import type { GroupPlan, GroupUpdater } from './GroupUpdater.js';
import { PathId } from './PathId.js';
import { deploymentResult, requireObject } from './replies.js';
import type { ResourceContext } from './ResourceContext.js';
import type { JsonObject } from './types.js';

const METRIC = 'mesosphere.marathon.api.v2.GroupsResource';

/** Marathon's /v2/groups. */
export class GroupsResource {
  constructor(
    private readonly ctx: ResourceContext,
    private readonly updater: GroupUpdater,
  ) {}

  /** `rest` is the path after /v2/groups; empty means the root group. */
  async handle(ex: Exchange, rest: readonly string[]): Promise<Reply> {
    const path = PathId.canonical(rest.join('/'));
    switch (ex.method) {
      case 'GET':
        return this.show(ex, path);
      case 'POST':
        return this.create(ex, path);
      case 'PUT':
        return this.update(ex, path);
      case 'DELETE':
        return this.remove(ex, path);
      default:
        throw ApiError.methodNotAllowed();
    }
  }

  private show(ex: Exchange, id: string): Reply {
    ex.metricName = id === PathId.ROOT ? `${METRIC}.root` : `${METRIC}.group`;
    const node = this.ctx.state.group(id);
    if (!node) throw GroupsResource.unknown(id);
    return { status: 200, body: this.ctx.views.group(node, ApiViews.groupEmbed(ex.embeds())) };
  }

  private async create(ex: Exchange, base: string): Promise<Reply> {
    ex.metricName = `${METRIC}.create`;
    const raw = requireObject(await ex.json());
    const id = GroupsResource.effectiveId(raw, base);
    if (this.ctx.state.group(id)) throw ApiError.message(409, `Group ${id} is already created. Use PUT to change this group.`);
    const version = this.ctx.state.nextVersion();
    const deployment = this.submit(ex, id, this.updater.update(id, raw, version), version);
    return deploymentResult(deployment, 201, { Location: `/v2/groups${id}` });
  }

  private async update(ex: Exchange, base: string): Promise<Reply> {
    ex.metricName = `${METRIC}.update`;
    const raw = requireObject(await ex.json());
    const id = GroupsResource.effectiveId(raw, base);
    const version = this.ctx.state.nextVersion();
    const plan = this.updater.update(id, raw, version);
    if (ex.flag('dryRun')) {
      const steps = DeploymentPlanner.steps(
        plan.changes.map((c) => ({ ...c, before: this.ctx.state.runSpec(c.kind, c.id)?.definition ?? null })),
      );
      return { status: 200, body: { steps: steps.map((step) => ({ actions: step.map(actionJson) })) } };
    }
    return deploymentResult(this.submit(ex, id, plan, version));
  }

  private remove(ex: Exchange, id: string): Reply {
    ex.metricName = `${METRIC}.delete`;
    if (!this.ctx.state.group(id)) throw GroupsResource.unknown(id);
    const version = this.ctx.state.nextVersion();
    // Marathon reports a deletion as a change of the enclosing group.
    return deploymentResult(this.submit(ex, PathId.parent(id), this.updater.removal(id), version));
  }

  private submit(ex: Exchange, groupId: string, plan: GroupPlan, version: string): Deployment {
    return this.ctx.engine.submit({
      changes: plan.changes,
      force: ex.flag('force'),
      groupId,
      version,
      mutate: () => {
        for (const id of plan.createGroups) this.ctx.state.ensureGroup(id, version);
        for (const id of plan.removeGroups) this.ctx.state.removeGroup(id, version);
      },
    });
  }

  /** The body's `id`, relative to the group in the URL, or that group itself. */
  private static effectiveId(raw: JsonObject, base: string): string {
    const id = typeof raw.id === 'string' ? PathId.canonical(raw.id, base) : base;
    return id === PathId.ROOT ? id : PathId.validated(id);
  }

  private static unknown(id: string): ApiError {
    return ApiError.message(404, `Group '${id}' does not exist`);
  }
}
