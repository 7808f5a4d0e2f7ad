import type { HttpClient } from './HttpClient.js';

/**
 * `POST <cluster>/acs/api/v1/auth/login` with the given credentials; returns the token of a
 * 200 answer and throws with the reason otherwise.
 */
export async function dcosLogin(client: HttpClient, clusterUrl: string, credentials: Record<string, string>): Promise<string> {
  const url = `${clusterUrl.replace(/\/+$/, '')}/acs/api/v1/auth/login`;
  const res = await client.request({ url, verb: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(credentials), keepBody: true });
  if (res.error !== null) throw new Error(`Unable to authenticate on the cluster: ${res.error}`);
  if (res.statusCode !== 200) throw new Error(`Unable to authenticate on the cluster with the given credentials (HTTP ${res.statusCode} from ${url})`);
  let token: unknown;
  try {
    token = (JSON.parse(res.body) as { token?: unknown }).token;
  } catch {
    throw new Error(`Unable to authenticate on the cluster: the login response of ${url} is not JSON`);
  }
  if (typeof token !== 'string' || token === '') throw new Error(`Unable to authenticate on the cluster: the login response of ${url} has no \`token\``);
  return token;
}
