/**
 * The leaves of a JSON document by their dotted path: `{"foo": {"bar.baz": {"bax": 1}}}` gives
 * `foo.bar.baz.bax` → 1. Array items are addressed by index (`a.0.b`), where the original crashed.
 */
export function flattenJson(value: unknown, prefix = '', out = new Map<string, unknown>()): Map<string, unknown> {
  const container = Array.isArray(value) ? value.map((v, i) => [String(i), v] as const) : value !== null && typeof value === 'object' ? Object.entries(value) : null;
  if (container === null) {
    if (prefix !== '') out.set(prefix, value);
    return out;
  }
  for (const [key, child] of container) flattenJson(child, prefix === '' ? key : `${prefix}.${key}`, out);
  return out;
}
