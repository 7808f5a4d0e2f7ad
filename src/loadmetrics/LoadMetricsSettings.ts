import { didYouMean } from '../core/closestMatch.js';
import { isPlainObject } from '../core/config/ConfigLoader.js';
import { parseTimeExpr } from '../core/parseTimeExpr.js';

/** How a load-generating class reports its load metrics (`config.loadMetrics`, or its own `loadMetrics` option). */
export interface LoadMetricsSettings {
  /** Seconds between table rows and metrics.csv rows; 0: none (the final row and the totals remain). */
  period: number;
  /** Table rows between two headers; 0: the header only once. */
  headerPeriod: number;
  /** Write io.trace.csv, one line per operation. */
  trace: boolean;
  /** Fraction (0 to 1) of the concurrency limit from which the steady-state window counts; 0: no window. */
  threshold: number;
  /** Write metrics.csv, metrics.total.csv and metrics.threshold.total.csv. */
  persist: boolean;
}

export const DEFAULT_LOAD_METRICS: Readonly<LoadMetricsSettings> = { period: 10, headerPeriod: 20, trace: false, threshold: 0, persist: true };

export const LOAD_METRICS_KEYS = ['enabled', 'period', 'headerPeriod', 'trace', 'threshold', 'persist'];

/** A bad `loadMetrics` value; `key` is the offending key inside the mapping, if any. */
export class LoadMetricsSettingError extends Error {
  constructor(
    message: string,
    readonly key?: string,
  ) {
    super(message);
  }
}

const BOOLEAN_TEXT = /^(y|yes|true|on|n|no|false|off)$/i;

function readBoolean(value: unknown, key: string): boolean {
  if (typeof value === 'boolean') return value;
  // A value rendered from a macro is text.
  if (typeof value === 'string' && BOOLEAN_TEXT.test(value.trim())) return /^(y|yes|true|on)$/i.test(value.trim());
  throw new LoadMetricsSettingError(`\`loadMetrics.${key}\` must be yes or no, got ${JSON.stringify(value)}`, key);
}

function readNumber(value: unknown, key: string, check: (n: number) => boolean, expected: string): number {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isFinite(n) || !check(n)) throw new LoadMetricsSettingError(`\`loadMetrics.${key}\` must be ${expected}, got ${JSON.stringify(value)}`, key);
  return n;
}

/**
 * The settings a `loadMetrics` value gives on top of `base`: `yes` (the base, or the defaults),
 * `no` (null: no load metrics) or a mapping of keys (`enabled: no` turns them off). Absent:
 * the base unchanged. Throws LoadMetricsSettingError naming the bad key.
 */
export function readLoadMetricsSettings(value: unknown, base: LoadMetricsSettings | null): LoadMetricsSettings | null {
  if (value === undefined || value === null) return base;
  if (typeof value === 'boolean' || typeof value === 'string') return readBoolean(value, 'enabled') ? (base ?? { ...DEFAULT_LOAD_METRICS }) : null;
  if (!isPlainObject(value)) throw new LoadMetricsSettingError(`\`loadMetrics\` must be yes, no or a mapping of ${LOAD_METRICS_KEYS.join(', ')}`);
  for (const key of Object.keys(value)) {
    if (!LOAD_METRICS_KEYS.includes(key)) throw new LoadMetricsSettingError(`Unknown key \`${key}\` in loadMetrics${didYouMean(key, LOAD_METRICS_KEYS) || ` (expected ${LOAD_METRICS_KEYS.join(', ')})`}`, key);
  }
  const settings: LoadMetricsSettings = { ...(base ?? DEFAULT_LOAD_METRICS) };
  if (value.period !== undefined) {
    const zero = value.period === 0 || value.period === '0';
    const seconds = zero ? 0 : parseTimeExpr(value.period);
    if (seconds === null || seconds < 0) throw new LoadMetricsSettingError(`\`loadMetrics.period\` must be a time (seconds, or e.g. 500ms, 10s; 0 for no periodic output), got ${JSON.stringify(value.period)}`, 'period');
    settings.period = seconds;
  }
  if (value.headerPeriod !== undefined) settings.headerPeriod = readNumber(value.headerPeriod, 'headerPeriod', (n) => Number.isInteger(n) && n >= 0, 'a whole number of rows (0: the header once)');
  if (value.trace !== undefined) settings.trace = readBoolean(value.trace, 'trace');
  if (value.persist !== undefined) settings.persist = readBoolean(value.persist, 'persist');
  if (value.threshold !== undefined) settings.threshold = readNumber(value.threshold, 'threshold', (n) => n >= 0 && n <= 1, 'a fraction from 0 to 1 (0: no threshold window)');
  const enabled = value.enabled === undefined ? true : readBoolean(value.enabled, 'enabled');
  return enabled ? settings : null;
}
