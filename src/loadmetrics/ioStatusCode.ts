/** Mongoose's operation status codes (io.trace.csv's StatusCode). */
export const IO_STATUS = {
  INTERRUPTED: 2,
  UNKNOWN_FAILURE: 3,
  SUCCESS: 4,
  IO_FAILURE: 5,
  TIMEOUT: 6,
  CLIENT_FAILURE: 8,
  STORAGE_FAILURE: 9,
  NOT_FOUND: 10,
  ACCESS_FAILURE: 11,
  NO_SPACE: 13,
} as const;

/** The HTTP status codes Mongoose's table maps to a status other than "unknown failure". */
const BY_HTTP_STATUS = new Map<number, number>([
  [504, IO_STATUS.TIMEOUT],
  ...[100, 400, 405, 409, 411, 414, 416].map((c): [number, number] => [c, IO_STATUS.CLIENT_FAILURE]),
  ...[413, 415, 429, 500, 501, 502, 503, 505].map((c): [number, number] => [c, IO_STATUS.STORAGE_FAILURE]),
  [404, IO_STATUS.NOT_FOUND],
  [401, IO_STATUS.ACCESS_FAILURE],
  [403, IO_STATUS.ACCESS_FAILURE],
  [507, IO_STATUS.NO_SPACE],
]);

/** The texts src/http gives a request that ran out of time (its own `timeout`, undici's header and body limits, a connect timeout). */
const TIMEOUT_ERROR = /\(timeout\)|connect timeout|in time$|stalled$/;

/**
 * The status code of an operation: an HTTP status as Mongoose's table maps it (2xx success,
 * 504 timeout, 404 not found, ... every other code "unknown failure"); without a response, a
 * timeout, an interrupted (aborted) request or an I/O failure (refused, reset, closed...).
 */
export function ioStatusCode(statusCode: number, error: string | null): number {
  if (statusCode > 0) return statusCode >= 200 && statusCode < 300 ? IO_STATUS.SUCCESS : (BY_HTTP_STATUS.get(statusCode) ?? IO_STATUS.UNKNOWN_FAILURE);
  if (error !== null && TIMEOUT_ERROR.test(error)) return IO_STATUS.TIMEOUT;
  if (error === 'Request aborted') return IO_STATUS.INTERRUPTED;
  return IO_STATUS.IO_FAILURE;
}
