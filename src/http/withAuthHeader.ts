import type { Definitions } from '../core/Definitions.js';

export const AUTH_TOKEN_DEFINITION = 'dcos_auth_token';

/**
 * Request headers as strings, plus `Authorization: token=<dcos_auth_token>` when that definition
 * exists and the headers have no Authorization of their own (`definitions` null: never). Read at
 * every call, so a token an auth task sets at run time applies to the next request.
 */
export function withAuthHeader(headers: unknown, definitions: Pick<Definitions, 'get'> | null): Record<string, string> {
  const out: Record<string, string> = {};
  if (headers !== null && typeof headers === 'object') {
    for (const [k, v] of Object.entries(headers as Record<string, unknown>)) {
      if (v !== undefined && v !== null) out[k] = String(v);
    }
  }
  const token = definitions?.get(AUTH_TOKEN_DEFINITION);
  if (token !== undefined && token !== null && token !== '' && !Object.keys(out).some((k) => k.toLowerCase() === 'authorization')) {
    out.Authorization = `token=${String(token)}`;
  }
  return out;
}
