import { closestMatches } from '../core/closestMatch.js';
import { median, rejectOutliers } from './rejectOutliers.js';
import { tPpf } from './studentT.js';
import type { Sample, Summarizer, SummarizerContext, SummaryValue } from './Summarizer.js';

type BuiltInFunction = (values: number[], context: SummarizerContext) => SummaryValue;

// Indexed loops throughout: over a million samples, `for...of` is several times slower.
function sum(values: number[]): number {
  let total = 0;
  for (let i = 0; i < values.length; i++) total += values[i];
  return total;
}

function mean(values: number[]): number {
  return values.length === 0 ? 0 : sum(values) / values.length;
}

function min(values: number[]): number {
  if (values.length === 0) return 0;
  let out = values[0];
  for (let i = 1; i < values.length; i++) if (values[i] < out) out = values[i];
  return out;
}

function max(values: number[]): number {
  if (values.length === 0) return 0;
  let out = values[0];
  for (let i = 1; i < values.length; i++) if (values[i] > out) out = values[i];
  return out;
}

/** The most frequent value; ties go to the smallest. */
function mode(values: number[]): number {
  if (values.length === 0) return 0;
  const sorted = Float64Array.from(values).sort();
  let best = sorted[0];
  let bestCount = 0;
  for (let i = 0; i < sorted.length; ) {
    let j = i + 1;
    while (j < sorted.length && sorted[j] === sorted[i]) j++;
    // Strictly greater, so the first (smallest) of equally frequent values stays.
    if (j - i > bestCount) {
      best = sorted[i];
      bestCount = j - i;
    }
    i = j;
  }
  return best;
}

/** Sample variance (divides by n - 1); fewer than two values give 0. */
function variance(values: number[]): number {
  const n = values.length;
  if (n < 2) return 0;
  const m = mean(values);
  let squares = 0;
  for (let i = 0; i < n; i++) squares += (values[i] - m) * (values[i] - m);
  return squares / (n - 1);
}

function sdeviation(values: number[]): number {
  return Math.sqrt(variance(values));
}

/**
 * The mean and the half-width of its two-sided 95% confidence interval,
 * t(0.975, n - 1) * s / sqrt(n) with s the sample standard deviation.
 */
function meanErr(values: number[], context: SummarizerContext): [number, number] {
  const n = values.length;
  if (n === 0) return [0, 0];
  if (n === 1) {
    // No spread can be estimated from one sample; 0 keeps reports free of NaN.
    context.note('mean_err of 1 sample: error is 0');
    return [values[0], 0];
  }
  return [mean(values), (tPpf(0.975, n - 1) * sdeviation(values)) / Math.sqrt(n)];
}

const FUNCTIONS: Record<string, BuiltInFunction> = {
  mean,
  mean_err: meanErr,
  min,
  max,
  sum,
  median,
  mode,
  variance,
  sdeviation,
  // The original accepted it (by accident) and users' configs rely on it.
  confidence_interval: meanErr,
};

/** Names accepted after `@` in a summarizer class. */
export const BUILTIN_SUMMARIZERS: readonly string[] = Object.keys(FUNCTIONS);

export interface BuiltInSummarizerOptions {
  /** The name in reports; defaults to the function name. */
  name?: string;
  /** Keep outliers (the default); `false` applies the MAD rejection first. */
  outliers?: boolean;
}

/** One of the built-in functions (`@mean`, `@mean_err`, ...), optionally with outlier rejection. */
export class BuiltInSummarizer implements Summarizer {
  readonly name: string;
  readonly outliers: boolean;
  private readonly fn: BuiltInFunction;

  constructor(
    readonly functionName: string,
    options: BuiltInSummarizerOptions = {},
  ) {
    if (!Object.hasOwn(FUNCTIONS, functionName)) {
      const close = closestMatches(functionName, BUILTIN_SUMMARIZERS, 1);
      // `p95`, `percentile_99`: percentiles are a class of their own, not a built-in name.
      const percentile = /^p(?:ercentile)?_?(\d+(?:\.\d+)?)$/i.exec(functionName);
      const hint = percentile
        ? `for a percentile use {class: summarize.PercentileSummarizer, percentile: ${percentile[1]}}`
        : close.length > 0
          ? `did you mean "${close[0]}"?`
          : `one of ${BUILTIN_SUMMARIZERS.join(', ')}`;
      throw new Error(`Unknown built-in summarizer "${functionName}" (${hint})`);
    }
    this.fn = FUNCTIONS[functionName];
    this.name = options.name ?? functionName;
    this.outliers = options.outliers ?? true;
  }

  calculate(samples: Sample[], context: SummarizerContext): SummaryValue {
    const kept = this.outliers ? samples : rejectOutliers(samples);
    return this.fn(
      kept.map((s) => s[1]),
      context,
    );
  }
}
