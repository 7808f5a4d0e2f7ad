import type { SourceLocation } from '../ConfigError.js';

interface NodeLocation {
  file: string;
  line: number;
  column: number;
  /** Location of each key of a mapping (or index of a sequence, as a string). */
  keys: Map<string, { line: number; column: number }>;
}

/**
 * Remembers, for every mapping and sequence loaded from YAML, the file and line it came
 * from, so errors found long after parsing still name file, line and key. Keyed by the
 * object itself, so merging (which moves objects around) keeps the locations.
 */
export class SourceMap {
  private readonly nodes = new WeakMap<object, NodeLocation>();

  record(obj: object, file: string, line: number, column: number): NodeLocation {
    const loc: NodeLocation = { file, line, column, keys: new Map() };
    this.nodes.set(obj, loc);
    return loc;
  }

  recordKey(obj: object, key: string, line: number, column: number): void {
    this.nodes.get(obj)?.keys.set(key, { line, column });
  }

  /** After a merge copied `key` from `from` into `to`, point it at the source line. */
  copyKey(from: object, to: object, key: string): void {
    const src = this.nodes.get(from);
    const dst = this.nodes.get(to);
    const k = src?.keys.get(key);
    if (!src || !k) return;
    if (dst && dst.file === src.file) dst.keys.set(key, k);
    else if (!dst) this.nodes.set(to, { ...src, keys: new Map([[key, k]]) });
  }

  /** Location of `key` inside `obj` (or of `obj` itself), with a key path for the message. */
  locate(obj: unknown, key?: string | number, keyPath?: string): SourceLocation | undefined {
    if (obj === null || typeof obj !== 'object') return undefined;
    const loc = this.nodes.get(obj);
    if (!loc) return undefined;
    const k = key === undefined ? undefined : loc.keys.get(String(key));
    return { file: loc.file, line: k?.line ?? loc.line, column: k?.column ?? loc.column, key: keyPath };
  }

  /**
   * Location of a nested key such as `events.signal.OK` or `extract[1].eval` below `root`:
   * the deepest key of the path that was loaded from a file, named `prefix.path` in the
   * message. Values built at run time (rendered copies) have no location, so `root` must be
   * the config as loaded.
   */
  locatePath(root: unknown, path: string | undefined, prefix: string): SourceLocation | undefined {
    if (!path) return this.locate(root, undefined, prefix);
    const keyPath = path.startsWith('[') ? `${prefix}${path}` : `${prefix}.${path}`;
    let best = this.locate(root, undefined, keyPath);
    let node: unknown = root;
    for (const part of splitKeyPath(path)) {
      if (node === null || typeof node !== 'object') break;
      const loc = this.nodes.get(node);
      const k = loc?.keys.get(part);
      if (!loc || !k) break;
      best = { file: loc.file, line: k.line, column: k.column, key: keyPath };
      node = (node as Record<string, unknown>)[part];
    }
    return best;
  }
}

/** `a.b[0].c` -> ['a', 'b', '0', 'c']. */
export function splitKeyPath(path: string): string[] {
  return path
    .replace(/\[(\d+)\]/g, '.$1')
    .split('.')
    .filter((p) => p !== '');
}
