/**
 * The deployment a Marathon change started: the `Marathon-Deployment-Id` header, else the
 * body's `deploymentId` (or the first of `deployments`, as POST /v2/apps answers); null if none.
 */
export function deploymentIdOf(headers: Record<string, string | string[]>, json: unknown): string | null {
  const header = headers['marathon-deployment-id'];
  if (typeof header === 'string' && header !== '') return header;
  if (json === null || typeof json !== 'object') return null;
  const { deploymentId, deployments } = json as { deploymentId?: unknown; deployments?: unknown };
  if (typeof deploymentId === 'string') return deploymentId;
  const first: unknown = Array.isArray(deployments) ? deployments[0] : undefined;
  const id = first !== null && typeof first === 'object' ? (first as { id?: unknown }).id : undefined;
  return typeof id === 'string' ? id : null;
}
