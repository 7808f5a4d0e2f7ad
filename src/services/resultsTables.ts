/**
 * The results schema of the manual (§8.6.5, "Postgres SQL Schema") as data, shared by the
 * PostgreSQL reporter (createSchema) and the tests that stand up a database.
 *
 * Differences from the manual's DDL, which does not run as printed: the missing closing
 * parentheses are restored; `OIDS`/`OWNER` are left out (they name roles of one installation);
 * `perf_test_job` has the `status` column that the reporter has always sent.
 */

interface ColumnDef {
  name: string;
  type: string;
  notNull: boolean;
  default?: string;
}

interface ForeignKeyDef {
  /** The constraint name the manual gives. */
  name: string;
  column: string;
  table: string;
}

export interface TableDef {
  /** The table name after the configured prefix (`job` is `<prefix>job`). */
  name: string;
  columns: ColumnDef[];
  primaryKey: string;
  foreignKeys: ForeignKeyDef[];
}

const col = (name: string, type: string, notNull = true, def?: string): ColumnDef => ({ name, type, notNull, ...(def === undefined ? {} : { default: def }) });

export const RESULTS_TABLES: readonly TableDef[] = [
  {
    name: 'job',
    columns: [col('jid', 'uuid'), col('started', 'timestamp without time zone'), col('completed', 'timestamp without time zone'), col('status', 'integer', true, '0'), col('project', 'character varying(128)')],
    primaryKey: 'jid',
    foreignKeys: [],
  },
  {
    name: 'job_meta',
    columns: [col('id', 'serial'), col('jid', 'uuid'), col('name', 'character varying(32)'), col('value', 'character varying(128)')],
    primaryKey: 'id',
    foreignKeys: [{ name: 'jid', column: 'jid', table: 'job' }],
  },
  {
    name: 'job_phases',
    columns: [col('pid', 'uuid'), col('jid', 'uuid'), col('run', 'integer'), col('timestamp', 'timestamp without time zone')],
    primaryKey: 'pid',
    foreignKeys: [{ name: 'jid', column: 'jid', table: 'job' }],
  },
  {
    name: 'lookup_metrics',
    columns: [col('metric', 'uuid'), col('name', 'character varying(32)'), col('title', 'character varying(128)'), col('units', 'character varying(16)', false)],
    primaryKey: 'metric',
    foreignKeys: [],
  },
  {
    name: 'lookup_parameters',
    columns: [col('parameter', 'uuid'), col('name', 'character varying(32)'), col('title', 'character varying(128)'), col('units', 'character varying(16)', false)],
    primaryKey: 'parameter',
    foreignKeys: [],
  },
  {
    name: 'phase_flags',
    columns: [col('id', 'serial'), col('pid', 'uuid'), col('name', 'character varying(32)'), col('value', 'character varying(128)')],
    primaryKey: 'id',
    foreignKeys: [{ name: 'pid', column: 'pid', table: 'job_phases' }],
  },
  {
    name: 'phase_params',
    columns: [col('id', 'serial'), col('pid', 'uuid'), col('parameter', 'uuid'), col('value', 'character varying(128)')],
    primaryKey: 'id',
    foreignKeys: [
      { name: 'pid', column: 'pid', table: 'job_phases' },
      { name: 'parameter', column: 'parameter', table: 'lookup_parameters' },
    ],
  },
  {
    name: 'phase_metrics',
    columns: [col('id', 'serial'), col('pid', 'uuid'), col('metric', 'uuid'), col('value', 'numeric'), col('timestamp', 'timestamp without time zone')],
    primaryKey: 'id',
    foreignKeys: [
      { name: 'pid', column: 'pid', table: 'job_phases' },
      { name: 'metric', column: 'metric', table: 'lookup_metrics' },
    ],
  },
];
