/** Longest value recorded as is (24 h in µs); longer ones count as this. */
const HIGHEST_US = 24 * 3600 * 1e6;

/** Values below this many are counted one by one; above, 2^SUB_BITS / 2 slots per power of two. */
const SUB_BITS = 11;
const SUB_COUNT = 1 << SUB_BITS;
const HALF_COUNT = SUB_COUNT >> 1;

/** The slot of a whole non-negative value: exact below SUB_COUNT, within 1/1024 of it above. */
function slotOf(value: number): number {
  if (value < SUB_COUNT) return value;
  // Math.clz32 covers values below 2^32 (71 minutes); longer ones take the slower log2.
  const magnitude = value < 0x100000000 ? 31 - Math.clz32(value) : Math.floor(Math.log2(value));
  const shift = magnitude - (SUB_BITS - 1);
  const sub = Math.floor(value / 2 ** shift);
  return SUB_COUNT + (shift - 1) * HALF_COUNT + (sub - HALF_COUNT);
}

/** The highest value that falls into `slot`. */
function highestOf(slot: number): number {
  if (slot < SUB_COUNT) return slot;
  const k = slot - SUB_COUNT;
  const shift = Math.floor(k / HALF_COUNT) + 1;
  const sub = (k % HALF_COUNT) + HALF_COUNT;
  return (sub + 1) * 2 ** shift - 1;
}

const SLOTS = slotOf(HIGHEST_US) + 1;

/**
 * Count, sum, min, max and percentiles of non-negative whole microseconds in bounded memory: a
 * log-linear histogram as HdrHistogram lays it out with 3 significant digits (2048 slots for the
 * values below 2048, then 1024 per power of two; about 230 kB whatever the count). The mean, min
 * and max are exact; a percentile is within 0.1% above the exact nearest-rank value, and never
 * outside [min, max]. Recording one value is a few array operations: under load it runs twice
 * per request.
 */
export class HdrStats {
  private readonly counts = new Float64Array(SLOTS);
  count = 0;
  sum = 0;
  min = 0;
  max = 0;

  /** Bytes the histogram holds, the same from the first value to the last. */
  get footprintBytes(): number {
    return this.counts.byteLength;
  }

  record(us: number): void {
    const value = Math.min(Math.max(0, Math.trunc(us)), HIGHEST_US);
    this.counts[slotOf(value)]! += 1;
    if (this.count === 0 || value < this.min) this.min = value;
    if (value > this.max) this.max = value;
    this.count += 1;
    this.sum += value;
  }

  /** 0 when nothing was recorded. */
  get mean(): number {
    return this.count === 0 ? 0 : this.sum / this.count;
  }

  /** The value at percentile `p` (0-100) by nearest rank; 0 when nothing was recorded. */
  percentile(p: number): number {
    if (this.count === 0) return 0;
    const rank = Math.max(1, Math.ceil((p / 100) * this.count));
    let seen = 0;
    for (let slot = slotOf(this.min); slot < SLOTS; slot++) {
      seen += this.counts[slot]!;
      if (seen >= rank) return Math.min(this.max, Math.max(this.min, highestOf(slot)));
    }
    return this.max;
  }
}
