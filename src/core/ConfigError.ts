/** Where a config value came from: file, 1-based line and column, and its key path. */
export interface SourceLocation {
  file: string;
  line: number;
  column: number;
  key?: string;
}

/**
 * A problem with the user's input. The CLI prints it as one line and exits 2;
 * no stack trace unless --verbose.
 */
export class ConfigError extends Error {
  constructor(
    message: string,
    readonly location?: SourceLocation,
  ) {
    super(location ? `${formatLocation(location)}: ${message}` : message);
    this.name = 'ConfigError';
  }
}

/**
 * Several config errors found at once, in file and line order (errors without a location
 * first), so the user fixes a config in one pass instead of one error per run.
 */
export class ConfigErrors extends Error {
  readonly errors: ConfigError[];

  constructor(errors: ConfigError[]) {
    const sorted = [...errors].sort(compareLocations);
    super(sorted.map((e) => e.message).join('\n'));
    this.errors = sorted;
    this.name = 'ConfigErrors';
  }
}

/** The ConfigErrors of a thrown value, or null when it is not a config problem. */
export function configErrorsOf(err: unknown): ConfigError[] | null {
  if (err instanceof ConfigErrors) return err.errors;
  if (err instanceof ConfigError) return [err];
  return null;
}

function compareLocations(a: ConfigError, b: ConfigError): number {
  const la = a.location;
  const lb = b.location;
  if (!la || !lb) return la ? 1 : lb ? -1 : 0;
  return la.file.localeCompare(lb.file) || la.line - lb.line || la.column - lb.column;
}

export function formatLocation(loc: SourceLocation): string {
  const where = `${loc.file}:${loc.line}:${loc.column}`;
  return loc.key ? `${where}: ${loc.key}` : where;
}
