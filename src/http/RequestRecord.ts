/**
 * Everything known about one HTTP request of a channel, all moments in `process.hrtime.bigint()`
 * nanoseconds. Events are derived from it; load-metric modules can consume it as is.
 */
export interface RequestRecord {
  /** Position in its batch (0-based). */
  index: number;
  url: string;
  /** Upper-case HTTP method. */
  method: string;
  /** When the request was due: its slot of the `rate` schedule, else when it was started. */
  scheduled: bigint;
  /** When it was handed to the HTTP client. */
  start: bigint;
  /** When the request head and body were written to the socket; null if never. */
  sent: bigint | null;
  /** When the first byte of the response arrived; null if none. */
  firstByte: bigint | null;
  /** When the first byte of the response body arrived; null if none. */
  firstBodyByte: bigint | null;
  /** When the response body completed or the request failed. */
  end: bigint;
  /** Request body bytes. */
  bytesSent: number;
  /** Response body bytes. */
  bytesReceived: number;
  /** 0 when no response arrived. */
  statusCode: number;
  /** Why the request failed (a transport error or a status outside 2xx/3xx); null on success. */
  error: string | null;
}
