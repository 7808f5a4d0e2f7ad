import { performance } from 'node:perf_hooks';

// One anchor taken at load: hrtime and performance.now() run on the same monotonic clock, so
// converting later readings keeps sub-microsecond spacing and matches Event's nowSeconds().
const ANCHOR_HR = process.hrtime.bigint();
const ANCHOR_EPOCH_MS = performance.timeOrigin + performance.now();

/** Epoch seconds of a `process.hrtime.bigint()` reading, for event timestamps. */
export function hrToEpochSeconds(hr: bigint): number {
  return (ANCHOR_EPOCH_MS + Number(hr - ANCHOR_HR) / 1e6) / 1000;
}
