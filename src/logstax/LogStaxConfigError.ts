/**
 * A LogStax observer configuration problem. `path` locates the offending option inside the
 * observer's config (`filters[0].match.message`) so the caller can point at the file and line.
 */
export class LogStaxConfigError extends Error {
  readonly path: string;

  constructor(path: string, detail: string) {
    super(path === '' ? detail : `${path}: ${detail}`);
    this.name = 'LogStaxConfigError';
    this.path = path;
  }
}
