/** Seconds from `from` to `to` (hrtime nanoseconds); null when either moment never happened. */
export function secondsBetween(from: bigint | null, to: bigint | null): number | null {
  return from === null || to === null ? null : Number(to - from) / 1e9;
}
