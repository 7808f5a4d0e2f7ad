import { performance } from 'node:perf_hooks';
import type { PlannedAction, ResolvedChange } from './DeploymentPlanner.js';
import { PathId } from './PathId.js';
import type { JsonObject, RunSpecKind, RunSpecRecord, SimInstance } from './types.js';

interface TreeNode {
  readonly id: string;
  readonly apps: JsonObject[];
  readonly pods: JsonObject[];
  readonly groups: Map<string, TreeNode>;
}

/**
 * The root group holding only the given definitions, nested in their groups. Marathon puts the whole
 * root group into every plan; restricting it to the affected apps keeps events small at scale.
 */
function partialTree(entries: ReadonlyArray<{ kind: RunSpecKind; definition: JsonObject }>, version: string): JsonObject {
  const root: TreeNode = { id: PathId.ROOT, apps: [], pods: [], groups: new Map() };
  for (const { kind, definition } of entries) {
    let node = root;
    for (const groupId of PathId.ancestors(String(definition.id)).slice(1)) {
      let child = node.groups.get(groupId);
      if (!child) {
        child = { id: groupId, apps: [], pods: [], groups: new Map() };
        node.groups.set(groupId, child);
      }
      node = child;
    }
    (kind === 'app' ? node.apps : node.pods).push(definition);
  }
  const render = (node: TreeNode): JsonObject => ({
    id: node.id,
    apps: node.apps,
    groups: [...node.groups.values()].map(render),
    pods: node.pods,
    dependencies: [],
    version,
  });
  return render(root);
}

/** One plan action as Marathon writes it: `{action, app}` or `{action, pod}`. */
export function actionJson(action: PlannedAction): JsonObject {
  return { action: action.action, [action.kind]: action.id };
}

/** One running deployment plan and what it has done so far. */
export class Deployment {
  /** 1-based number of the step in progress (0 for a plan without steps), as /v2/deployments reports it. */
  currentStep: number;
  readonly abort = new AbortController();
  /** Instances this deployment staged that are not running yet; they die with it if it fails or is cancelled. */
  readonly staged = new Map<SimInstance, RunSpecRecord>();
  readonly startedAt = performance.now();
  private plan: JsonObject | null = null;

  constructor(
    readonly id: string,
    readonly version: string,
    readonly steps: ReadonlyArray<readonly PlannedAction[]>,
    readonly changes: ReadonlyMap<string, ResolvedChange>,
    readonly records: ReadonlyMap<string, RunSpecRecord>,
    readonly willFail: boolean,
  ) {
    this.currentStep = steps.length > 0 ? 1 : 0;
  }

  static key(kind: RunSpecKind, id: string): string {
    return `${kind}:${id}`;
  }

  /** True when the deployment changes this app or pod, which locks it against other changes. */
  affects(kind: RunSpecKind, id: string): boolean {
    return this.changes.has(Deployment.key(kind, id));
  }

  affectedIds(kind: RunSpecKind): string[] {
    return [...new Set(this.steps.flat().filter((a) => a.kind === kind).map((a) => a.id))];
  }

  stepJson(index: number): JsonObject {
    return { actions: (this.steps[index] ?? []).map(actionJson) };
  }

  /** The plan as event payloads carry it: `{id, original, target, steps, version}`. */
  planJson(): JsonObject {
    if (!this.plan) {
      const sides = [...this.changes.values()];
      const original = sides.flatMap((c) => (c.before ? [{ kind: c.kind, definition: c.before }] : []));
      const target = sides.flatMap((c) => (c.after ? [{ kind: c.kind, definition: c.after }] : []));
      this.plan = {
        id: this.id,
        original: partialTree(original, this.version),
        target: partialTree(target, this.version),
        steps: this.steps.map((_, i) => this.stepJson(i)),
        version: this.version,
      };
    }
    return this.plan;
  }

  /** The item /v2/deployments lists. */
  toJson(): JsonObject {
    const current = this.steps[this.currentStep - 1] ?? [];
    return {
      id: this.id,
      version: this.version,
      affectedApps: this.affectedIds('app'),
      affectedPods: this.affectedIds('pod'),
      steps: this.steps.map((_, i) => this.stepJson(i)),
      currentActions: current.map((a) => ({ ...actionJson(a), readinessCheckResults: [] })),
      currentStep: this.currentStep,
      totalSteps: this.steps.length,
    };
  }
}
