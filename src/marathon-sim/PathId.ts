import { ApiError } from './ApiError.js';

/** Marathon's rule for one id segment (lower-case DNS-like labels separated by dots). */
const SEGMENT = /^(([a-z0-9]|[a-z0-9][a-z0-9-]*[a-z0-9])\.)*([a-z0-9]|[a-z0-9][a-z0-9-]*[a-z0-9])$/;

/** Helpers for Marathon path ids such as `/group/app`. */
export class PathId {
  static readonly ROOT = '/';

  /**
   * The absolute, normalised form of `raw` resolved against `base`. Marathon accepts relative ids,
   * `.` and `..`, and the original driver sends stray slashes (`/v2/apps//x`, `/v2/groups/g/`).
   */
  static canonical(raw: string, base: string = PathId.ROOT): string {
    const parts = raw.startsWith('/') ? [] : PathId.segments(base);
    for (const segment of raw.split('/')) {
      if (segment === '' || segment === '.') continue;
      if (segment === '..') parts.pop();
      else parts.push(segment);
    }
    return `/${parts.join('/')}`;
  }

  static segments(id: string): string[] {
    return id.split('/').filter((s) => s !== '');
  }

  static parent(id: string): string {
    const parts = PathId.segments(id);
    parts.pop();
    return `/${parts.join('/')}`;
  }

  /** Every enclosing group id, root first, without `id` itself. */
  static ancestors(id: string): string[] {
    const parts = PathId.segments(id);
    const out = [PathId.ROOT];
    for (let i = 1; i < parts.length; i++) out.push(`/${parts.slice(0, i).join('/')}`);
    return parts.length === 0 ? [] : out;
  }

  /** The first segment Marathon would reject, or null when the id is valid. */
  static invalidSegment(id: string): string | null {
    return PathId.segments(id).find((s) => !SEGMENT.test(s)) ?? null;
  }

  /** The canonical id, or Marathon's HTTP 422 naming `jsonPath` when it is the root or has a bad segment. */
  static validated(raw: string, base: string = PathId.ROOT, jsonPath = '/id'): string {
    const id = PathId.canonical(raw, base);
    if (id === PathId.ROOT) throw ApiError.invalid(jsonPath, 'Path must not be the root group');
    const bad = PathId.invalidSegment(id);
    if (bad !== null) throw ApiError.invalid(jsonPath, `must fully match regular expression '${SEGMENT.source}' (invalid segment '${bad}')`);
    return id;
  }

  /** Marathon's task-id prefix for a run spec: `/a/b` becomes `a_b`. */
  static taskPrefix(id: string): string {
    return PathId.segments(id).join('_');
  }
}
