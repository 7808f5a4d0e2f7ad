import { canonicalId } from './canonicalId.js';

/**
 * The trace ids of the deployment requests, by app/pod/group id. A lookup for `/g/app` also
 * finds a request for its group `/g`, since deploying a group deploys the apps inside it.
 */
export class InstanceTraces {
  private readonly byId = new Map<string, number[]>();

  set(id: string, traceids: readonly number[]): void {
    this.byId.set(canonicalId(id), [...traceids]);
  }

  /** The trace ids linked to these ids or to any group above them, without duplicates. */
  collect(ids: Iterable<string>): number[] {
    const out = new Set<number>();
    for (const key of this.matches(ids)) for (const t of this.byId.get(key)!) out.add(t);
    return [...out];
  }

  /**
   * Forgets these ids (their deployment is over). Group requests stay: the apps of a group can
   * complete in different polls, and each must still find the group's trace ids.
   */
  forget(ids: Iterable<string>): void {
    for (const id of ids) this.byId.delete(canonicalId(id));
  }

  /** Every trace id still linked. */
  all(): number[] {
    const out = new Set<number>();
    for (const list of this.byId.values()) for (const t of list) out.add(t);
    return [...out];
  }

  private matches(ids: Iterable<string>): Set<string> {
    const keys = new Set<string>();
    for (const id of ids) {
      let path = canonicalId(id);
      for (;;) {
        if (this.byId.has(path)) keys.add(path);
        if (path === '/') break;
        path = path.slice(0, path.lastIndexOf('/')) || '/';
      }
    }
    return keys;
  }
}
