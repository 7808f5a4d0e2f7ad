/** A one-line reason for a pg client failure, with the server's SQLSTATE where there is one. */
export function describePgError(err: unknown): string {
  // Connecting to a name with several addresses fails with an AggregateError without a message.
  const e = err instanceof AggregateError && err.errors.length > 0 ? (err.errors[0] as unknown) : err;
  if (!(e instanceof Error)) return String(e);
  const code = (e as { code?: unknown }).code;
  if (code === 'ECONNREFUSED') return 'connection refused';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'unknown host';
  const message = e.message.replace(/\s+/g, ' ').trim() || String(code ?? e.name);
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) ? `${message} (SQLSTATE ${code})` : message;
}
