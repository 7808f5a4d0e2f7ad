/**
 * One operation as a load-generating class reports it when it ended; every moment is a
 * `process.hrtime.bigint()` reading. src/http's RequestRecord has this shape.
 */
export interface LoadOperation {
  /** Where it went: io.trace.csv's StorageNode (host:port) and ItemPath come from it. */
  url: string;
  /** Handed to the client. */
  start: bigint;
  /** The request was written; null if never. */
  sent: bigint | null;
  /** The first byte of the response arrived; null if none. */
  firstByte: bigint | null;
  /** The first byte of the response body arrived (io.trace.csv's DataLatency); null or absent if none or not known. */
  firstBodyByte?: bigint | null;
  /** Completed or failed. */
  end: bigint;
  bytesSent: number;
  bytesReceived: number;
  /** The HTTP status; 0 when no response arrived. */
  statusCode: number;
  /** Why it failed; null when it succeeded. */
  error: string | null;
}
