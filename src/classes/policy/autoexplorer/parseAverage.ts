import type { Average } from './averageValues.js';

/** Parses the `average` option: `mean` or `pNN` with NN in 0..100. */
export function parseAverage(text: string): Average {
  if (text === 'mean') return { kind: 'mean' };
  const m = /^p(\d+(?:\.\d+)?)$/.exec(text);
  if (m && Number(m[1]) <= 100) return { kind: 'percentile', q: Number(m[1]) };
  throw new Error(`Unknown average value \`${text}\` (expected mean or pNN, e.g. p95)`);
}
