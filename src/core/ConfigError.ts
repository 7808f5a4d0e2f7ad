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

export function formatLocation(loc: SourceLocation): string {
  const where = `${loc.file}:${loc.line}:${loc.column}`;
  return loc.key ? `${where}: ${loc.key}` : where;
}
