/** How the requests of one bulk follow each other. */
export interface BulkPacing {
  /** At most this many requests in flight, each replaced as soon as it completes. */
  parallel: number | null;
  /** This many requests sent together; the next burst waits until all of them completed. */
  burst: number | null;
  /** At most this many requests started per second. */
  rate: number | null;
}
