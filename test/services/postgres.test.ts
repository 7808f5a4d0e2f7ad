import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runConfig } from '../helpers/driver.js';
import { startPostgres, type TestPostgres } from './harness/postgres.js';
import { startPostgrestGateway, type PostgrestGateway } from './harness/postgrestGateway.js';
import { M_UUID, X_UUID, Y_UUID, reporterFailures, sweepConfig } from './harness/sweepConfig.js';

let db: TestPostgres;
let gateway: PostgrestGateway;

beforeAll(async () => {
  db = await startPostgres();
  gateway = await startPostgrestGateway(db.url, 'metric_data');
}, 300_000);

afterAll(async () => {
  await gateway?.close();
  await db?.stop();
}, 60_000);

const LOCAL_ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}$/;

/** Everything one job wrote, read back from the database with values as text. */
async function readJob(schema: string, prefix: string, jid: string) {
  const t = (name: string): string => `"${schema}"."${prefix}${name}"`;
  const [job] = await db.query<{ jid: string; started: string; completed: string; status: number; project: string }>(
    `SELECT jid::text, to_char(started, 'YYYY-MM-DD"T"HH24:MI:SS.US') AS started, to_char(completed, 'YYYY-MM-DD"T"HH24:MI:SS.US') AS completed, status, project FROM ${t('job')} WHERE jid = $1`,
    [jid],
  );
  const meta = await db.query(`SELECT name, value FROM ${t('job_meta')} WHERE jid = $1 ORDER BY name`, [jid]);
  const phases = await db.query<{ pid: string; run: number; timestamp: string }>(
    `SELECT pid::text, run, to_char("timestamp", 'YYYY-MM-DD"T"HH24:MI:SS.US') AS timestamp FROM ${t('job_phases')} WHERE jid = $1`,
    [jid],
  );
  const pids = phases.map((p) => p.pid);
  const params = await db.query<{ pid: string; parameter: string; value: string }>(`SELECT pid::text, parameter::text, value FROM ${t('phase_params')} WHERE pid = ANY($1::uuid[]) ORDER BY id`, [pids]);
  const flags = await db.query<{ pid: string; name: string; value: string }>(`SELECT pid::text, name, value FROM ${t('phase_flags')} WHERE pid = ANY($1::uuid[]) ORDER BY id`, [pids]);
  const metrics = await db.query<{ pid: string; metric: string; value: string; timestamp: string }>(
    `SELECT pid::text, metric::text, value::text, to_char("timestamp", 'YYYY-MM-DD"T"HH24:MI:SS.US') AS timestamp FROM ${t('phase_metrics')} WHERE pid = ANY($1::uuid[]) ORDER BY id`,
    [pids],
  );
  // One phase per test case, identified by its x.
  const byX = new Map<string, string>(params.filter((p) => p.parameter === X_UUID).map((p) => [p.value, p.pid]));
  return { job, meta, phases, params, flags, metrics, byX };
}

async function jobIds(schema: string, prefix: string): Promise<string[]> {
  return (await db.query<{ jid: string }>(`SELECT jid::text FROM "${schema}"."${prefix}job" ORDER BY started, jid`)).map((r) => r.jid);
}

/** The rows both reporters write for the sweep: checked field by field. */
async function expectSweepRows(schema: string, prefix: string, jid: string, project: string): Promise<void> {
  const { job, meta, phases, params, flags, metrics, byX } = await readJob(schema, prefix, jid);
  expect(job).toMatchObject({ jid, status: 0, project });
  expect(job!.started).toMatch(LOCAL_ISO);
  expect(job!.completed >= job!.started).toBe(true);
  expect(meta).toEqual([
    { name: 'env', value: 'ci' },
    { name: 'version', value: 'master' },
  ]);
  expect(phases).toHaveLength(2);
  for (const p of phases) {
    expect(p.run).toBe(0);
    expect(p.timestamp >= job!.started && p.timestamp <= job!.completed).toBe(true);
  }
  const x1 = byX.get('1')!;
  const x2 = byX.get('2')!;
  expect(new Set([x1, x2])).toEqual(new Set(phases.map((p) => p.pid)));
  expect(params).toEqual(
    expect.arrayContaining([
      { pid: x1, parameter: X_UUID, value: '1' },
      { pid: x1, parameter: Y_UUID, value: '9' },
      { pid: x2, parameter: X_UUID, value: '2' },
      { pid: x2, parameter: Y_UUID, value: '9' },
    ]),
  );
  expect(params).toHaveLength(4);
  expect(flags).toEqual(expect.arrayContaining([{ pid: x1, name: 'status', value: 'OK' }, { pid: x2, name: 'status', value: 'OK' }]));
  expect(flags).toHaveLength(2);
  expect(metrics.map((m) => [m.pid, m.metric, m.value])).toEqual(
    expect.arrayContaining([
      [x1, M_UUID, '1'],
      [x1, M_UUID, '3'],
      [x2, M_UUID, '2'],
      [x2, M_UUID, '6'],
    ]),
  );
  expect(metrics).toHaveLength(4);
  for (const m of metrics) expect(m.timestamp >= job!.started && m.timestamp <= job!.completed).toBe(true);
}

describe('reporter.PostgRESTReporter (PostgREST protocol over the real database)', () => {
  const reporter = (extra = '') => `  - class: reporter.PostgRESTReporter\n    url: ${gateway.url}/\n    prefix: perf_test_\n    project: svc${extra}`;

  it('sends the original insert sequence and bodies, and the rows land in PostgreSQL', async () => {
    const before = gateway.requests.length;
    const r = await runConfig(sweepConfig(reporter()));
    expect(r.code).toBe(0);
    expect(r.logs.some((l) => l.includes('Successfully uploaded results to PostgREST'))).toBe(true);
    const sent = gateway.requests.slice(before);
    expect(sent.map((q) => [q.method, q.path, q.status])).toEqual([
      ['POST', '/perf_test_lookup_metrics', 201],
      ['POST', '/perf_test_lookup_parameters', 201],
      ['POST', '/perf_test_lookup_parameters', 201],
      ['POST', '/perf_test_job', 201],
      ['POST', '/perf_test_job_meta', 201],
      ['POST', '/perf_test_job_phases', 201],
      ['POST', '/perf_test_phase_flags', 201],
      ['POST', '/perf_test_phase_params', 201],
      ['POST', '/perf_test_phase_metrics', 201],
    ]);
    for (const q of sent) expect(q.headers['content-type']).toBe('application/json');
    expect(sent[0]!.body).toEqual({ metric: M_UUID, name: 'm', title: 'Deploy time', units: 's' });
    expect(sent[1]!.body).toEqual({ parameter: X_UUID, name: 'x', title: 'Instances', units: 'count' });
    // Without title and units, both fall back to the name, as in the original.
    expect(sent[2]!.body).toEqual({ parameter: Y_UUID, name: 'y', title: 'y', units: 'y' });
    const job = sent[3]!.body as Record<string, unknown>;
    expect(Object.keys(job).sort()).toEqual(['completed', 'jid', 'project', 'started', 'status']);
    expect(job.jid).toMatch(/^[0-9a-f]{32}$/);
    expect(job).toMatchObject({ status: 0, project: 'svc' });
    expect(job.started).toMatch(LOCAL_ISO);
    for (const q of sent.slice(4)) expect(Array.isArray(q.body)).toBe(true);
    expect(sent[4]!.body).toEqual([
      { jid: job.jid, name: 'version', value: 'master' },
      { jid: job.jid, name: 'env', value: 'ci' },
    ]);
    const phases = sent[5]!.body as Array<Record<string, unknown>>;
    expect(phases.map((p) => Object.keys(p).sort())).toEqual([
      ['jid', 'pid', 'run', 'timestamp'],
      ['jid', 'pid', 'run', 'timestamp'],
    ]);
    const samples = sent[8]!.body as Array<Record<string, unknown>>;
    expect(samples.map((s) => [s.pid === phases[0]!.pid ? 0 : 1, s.metric, s.value])).toEqual([
      [0, M_UUID, 1],
      [0, M_UUID, 3],
      [1, M_UUID, 2],
      [1, M_UUID, 6],
    ]);

    const uuidOf = (hex: string): string => hex.replace(/^(.{8})(.{4})(.{4})(.{4})(.{12})$/, '$1-$2-$3-$4-$5');
    await expectSweepRows('metric_data', 'perf_test_', uuidOf(String(job.jid)), 'svc');
    expect(await db.query('SELECT metric::text, name, title, units FROM metric_data.perf_test_lookup_metrics')).toEqual([{ metric: M_UUID, name: 'm', title: 'Deploy time', units: 's' }]);
  });

  it('accepts 409 for lookup rows that exist, so a second job uploads too', async () => {
    const jobsBefore = (await jobIds('metric_data', 'perf_test_')).length;
    const before = gateway.requests.length;
    const r = await runConfig(sweepConfig(reporter()));
    expect(r.code).toBe(0);
    const sent = gateway.requests.slice(before);
    expect(sent.slice(0, 3).map((q) => q.status)).toEqual([409, 409, 409]);
    expect(sent.slice(3).every((q) => q.status === 201)).toBe(true);
    expect(await jobIds('metric_data', 'perf_test_')).toHaveLength(jobsBefore + 1);
  });

  it('stops at the first failed insert and fails the run with one clear line', async () => {
    gateway.failNext('perf_test_job_phases', 500);
    const before = gateway.requests.length;
    const r = await runConfig(sweepConfig(`${reporter()}\n  - class: reporter.CSVReporter`));
    expect(r.code).toBe(1);
    expect(gateway.requests.slice(before).map((q) => q.path).at(-1)).toBe('/perf_test_job_phases');
    expect(reporterFailures(r.logs)).toEqual([
      expect.stringContaining("Reporter 'reporter.PostgRESTReporter' failed with error: Unable to insert into perf_test_job_phases table (Unexpected HTTP response 500: injected failure)"),
    ]);
    expect(r.exists('results.csv')).toBe(true);
  });

  it('refuses to start when a parameter or metric has no uuid', async () => {
    const r = await runConfig(sweepConfig(reporter(), { metricUuid: null }));
    expect(r.code).toBe(2);
    expect(r.logs.join('\n')).toContain('Missing required `uuid` field for the metric `m` (reporter.PostgRESTReporter stores results by uuid)');
  });
});

describe('reporter.PostgresReporter (pg client, one transaction)', () => {
  it('creates the schema when asked and writes the same rows', async () => {
    const url = new URL(db.url);
    url.password = '';
    const r = await runConfig(sweepConfig(`  - class: reporter.PostgresReporter\n    connection: ${url.href}\n    password: pdt-test-pw\n    schema: fresh\n    prefix: pg_\n    project: direct\n    createSchema: yes`));
    expect(r.code).toBe(0);
    expect(r.logs.some((l) => /Wrote results to PostgreSQL at 127\.0\.0\.1:\d+\/perf \(4 metric samples\)/.test(l))).toBe(true);
    const tables = await db.query<{ table_name: string }>("SELECT table_name FROM information_schema.tables WHERE table_schema = 'fresh' ORDER BY table_name");
    expect(tables.map((t) => t.table_name)).toEqual(['pg_job', 'pg_job_meta', 'pg_job_phases', 'pg_lookup_metrics', 'pg_lookup_parameters', 'pg_phase_flags', 'pg_phase_metrics', 'pg_phase_params']);
    const [jid] = await jobIds('fresh', 'pg_');
    await expectSweepRows('fresh', 'pg_', jid!, 'direct');
    expect(await db.query('SELECT parameter::text, name, title, units FROM fresh.pg_lookup_parameters ORDER BY name')).toEqual([
      { parameter: X_UUID, name: 'x', title: 'Instances', units: 'count' },
      { parameter: Y_UUID, name: 'y', title: 'y', units: 'y' },
    ]);
  });

  it('connects with the PG* environment variables when the config names no server', async () => {
    const saved = { ...process.env };
    Object.assign(process.env, { PGHOST: '127.0.0.1', PGPORT: String(db.port), PGUSER: 'perf', PGPASSWORD: 'pdt-test-pw', PGDATABASE: 'perf' });
    try {
      const before = await jobIds('metric_data', 'perf_test_');
      const r = await runConfig(sweepConfig('  - class: reporter.PostgresReporter\n    schema: metric_data\n    prefix: perf_test_\n    project: env'));
      expect(r.code).toBe(0);
      const after = await jobIds('metric_data', 'perf_test_');
      const added = after.filter((j) => !before.includes(j));
      expect(added).toHaveLength(1);
      await expectSweepRows('metric_data', 'perf_test_', added[0]!, 'env');
    } finally {
      for (const k of ['PGHOST', 'PGPORT', 'PGUSER', 'PGPASSWORD', 'PGDATABASE']) if (saved[k] === undefined) delete process.env[k];
    }
  });

  it('rolls everything back when one insert fails', async () => {
    const before = await jobIds('metric_data', 'perf_test_');
    const long = 'v'.repeat(200);
    const r = await runConfig(sweepConfig(`  - class: reporter.PostgresReporter\n    connection: ${db.url}\n    schema: metric_data\n    prefix: perf_test_`, { meta: `{version: ${long}}` }));
    expect(r.code).toBe(1);
    expect(reporterFailures(r.logs)).toEqual([
      expect.stringMatching(/Reporter 'reporter\.PostgresReporter' failed with error: PostgreSQL insert into perf_test_job_meta failed at 127\.0\.0\.1:\d+\/perf: value too long for type character varying\(128\) \(SQLSTATE 22001\)$/),
    ]);
    expect(await jobIds('metric_data', 'perf_test_')).toEqual(before);
    // The password inside the connection string is masked in the logs.
    expect(r.logs.join('\n')).not.toContain('pdt-test-pw');
  });
});
