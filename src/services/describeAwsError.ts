import { describeHttpError } from '../http/describeHttpError.js';

/**
 * A one-line reason for an AWS SDK failure: the service's error code and message, or what went
 * wrong with the connection or the credentials.
 */
export function describeAwsError(err: unknown, endpoint: string): string {
  if (!(err instanceof Error)) return String(err);
  const status = (err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
  if (typeof (err as { code?: unknown }).code === 'string' && status === undefined) return describeHttpError(err, endpoint);
  const message = err.message.replace(/\s+/g, ' ').trim();
  const code = err.name && err.name !== 'Error' ? err.name : '';
  const text = code && message && !message.startsWith(code) ? `${code}: ${message}` : message || code || 'unknown error';
  return status === undefined ? text : `${text} (HTTP ${status})`;
}
