import { closestMatches } from '../../core/closestMatch.js';
import { compileExpression, evaluateExpression } from '../../core/Expression.js';
import type { SummaryValue } from '../../summarizers/Summarizer.js';

/** One test case as the summarizer collector reports it. */
export interface AxisSummary {
  parameters: Record<string, unknown>;
  /** metric -> summarizer name -> summarized value. */
  values: Record<string, Record<string, SummaryValue | null>>;
  flags: Record<string, unknown>;
}

// `parameter` is the manual's spelling of `normalizeto`.
const KNOWN_KEYS = ['name', 'class', 'metric', 'normalizeto', 'parameter'];

/**
 * Base of the `indicator.Normalized*MetricIndicator` classes: takes
 * `<metric>.<summarizer>` of every test case, divides it by `normalizeto`
 * (an expression over the definitions and the test case's parameters, the
 * parameters winning; 1 when absent) and reduces the results to one number.
 */
export abstract class NormalizedMetricIndicator {
  readonly name: string;
  readonly metric: string;
  readonly summarizer: string;
  readonly normalizeto: string | number;

  constructor(config: Record<string, unknown>) {
    const kind = new.target.name;
    const label = typeof config.name === 'string' && config.name !== '' ? `${kind} "${config.name}"` : kind;
    for (const key of Object.keys(config)) {
      if (KNOWN_KEYS.includes(key)) continue;
      const close = closestMatches(key, KNOWN_KEYS, 1);
      const hint = close.length > 0 ? ` (did you mean "${close[0]}"?)` : ` (known: ${KNOWN_KEYS.join(', ')})`;
      throw new Error(`${label}: unknown option "${key}"${hint}`);
    }

    const metric = config.metric;
    const parts = typeof metric === 'string' ? metric.split('.') : [];
    if (parts.length !== 2 || parts[0] === '' || parts[1] === '') {
      throw new Error(`${label}: \`metric\` must be "<metric>.<summarizer>", got ${JSON.stringify(metric) ?? 'nothing'}`);
    }
    [this.metric, this.summarizer] = parts;
    this.name = typeof config.name === 'string' && config.name !== '' ? config.name : (metric as string);

    if (config.normalizeto !== undefined && config.parameter !== undefined && config.normalizeto !== config.parameter) {
      throw new Error(`${label}: give either \`normalizeto\` or \`parameter\`, not both`);
    }
    const norm = config.normalizeto ?? config.parameter ?? 1;
    if (typeof norm === 'number') {
      if (!Number.isFinite(norm) || norm === 0) throw new Error(`${label}: \`normalizeto\` must be a non-zero number or an expression, got ${norm}`);
    } else if (typeof norm === 'string' && norm.trim() !== '') {
      try {
        compileExpression(norm);
      } catch (err) {
        throw new Error(`${label}: \`normalizeto\`: ${err instanceof Error ? err.message : String(err)}`);
      }
    } else {
      throw new Error(`${label}: \`normalizeto\` must be a non-zero number or an expression, got ${JSON.stringify(norm)}`);
    }
    this.normalizeto = norm;
  }

  /** The indicator over all test cases; null when no test case gives a value. */
  calculate(axes: AxisSummary[], definitions: Record<string, unknown> = {}): number | null {
    const values = this.normalizedValues(axes, definitions);
    return values.length === 0 ? null : this.aggregate(values);
  }

  /**
   * The normalised value of every test case, in order. A test case whose
   * normaliser fails to evaluate, or is zero or not a number, has no value:
   * dividing by it would put NaN or Infinity into the indicator.
   */
  normalizedValues(axes: AxisSummary[], definitions: Record<string, unknown> = {}): number[] {
    const out: number[] = [];
    for (const axis of axes) {
      const value = this.valueOf(axis);
      const norm = this.normaliser(axis, definitions);
      // A test case without samples (null) has nothing to contribute.
      if (value !== null && norm !== undefined) out.push(value / norm);
    }
    return out;
  }

  protected abstract aggregate(values: number[]): number;

  private valueOf(axis: AxisSummary): number | null {
    const summaries = axis.values[this.metric];
    if (summaries === undefined) {
      throw new Error(`Indicator "${this.name}": no metric "${this.metric}"${suggest(this.metric, Object.keys(axis.values))}`);
    }
    const value = summaries[this.summarizer];
    if (value === undefined) {
      throw new Error(`Indicator "${this.name}": metric "${this.metric}" has no summarizer "${this.summarizer}"${suggest(this.summarizer, Object.keys(summaries))}`);
    }
    if (value === null) return null;
    return Array.isArray(value) ? value[0] : value;
  }

  private normaliser(axis: AxisSummary, definitions: Record<string, unknown>): number | undefined {
    let result: unknown = this.normalizeto;
    if (typeof result === 'string') {
      try {
        result = evaluateExpression(result, { ...definitions, ...axis.parameters });
      } catch {
        return undefined;
      }
    }
    const n = typeof result === 'number' ? result : typeof result === 'bigint' ? Number(result) : typeof result === 'string' && result.trim() !== '' ? Number(result) : NaN;
    return Number.isFinite(n) && n !== 0 ? n : undefined;
  }
}

function suggest(name: string, candidates: string[]): string {
  const close = closestMatches(name, candidates, 1);
  if (close.length > 0) return ` (did you mean "${close[0]}"?)`;
  return candidates.length > 0 ? ` (available: ${candidates.join(', ')})` : '';
}
