/** One metric observation: when it was taken (epoch seconds) and its value. */
export type Sample = [ts: number, value: number];

/** A summarized value: a plain number, or a value with its error (`mean_err`). */
export type SummaryValue = number | [value: number, error: number];

/** What a summarizer sees of the test case it summarizes. */
export interface SummarizerContext {
  /** The test case's parameter values. */
  parameters: Record<string, unknown>;
  /** Attaches a remark to the test case (e.g. "mean_err of 1 sample: error is 0"). */
  note(message: string): void;
}

/** Reduces the time series of one metric in one test case to a single value. */
export interface Summarizer {
  /** The name shown in reports (`<metric>.<name>` in indicators). */
  readonly name: string;
  calculate(samples: Sample[], context: SummarizerContext): SummaryValue;
}

/** One `summarize:` entry of a metric, in its extended form. */
export interface SummarizerConfig {
  class: string;
  name?: string;
  outliers?: boolean;
  percentile?: number;
  [k: string]: unknown;
}
