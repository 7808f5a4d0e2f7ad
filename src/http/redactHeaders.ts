/** A copy of request headers for events and logs, with secret values replaced by `***`. */
export function redactHeaders(headers: Record<string, string>, secrets: readonly string[]): Record<string, string> {
  if (secrets.length === 0) return headers;
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) {
    let text = v;
    // Same rule as the logger: very short values would mask unrelated text.
    for (const s of secrets) if (s.length >= 3) text = text.split(s).join('***');
    out[k] = text;
  }
  return out;
}
