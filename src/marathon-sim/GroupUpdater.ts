import { ApiError } from './ApiError.js';
import { isJsonObject, sameExcept } from './JsonValues.js';
import { PathId } from './PathId.js';
import { RunSpecNormalizer } from './RunSpecNormalizer.js';
import type { SimulatedState } from './SimulatedState.js';
import type { Json, JsonObject, RunSpecChange, RunSpecKind } from './types.js';

/** Everything a group request changes: app and pod changes plus groups to create and remove. */
export interface GroupPlan {
  readonly changes: RunSpecChange[];
  readonly createGroups: string[];
  readonly removeGroups: string[];
}

function emptyPlan(): GroupPlan {
  return { changes: [], createGroups: [], removeGroups: [] };
}

function requireArray(value: Json, jsonPath: string): Json[] {
  if (!Array.isArray(value)) throw ApiError.invalid(jsonPath, 'error.expected.jsarray');
  return value;
}

/** Marathon's GroupUpdate semantics: listed apps, pods and groups replace the group's; unlisted ones go. */
export class GroupUpdater {
  constructor(
    private readonly state: SimulatedState,
    private readonly normalizer: RunSpecNormalizer,
  ) {}

  /** The plan for applying `update` (a POST or PUT body) to the group `groupId`. */
  update(groupId: string, update: JsonObject, version: string): GroupPlan {
    const plan = emptyPlan();
    if (update.scaleBy !== undefined) this.scale(groupId, update.scaleBy, version, plan);
    else this.apply(groupId, update, version, plan, '');
    return plan;
  }

  /** The plan for deleting the group with everything in it. */
  removal(groupId: string): GroupPlan {
    return {
      changes: this.state.runSpecsUnder(groupId).map((r) => ({ kind: r.kind, id: r.id, after: null })),
      createGroups: [],
      removeGroups: [groupId],
    };
  }

  /** `scaleBy` multiplies every app's instances below the group, rounding up as Marathon does. */
  private scale(groupId: string, factor: Json, version: string, plan: GroupPlan): void {
    if (typeof factor !== 'number' || !(factor > 0)) throw ApiError.invalid('/scaleBy', 'error.min: must be a number > 0');
    if (!this.state.group(groupId)) throw ApiError.message(404, `Group '${groupId}' does not exist`);
    for (const record of this.state.runSpecsUnder(groupId)) {
      if (record.kind !== 'app') continue;
      const instances = Math.ceil(RunSpecNormalizer.instances('app', record.definition) * factor);
      if (instances === RunSpecNormalizer.instances('app', record.definition)) continue;
      plan.changes.push({ kind: 'app', id: record.id, after: this.normalizer.app({ instances }, record.id, version, record.definition, true) });
    }
  }

  private apply(groupId: string, update: JsonObject, version: string, plan: GroupPlan, jsonPath: string): void {
    const node = this.state.group(groupId);
    if (!node) {
      const conflict = this.state.conflictFor('group', groupId);
      if (conflict) throw ApiError.message(409, conflict);
      plan.createGroups.push(groupId);
    }
    for (const kind of ['app', 'pod'] as const) {
      const key = kind === 'app' ? 'apps' : 'pods';
      const listed = update[key];
      if (listed === undefined) continue;
      const kept = new Set<string>();
      requireArray(listed, `${jsonPath}/${key}`).forEach((raw, i) => {
        kept.add(this.applyRunSpec(kind, groupId, raw, version, plan, `${jsonPath}/${key}(${i})`));
      });
      const existing = kind === 'app' ? node?.apps : node?.pods;
      for (const id of existing?.keys() ?? []) if (!kept.has(id)) plan.changes.push({ kind, id, after: null });
    }
    if (update.groups !== undefined) {
      const kept = new Set<string>();
      requireArray(update.groups, `${jsonPath}/groups`).forEach((raw, i) => {
        const path = `${jsonPath}/groups(${i})`;
        if (!isJsonObject(raw) || typeof raw.id !== 'string') throw ApiError.invalid(`${path}/id`, 'error.path.missing');
        const id = PathId.validated(raw.id, groupId, `${path}/id`);
        if (PathId.parent(id) !== groupId) throw ApiError.invalid(`${path}/id`, `Group ${id} is not a child of group ${groupId}`);
        kept.add(id);
        this.apply(id, raw, version, plan, path);
      });
      for (const id of node?.groups.keys() ?? []) {
        if (kept.has(id)) continue;
        const removal = this.removal(id);
        plan.changes.push(...removal.changes);
        plan.removeGroups.push(...removal.removeGroups);
      }
    }
  }

  /** Adds the change for one listed app or pod (none when it is unchanged) and returns its id. */
  private applyRunSpec(kind: RunSpecKind, groupId: string, raw: Json, version: string, plan: GroupPlan, path: string): string {
    if (!isJsonObject(raw) || typeof raw.id !== 'string') throw ApiError.invalid(`${path}/id`, 'error.path.missing');
    const id = PathId.validated(raw.id, groupId, `${path}/id`);
    if (PathId.parent(id) !== groupId) throw ApiError.invalid(`${path}/id`, `${kind === 'app' ? 'App' : 'Pod'} ${id} is not a child of group ${groupId}`);
    const previous = this.state.runSpec(kind, id)?.definition ?? null;
    if (!previous) {
      const conflict = this.state.conflictFor(kind, id);
      if (conflict) throw ApiError.message(409, conflict);
    }
    const definition = kind === 'app' ? this.normalizer.app(raw, id, version, previous, false) : this.normalizer.pod(raw, id, version);
    if (!previous || !sameExcept(previous, definition, ['version', 'versionInfo'])) plan.changes.push({ kind, id, after: definition });
    return id;
  }
}
