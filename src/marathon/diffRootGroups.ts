import { isDeepStrictEqual } from 'node:util';

/** A Marathon group as `/v2/groups?embed=group.groups&embed=group.apps&embed=group.pods` returns it. */
export interface MarathonGroup {
  id: string;
  apps: Array<Record<string, unknown>>;
  pods: Array<Record<string, unknown>>;
  groups: MarathonGroup[];
}

export interface GroupDiff {
  /** Apps and pods whose deployment finished: removed, or added or changed with no deployment left. */
  instances: Set<string>;
  /** Groups added, removed or changed anywhere inside. */
  groups: Set<string>;
}

const emptyGroup = (id: string): MarathonGroup => ({ id, apps: [], pods: [], groups: [] });

function byId<T extends { id?: unknown }>(list: readonly T[] | undefined): Map<string, T> {
  return new Map((list ?? []).filter((x) => typeof x.id === 'string').map((x) => [x.id as string, x]));
}

/** An app or pod still being deployed lists its deployments (`embed=group.apps.deployments`). */
function deploying(item: Record<string, unknown>): boolean {
  return Array.isArray(item.deployments) && item.deployments.length > 0;
}

function diffItems(before: readonly Record<string, unknown>[] | undefined, after: readonly Record<string, unknown>[] | undefined, out: Set<string>): void {
  const a = byId(before);
  const b = byId(after);
  for (const id of a.keys()) if (!b.has(id)) out.add(id);
  for (const [id, item] of b) {
    const old = a.get(id);
    if ((old === undefined || !isDeepStrictEqual(old, item)) && !deploying(item)) out.add(id);
  }
}

/**
 * What changed between two polls of the root group, as the original poller computed it: an
 * added or changed app counts once its deployments are over, a removed one at once; the apps
 * of added and removed groups count too (compared against an empty group).
 */
export function diffRootGroups(before: MarathonGroup, after: MarathonGroup): GroupDiff {
  const diff: GroupDiff = { instances: new Set(), groups: new Set() };
  diffItems(before.apps, after.apps, diff.instances);
  diffItems(before.pods, after.pods, diff.instances);
  const a = byId(before.groups);
  const b = byId(after.groups);
  for (const id of new Set([...a.keys(), ...b.keys()])) {
    const old = a.get(id);
    const now = b.get(id);
    if (old !== undefined && now !== undefined && isDeepStrictEqual(old, now)) continue;
    diff.groups.add(id);
    const inner = diffRootGroups(old ?? emptyGroup(id), now ?? emptyGroup(id));
    for (const x of inner.instances) diff.instances.add(x);
    for (const g of inner.groups) diff.groups.add(g);
  }
  return diff;
}
