/** The headers with `Content-Type: application/json` unless they name a type: Marathon refuses a JSON body without it (HTTP 415). */
export function withJsonType(headers: Record<string, string>): Record<string, string> {
  return Object.keys(headers).some((k) => k.toLowerCase() === 'content-type') ? headers : { ...headers, 'Content-Type': 'application/json' };
}
