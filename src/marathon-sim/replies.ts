import { ApiError } from './ApiError.js';
import type { Deployment } from './Deployment.js';
import type { Reply } from './Exchange.js';
import { isJsonObject } from './JsonValues.js';
import type { JsonObject } from './types.js';

export const DEPLOYMENT_HEADER = 'Marathon-Deployment-Id';

/** Marathon's answer to a change: `{version, deploymentId}` plus the deployment header. */
export function deploymentResult(deployment: Deployment, status = 200, headers: Record<string, string> = {}): Reply {
  return {
    status,
    body: { version: deployment.version, deploymentId: deployment.id },
    headers: { ...headers, [DEPLOYMENT_HEADER]: deployment.id },
  };
}

export function requireObject(body: unknown): JsonObject {
  if (!isJsonObject(body)) {
    throw new ApiError(400, { message: 'Invalid JSON', details: [{ path: '/', errors: ['error.expected.jsobject'] }] });
  }
  return body;
}
