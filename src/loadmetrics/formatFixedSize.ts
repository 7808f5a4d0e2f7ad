const UNITS = 'KMGTPE';

/**
 * A byte count as Mongoose's summary writes it: `512B`, `20KB`, `1.500MB`, `15.25GB`: binary
 * units, whole numbers without decimals, otherwise 3, 2 or 1 decimals as the number grows.
 */
export function formatFixedSize(bytes: number): string {
  if (bytes < 1024) return `${bytes}B`;
  let z = 0;
  let x = bytes;
  while (x >= 1024 && z < UNITS.length) {
    x /= 1024;
    z += 1;
  }
  const unit = `${UNITS[z - 1]}B`;
  if (Number.isInteger(x)) return `${x}${unit}`;
  return `${x.toFixed(x < 10 ? 3 : x < 100 ? 2 : 1)}${unit}`;
}
