import { ApiError } from './ApiError.js';
import { isJsonObject, sameExcept } from './JsonValues.js';
import type { Json, JsonObject, RunSpecKind } from './types.js';

/** Fields Marathon computes itself; clients echo them back (GET then PUT), so they are dropped from input. */
const SERVER_OWNED = new Set([
  'id', 'version', 'versionInfo', 'tasksStaged', 'tasksRunning', 'tasksHealthy', 'tasksUnhealthy',
  'deployments', 'tasks', 'lastTaskFailure', 'readinessCheckResults', 'taskStats',
]);

/** Keys whose change is a scale, not a configuration change. */
export const APP_SCALE_KEYS = ['instances', 'version', 'versionInfo'] as const;
export const POD_SCALE_KEYS = ['scaling', 'version'] as const;

function appDefaults(): JsonObject {
  return {
    id: '', cmd: null, args: null, user: null, env: {}, instances: 1, cpus: 1, mem: 128, disk: 0, gpus: 0,
    executor: '', constraints: [], uris: [], fetch: [], storeUrls: [], backoffSeconds: 1, backoffFactor: 1.15,
    maxLaunchDelaySeconds: 3600, container: null, healthChecks: [], readinessChecks: [], dependencies: [],
    upgradeStrategy: { minimumHealthCapacity: 1, maximumOverCapacity: 1 }, labels: {}, ipAddress: null,
    version: '', residency: null, secrets: {}, taskKillGracePeriodSeconds: null,
    unreachableStrategy: { inactiveAfterSeconds: 300, expungeAfterSeconds: 600 }, killSelection: 'YOUNGEST_FIRST',
    requirePorts: false, acceptedResourceRoles: null,
  };
}

function podDefaults(): JsonObject {
  return {
    id: '', labels: {}, version: '', environment: {}, containers: [], secrets: {}, volumes: [],
    networks: [{ mode: 'host' }], scaling: { kind: 'fixed', instances: 1 },
    scheduling: {
      backoff: { backoff: 1, backoffFactor: 1.15, maxLaunchDelay: 3600 },
      upgrade: { minimumHealthCapacity: 1, maximumOverCapacity: 1 },
      killSelection: 'YOUNGEST_FIRST',
      unreachableStrategy: { inactiveAfterSeconds: 0, expungeAfterSeconds: 0 },
    },
    executorResources: { cpus: 0.1, mem: 32, disk: 10 },
  };
}

function overlay(target: JsonObject, raw: JsonObject): void {
  for (const [key, value] of Object.entries(raw)) if (!SERVER_OWNED.has(key)) target[key] = structuredClone(value);
}

function isNonNegativeInteger(value: Json | undefined): boolean {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0;
}

/** Turns client JSON into the normalised definitions Marathon stores and returns. */
export class RunSpecNormalizer {
  private nextServicePort = 10000;

  /** Number of instances a definition asks for. */
  static instances(kind: RunSpecKind, definition: JsonObject): number {
    if (kind === 'app') return typeof definition.instances === 'number' ? definition.instances : 1;
    const scaling = definition.scaling;
    return isJsonObject(scaling) && typeof scaling.instances === 'number' ? scaling.instances : 1;
  }

  /**
   * A normalised app. With `merge` the input patches `previous` (Marathon's default PUT semantics);
   * otherwise it replaces it and `previous` only supplies what must survive (version info, ports).
   */
  app(raw: JsonObject, id: string, version: string, previous: JsonObject | null, merge: boolean): JsonObject {
    const app = merge && previous ? structuredClone(previous) : appDefaults();
    overlay(app, raw);
    app.id = id;
    if ('ports' in raw && !('portDefinitions' in raw) && Array.isArray(raw.ports)) {
      app.portDefinitions = raw.ports.map((port) => ({ port, protocol: 'tcp', labels: {} }));
    }
    delete app.ports;
    if (!('portDefinitions' in app) && app.container === null) {
      app.portDefinitions = previous?.portDefinitions ?? [{ port: 0, protocol: 'tcp', name: 'default', labels: {} }];
    }
    this.assignServicePorts(app);
    RunSpecNormalizer.validateApp(app);
    const configChanged = previous === null || !sameExcept(previous, app, APP_SCALE_KEYS);
    const previousInfo = previous?.versionInfo;
    const lastConfigChangeAt =
      !configChanged && isJsonObject(previousInfo) && typeof previousInfo.lastConfigChangeAt === 'string'
        ? previousInfo.lastConfigChangeAt
        : version;
    app.version = version;
    app.versionInfo = { lastScalingAt: version, lastConfigChangeAt };
    return app;
  }

  /** A normalised pod; pods are always replaced as a whole, as Marathon does. */
  pod(raw: JsonObject, id: string, version: string): JsonObject {
    RunSpecNormalizer.validatePod(raw);
    const pod = podDefaults();
    overlay(pod, raw);
    pod.id = id;
    pod.version = version;
    return pod;
  }

  /** Marathon's structural rules for apps, reported as HTTP 422. */
  static validateApp(app: JsonObject): void {
    const hasCmd = typeof app.cmd === 'string' && app.cmd !== '';
    const hasArgs = Array.isArray(app.args) && app.args.length > 0;
    if ((hasCmd && hasArgs) || (!hasCmd && !hasArgs && !isJsonObject(app.container))) {
      throw ApiError.invalid('/', "AppDefinition must either contain one of 'cmd' or 'args', and/or a 'container'.");
    }
    if (!isNonNegativeInteger(app.instances)) throw ApiError.invalid('/instances', 'error.min: must be an integer >= 0');
    for (const key of ['cpus', 'mem', 'disk', 'gpus']) {
      const value = app[key];
      if (typeof value !== 'number' || value < 0) throw ApiError.invalid(`/${key}`, 'error.min: must be a number >= 0');
    }
  }

  static validatePod(raw: JsonObject): void {
    const containers = raw.containers;
    if (!Array.isArray(containers) || containers.length === 0) throw ApiError.invalid('/containers', 'error.minLength: must not be empty');
    containers.forEach((container, i) => {
      if (!isJsonObject(container) || typeof container.name !== 'string' || container.name === '') {
        throw ApiError.invalid(`/containers(${i})/name`, 'error.path.missing');
      }
    });
    const scaling = raw.scaling;
    if (scaling !== undefined && (!isJsonObject(scaling) || (scaling.instances !== undefined && !isNonNegativeInteger(scaling.instances)))) {
      throw ApiError.invalid('/scaling/instances', 'error.min: must be an integer >= 0');
    }
  }

  /** Service port 0 means "pick one", as in Marathon (which allocates from 10000 upwards). */
  private assignServicePorts(app: JsonObject): void {
    const definitions = app.portDefinitions;
    if (!Array.isArray(definitions)) return;
    app.portDefinitions = definitions.map((definition) => {
      if (!isJsonObject(definition) || definition.port !== 0) return definition;
      return { ...definition, port: this.nextServicePort++ };
    });
  }
}
