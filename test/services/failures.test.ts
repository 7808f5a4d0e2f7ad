import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runConfig } from '../helpers/driver.js';
import { startPostgres, type TestPostgres } from './harness/postgres.js';
import { startS3, S3_KEY, type TestS3 } from './harness/s3.js';
import { DATADOG_API_KEY, startDataDogRecorder, type DataDogRecorder } from './harness/datadogRecorder.js';
import { freePort } from './harness/scripts.js';
import { reporterFailures, sweepConfig } from './harness/sweepConfig.js';

let db: TestPostgres;
let s3: TestS3;
let dd: DataDogRecorder;

beforeAll(async () => {
  [db, s3, dd] = await Promise.all([startPostgres(), startS3(['results']), startDataDogRecorder()]);
}, 300_000);

afterAll(async () => {
  await Promise.all([db?.stop(), s3?.close(), dd?.close()]);
}, 60_000);

describe('a failing reporter', () => {
  it('is logged in one line each, the others still write, and the exit code says so', async () => {
    const down = await freePort();
    const pg = new URL(db.url);
    pg.password = 'wrong-pg-password';
    const secrets = ['wrong-pg-password', 'AKIAWRONGKEY11111111', 'wrong-aws-secret-value', DATADOG_API_KEY];
    dd.failNext(1, 500);
    const r = await runConfig(
      sweepConfig(`  - class: reporter.PostgRESTReporter
    url: http://127.0.0.1:${down}
    prefix: perf_test_
  - class: reporter.PostgresReporter
    connection: ${pg.href}
    schema: metric_data
    prefix: perf_test_
  - class: reporter.S3Reporter
    bucket: results
    endpoint: ${s3.endpoint}
    forcePathStyle: yes
    aws_access_key_id: AKIAWRONGKEY11111111
    aws_secret_access_key: wrong-aws-secret-value
  - class: reporter.DataDogReporter
    api_key: ${DATADOG_API_KEY}
    endpoint: ${dd.url}
    points: [{name: perx, indicator: perX}]
  - class: reporter.DataDogMetricReporter
    api_key: ${DATADOG_API_KEY}
    endpoint: http://127.0.0.1:${down}
  - class: reporter.PostgresReporter
    connection: ${db.url}
    schema: metric_data
    prefix: perf_test_
    project: survivor
  - class: reporter.S3Reporter
    bucket: results
    path: survivor.json
    endpoint: ${s3.endpoint}
    forcePathStyle: yes
    aws_access_key_id: ${S3_KEY.id}
    aws_secret_access_key: ${S3_KEY.secret}
  - class: reporter.RawReporter
  - class: reporter.CSVReporter`),
    );
    expect(r.code).toBe(1);
    const failures = reporterFailures(r.logs).map((l) => l.replace(/^.*?Session: /, ''));
    expect(failures).toEqual([
      `Reporter 'reporter.PostgRESTReporter' failed with error: Unable to insert into perf_test_lookup_metrics table (Cannot connect to http://127.0.0.1:${down}: connection refused)`,
      `Reporter 'reporter.PostgresReporter' failed with error: Cannot connect to PostgreSQL at 127.0.0.1:${db.port}/perf: password authentication failed for user "perf" (SQLSTATE 28P01)`,
      "Reporter 'reporter.S3Reporter' failed with error: Uploading s3://results/results-raw.json failed: InvalidAccessKeyId: The AWS Access Key Id you provided does not exist in our records. (HTTP 403)",
      `Reporter 'reporter.DataDogReporter' failed with error: DataDog at ${dd.url} answered HTTP 500: Internal Server Error`,
      `Reporter 'reporter.DataDogMetricReporter' failed with error: Submitting 2 series to DataDog failed: Cannot connect to http://127.0.0.1:${down}: connection refused`,
    ]);
    // Nothing else went wrong, and nothing was logged twice.
    expect(r.logs.filter((l) => /^\s*ERROR /.test(l))).toHaveLength(5);

    // The reporters after the failing ones wrote.
    const jobs = await db.query<{ n: string }>("SELECT count(*)::text AS n FROM metric_data.perf_test_job WHERE project = 'survivor'");
    expect(jobs).toEqual([{ n: '1' }]);
    expect(JSON.parse((await s3.read('results', 'survivor.json'))!).meta).toEqual({ env: 'ci', version: 'master' });
    expect(r.read('results.csv').split('\n')[0]).toBe('x,y,,m (mean),status');
    const raw = r.read('results-raw.json');

    // Secrets given in class configs appear neither in the logs nor in the results.
    for (const secret of secrets) {
      expect(r.logs.join('\n')).not.toContain(secret);
      expect(raw).not.toContain(secret);
    }
    const reporters = (JSON.parse(raw) as { config: { reporters: Array<Record<string, unknown>> } }).config.reporters;
    expect(reporters[1]!.connection).toBe(`postgres://perf:***@127.0.0.1:${db.port}/perf`);
    expect(reporters[2]).toMatchObject({ aws_access_key_id: '***', aws_secret_access_key: '***' });
    expect(reporters[3]!.api_key).toBe('***');
  });
});
