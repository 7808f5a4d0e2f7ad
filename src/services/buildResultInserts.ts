import { randomUUID } from 'node:crypto';
import { formatValue } from '../core/Expression.js';
import { nowSeconds } from '../core/Event.js';
import type { GeneralConfig } from '../core/config/GeneralConfig.js';
import type { MetricCollector } from '../core/MetricCollector.js';
import { localIsoTime } from './localIsoTime.js';

export type ResultRow = Record<string, string | number>;

/** One insert of the results upload: one POST for PostgREST, one INSERT statement for PostgreSQL. */
export interface ResultInsert {
  /** The table name after the prefix. */
  table: string;
  /** A single row (sent as a JSON object) or a list of rows (sent as a JSON array). */
  body: ResultRow | ResultRow[];
  /** Lookup rows may already exist: PostgREST answers 409, PostgreSQL skips the row. */
  acceptExisting: boolean;
}

export interface ResultSource {
  general: GeneralConfig;
  collector: MetricCollector;
  meta: Record<string, unknown>;
  project: string;
  /** Told about parameters that have no uuid because they are not in config.parameters. */
  warn(message: string): void;
}

const hexUuid = (): string => randomUUID().replace(/-/g, '');

/**
 * The results upload in the original's order and shapes (original-behavior §19.7): the lookup
 * rows one by one, then the job, its meta, one phase per test case, and the phases' flags,
 * parameters and metric samples. Uuids are checked at start-up (checkResultUuids).
 */
export function buildResultInserts(src: ResultSource): ResultInsert[] {
  const { general, collector } = src;
  const now = nowSeconds();
  const inserts: ResultInsert[] = [];
  for (const m of general.metrics) {
    inserts.push({ table: 'lookup_metrics', body: { metric: String(m.uuid), name: m.name, title: m.title ?? m.name, units: m.units ?? m.name }, acceptExisting: true });
  }
  for (const p of general.parameters) {
    inserts.push({ table: 'lookup_parameters', body: { parameter: String(p.uuid), name: p.name, title: p.title ?? p.name, units: p.units ?? p.name }, acceptExisting: true });
  }
  const jid = hexUuid();
  inserts.push({
    table: 'job',
    body: { jid, started: localIsoTime(collector.started ?? now), completed: localIsoTime(now), status: 0, project: src.project },
    acceptExisting: false,
  });
  inserts.push({ table: 'job_meta', body: Object.entries(src.meta).map(([name, value]) => ({ jid, name, value: formatValue(value) })), acceptExisting: false });

  const parameterUuid = new Map(general.parameters.map((p) => [p.name, String(p.uuid)]));
  const metricUuid = new Map(general.metrics.map((m) => [m.name, String(m.uuid)]));
  const phases: ResultRow[] = [];
  const flags: ResultRow[] = [];
  const params: ResultRow[] = [];
  const metrics: ResultRow[] = [];
  const undeclared = new Set<string>();
  for (const axis of collector.axes) {
    const pid = hexUuid();
    phases.push({ pid, jid, run: 0, timestamp: localIsoTime(now) });
    for (const [name, value] of Object.entries(axis.flags)) flags.push({ pid, name, value: formatValue(value) });
    for (const [name, value] of Object.entries(axis.parameters)) {
      const uuid = parameterUuid.get(name);
      if (uuid === undefined) undeclared.add(name);
      else params.push({ pid, parameter: uuid, value: formatValue(value) });
    }
    for (const [name, series] of axis.series) {
      const uuid = metricUuid.get(name)!;
      for (const [ts, value] of series.samples()) metrics.push({ pid, metric: uuid, value, timestamp: localIsoTime(ts) });
    }
  }
  if (undeclared.size > 0) src.warn(`Not storing parameters missing from config.parameters (they have no uuid): ${[...undeclared].join(', ')}`);
  inserts.push({ table: 'job_phases', body: phases, acceptExisting: false });
  inserts.push({ table: 'phase_flags', body: flags, acceptExisting: false });
  inserts.push({ table: 'phase_params', body: params, acceptExisting: false });
  inserts.push({ table: 'phase_metrics', body: metrics, acceptExisting: false });
  return inserts;
}
