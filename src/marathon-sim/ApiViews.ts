import type { DeploymentEngine } from './DeploymentEngine.js';
import type { GroupNode, JsonObject, RunSpecRecord, SimInstance } from './types.js';

export interface AppEmbed {
  readonly counts: boolean;
  readonly deployments: boolean;
  readonly tasks: boolean;
  readonly readiness: boolean;
}

export interface GroupEmbed {
  readonly apps: boolean;
  readonly groups: boolean;
  readonly pods: boolean;
  readonly app: AppEmbed;
}

/** Renders state the way Marathon's API returns it, honouring `embed` selections. */
export class ApiViews {
  constructor(private readonly engine: DeploymentEngine) {}

  /** `embed` values of /v2/apps (`apps.tasks`) or /v2/apps/<id> (`app.tasks`); counts and deployments always come. */
  static appEmbed(embeds: ReadonlySet<string>, prefix: 'apps' | 'app', single: boolean): AppEmbed {
    return {
      counts: true,
      deployments: true,
      tasks: single || embeds.has(`${prefix}.tasks`),
      readiness: single || embeds.has(`${prefix}.readiness`),
    };
  }

  /** With no `embed` at all Marathon embeds apps, groups and pods (backward compatibility). */
  static groupEmbed(embeds: ReadonlySet<string>): GroupEmbed {
    const all = embeds.size === 0;
    return {
      apps: all || embeds.has('group.apps'),
      groups: all || embeds.has('group.groups'),
      pods: all || embeds.has('group.pods'),
      app: {
        counts: embeds.has('group.apps.counts'),
        deployments: embeds.has('group.apps.deployments'),
        tasks: embeds.has('group.apps.tasks'),
        readiness: embeds.has('group.apps.readiness'),
      },
    };
  }

  app(record: RunSpecRecord, embed: AppEmbed): JsonObject {
    const out: JsonObject = { ...record.definition };
    if (embed.counts) {
      const running = record.instances.filter((i) => i.state === 'TASK_RUNNING').length;
      const hasHealthChecks = Array.isArray(record.definition.healthChecks) && record.definition.healthChecks.length > 0;
      out.tasksStaged = record.instances.filter((i) => i.state === 'TASK_STAGING').length;
      out.tasksRunning = running;
      out.tasksHealthy = hasHealthChecks ? running : 0;
      out.tasksUnhealthy = 0;
    }
    if (embed.deployments) out.deployments = this.engine.deploymentsFor('app', record.id).map((d) => ({ id: d.id }));
    if (embed.readiness) out.readinessCheckResults = [];
    if (embed.tasks) out.tasks = record.instances.map((i) => ApiViews.task(i));
    return out;
  }

  static task(instance: SimInstance): JsonObject {
    const task: JsonObject = {
      id: instance.taskId,
      appId: instance.runSpecId,
      host: instance.host,
      ipAddresses: [{ ipAddress: instance.host, protocol: 'IPv4' }],
      ports: instance.ports,
      slaveId: instance.agentId,
      stagedAt: instance.stagedAt,
      state: instance.state,
      version: instance.version,
      localVolumes: [],
    };
    if (instance.startedAt) task.startedAt = instance.startedAt;
    return task;
  }

  group(node: GroupNode, embed: GroupEmbed): JsonObject {
    const out: JsonObject = { id: node.id };
    if (embed.apps) out.apps = [...node.apps.values()].map((r) => this.app(r, embed.app));
    if (embed.groups) out.groups = [...node.groups.values()].map((g) => this.group(g, embed));
    if (embed.pods) out.pods = [...node.pods.values()].map((r) => r.definition);
    out.dependencies = [];
    out.version = node.version;
    return out;
  }
}
