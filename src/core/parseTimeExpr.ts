/**
 * Seconds from a time expression: `"500ms"`, `"2s"`, `"1.5m"`, `"2h"`, `"10us"`, `"10"` (seconds) or a
 * number (seconds, returned unchanged). A falsy value (`null`, `""`, `0`) and anything unparsable give
 * `null`, as in the original, so callers that accept zero must check for it themselves.
 */
export function parseTimeExpr(value: unknown): number | null {
  if (!value) return null;
  if (typeof value === 'number') return value;
  if (typeof value !== 'string') return null;
  const text = value.trim().toLowerCase();
  // `us` and `ms` come before `s` so that "10ms" is not read as "10m" + "s".
  for (const [suffix, toSeconds] of UNITS) {
    if (text.endsWith(suffix)) return parseNumber(text.slice(0, -suffix.length), toSeconds);
  }
  return parseNumber(text, (n) => n);
}

const UNITS: ReadonlyArray<readonly [string, (n: number) => number]> = [
  // Sub-second scales divide so that "100ms" is exactly 0.1, not 100 * 0.001.
  ['us', (n) => n / 1e6],
  ['ms', (n) => n / 1e3],
  ['s', (n) => n],
  ['m', (n) => n * 60],
  ['h', (n) => n * 3600],
];

// Number() alone would accept "", "0x10" and "Infinity", which are not time expressions.
const NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:e[+-]?\d+)?$/;

function parseNumber(text: string, toSeconds: (n: number) => number): number | null {
  const trimmed = text.trim();
  return NUMBER.test(trimmed) ? toSeconds(Number(trimmed)) : null;
}
