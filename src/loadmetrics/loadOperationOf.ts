import { isSuccessStatus } from '../http/isSuccessStatus.js';
import type { TimedResponse } from '../http/timedRequest.js';
import type { LoadOperation } from './LoadOperation.js';

/** The operation of one timed HTTP request to `url`; it failed without a response or when `succeeded` rejects its status. */
export function loadOperationOf(url: string, res: TimedResponse, succeeded: (statusCode: number) => boolean = isSuccessStatus): LoadOperation {
  return {
    url,
    start: res.start,
    sent: res.sent,
    firstByte: res.firstByte,
    firstBodyByte: res.firstBodyByte,
    end: res.end,
    bytesSent: res.bytesSent,
    bytesReceived: res.bytesReceived,
    statusCode: res.statusCode,
    error: res.error ?? (succeeded(res.statusCode) ? null : `HTTP ${res.statusCode}`),
  };
}
