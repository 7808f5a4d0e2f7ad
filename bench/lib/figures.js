// Shared by the benchmarks: how figures are measured and printed.

/** The median of a list of numbers. */
export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** 1234567.8 -> "1,234,568". */
export function formatNumber(value, digits = 0) {
  return value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/** One result line: `name: figure (ratio x baseline)`; the ratio is figure / baseline. */
export function printFigure(name, value, unit, baseline, digits = 0) {
  console.log(`${name}: ${formatNumber(value, digits)} ${unit} (${(value / baseline).toFixed(2)}x baseline)`);
}

/** The baseline line, printed right after the figures measured against it. */
export function printBaseline(name, value, unit, digits = 0) {
  console.log(`  baseline, ${name}: ${formatNumber(value, digits)} ${unit}`);
}
