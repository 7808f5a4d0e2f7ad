/**
 * Macros render to text; a value that was a number before rendering (`"{{n}}"` with n=5)
 * should be a number again when used as a parameter value.
 */
export function coerceScalar(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  const t = value.trim();
  if (t !== '' && /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(t)) return Number(t);
  if (t === 'true' || t === 'True') return true;
  if (t === 'false' || t === 'False') return false;
  return value;
}

export function coerceValues(values: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(values).map(([k, v]) => [k, coerceScalar(v)]));
}
