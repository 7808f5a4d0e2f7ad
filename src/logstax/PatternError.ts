/** A grok pattern or regular expression that cannot be compiled (unknown pattern, cycle, bad syntax). */
export class PatternError extends Error {
  /** The problem without the pattern text, for callers that name the pattern themselves. */
  readonly detail: string;

  constructor(message: string, detail: string = message) {
    super(message);
    this.name = 'PatternError';
    this.detail = detail;
  }
}
