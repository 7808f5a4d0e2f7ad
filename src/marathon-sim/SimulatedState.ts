import { PathId } from './PathId.js';
import type { GroupNode, JsonObject, RunSpecKind, RunSpecRecord } from './types.js';

function emptyGroup(id: string, version: string): GroupNode {
  return { id, version, apps: new Map(), pods: new Map(), groups: new Map() };
}

/** The simulated Marathon root group: groups, apps and pods with their launched instances. */
export class SimulatedState {
  private readonly root: GroupNode;
  private lastVersionMs = 0;

  constructor() {
    this.root = emptyGroup(PathId.ROOT, this.nextVersion());
  }

  /** A fresh version timestamp; strictly increasing so two changes never share a version. */
  nextVersion(): string {
    const ms = Math.max(Date.now(), this.lastVersionMs + 1);
    this.lastVersionMs = ms;
    return new Date(ms).toISOString();
  }

  group(id: string): GroupNode | undefined {
    let node: GroupNode | undefined = this.root;
    let path = '';
    for (const segment of PathId.segments(id)) {
      path += `/${segment}`;
      node = node.groups.get(path);
      if (!node) return undefined;
    }
    return node;
  }

  runSpec(kind: RunSpecKind, id: string): RunSpecRecord | undefined {
    const parent = this.group(PathId.parent(id));
    return kind === 'app' ? parent?.apps.get(id) : parent?.pods.get(id);
  }

  app(id: string): RunSpecRecord | undefined {
    return this.runSpec('app', id);
  }

  pod(id: string): RunSpecRecord | undefined {
    return this.runSpec('pod', id);
  }

  /**
   * Why `id` cannot become a new `kind` ('app', 'pod' or 'group'), as Marathon words it, or null.
   * Ids are shared between apps, pods and groups, and an app or pod cannot contain anything.
   */
  conflictFor(kind: RunSpecKind | 'group', id: string): string | null {
    if (this.app(id)) return kind === 'app' ? `An app with id [${id}] already exists.` : `An app with the path ${id} already exists.`;
    if (this.pod(id)) return kind === 'pod' ? `A pod with id [${id}] already exists.` : `A pod with the path ${id} already exists.`;
    if (kind !== 'group' && id !== PathId.ROOT && this.group(id)) return `A group with id [${id}] already exists.`;
    for (const ancestor of PathId.ancestors(id)) {
      if (this.app(ancestor) || this.pod(ancestor)) return `Cannot create ${id}: ${ancestor} is an app or pod, not a group.`;
    }
    return null;
  }

  /** Creates the group and any missing parents. */
  ensureGroup(id: string, version: string): GroupNode {
    let node = this.root;
    let path = '';
    for (const segment of PathId.segments(id)) {
      path += `/${segment}`;
      let child = node.groups.get(path);
      if (!child) {
        child = emptyGroup(path, version);
        node.groups.set(path, child);
      }
      node = child;
    }
    this.touch(id, version);
    return node;
  }

  /** Stores a definition (its `id` names the place), keeping the instances of an existing record. */
  setRunSpec(kind: RunSpecKind, definition: JsonObject, version: string): RunSpecRecord {
    const id = String(definition.id);
    const parent = this.ensureGroup(PathId.parent(id), version);
    const map = kind === 'app' ? parent.apps : parent.pods;
    const existing = map.get(id);
    if (existing) {
      existing.definition = definition;
      return existing;
    }
    const record: RunSpecRecord = { kind, id, definition, instances: [] };
    map.set(id, record);
    return record;
  }

  /** Detaches and returns the record; its instances stay on it so a deployment can stop them. */
  removeRunSpec(kind: RunSpecKind, id: string, version: string): RunSpecRecord | undefined {
    const parent = this.group(PathId.parent(id));
    const map = kind === 'app' ? parent?.apps : parent?.pods;
    const record = map?.get(id);
    if (!record || !map) return undefined;
    map.delete(id);
    this.touch(PathId.parent(id), version);
    return record;
  }

  /** Removes a group with everything below it; for the root group only its contents go. */
  removeGroup(id: string, version: string): boolean {
    if (id === PathId.ROOT) {
      this.root.apps.clear();
      this.root.pods.clear();
      this.root.groups.clear();
      this.root.version = version;
      return true;
    }
    const parent = this.group(PathId.parent(id));
    if (!parent?.groups.delete(id)) return false;
    this.touch(parent.id, version);
    return true;
  }

  /** Every app and pod at or below `groupId`. */
  runSpecsUnder(groupId: string): RunSpecRecord[] {
    const node = this.group(groupId);
    return node ? SimulatedState.collect(node) : [];
  }

  apps(): RunSpecRecord[] {
    return this.runSpecsUnder(PathId.ROOT).filter((r) => r.kind === 'app');
  }

  pods(): RunSpecRecord[] {
    return this.runSpecsUnder(PathId.ROOT).filter((r) => r.kind === 'pod');
  }

  /** Ids of every group below the root. */
  groupIds(): string[] {
    const out: string[] = [];
    const walk = (node: GroupNode): void => {
      for (const child of node.groups.values()) {
        out.push(child.id);
        walk(child);
      }
    };
    walk(this.root);
    return out;
  }

  isEmpty(): boolean {
    return this.root.apps.size === 0 && this.root.pods.size === 0 && this.root.groups.size === 0;
  }

  private static collect(node: GroupNode): RunSpecRecord[] {
    const out = [...node.apps.values(), ...node.pods.values()];
    for (const child of node.groups.values()) out.push(...SimulatedState.collect(child));
    return out;
  }

  /** A change below a group gives it and all its ancestors the change's version, as in Marathon. */
  private touch(id: string, version: string): void {
    for (const groupId of [...PathId.ancestors(id), id]) {
      const node = this.group(groupId);
      if (node) node.version = version;
    }
  }
}
