import type { JsonObject } from './types.js';

/** An HTTP error answer with Marathon's JSON error body. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: JsonObject,
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(typeof body.message === 'string' ? body.message : `HTTP ${status}`);
  }

  static message(status: number, message: string): ApiError {
    return new ApiError(status, { message });
  }

  /** Marathon's validation failure (HTTP 422) for one JSON path. */
  static invalid(path: string, error: string): ApiError {
    return new ApiError(422, { message: 'Object is not valid', details: [{ path, errors: [error] }] });
  }

  static methodNotAllowed(): ApiError {
    return ApiError.message(405, 'HTTP 405 Method Not Allowed');
  }

  static notFound(): ApiError {
    return ApiError.message(404, 'HTTP 404 Not Found');
  }
}
