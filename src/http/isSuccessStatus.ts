/** 2xx and 3xx count as success; everything else (and 0, no response) as a failure. */
export function isSuccessStatus(statusCode: number): boolean {
  return statusCode >= 200 && statusCode < 400;
}
