import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runConfig } from '../helpers/driver.js';
import { startS3, S3_KEY, type TestS3 } from './harness/s3.js';
import { reporterFailures, sweepConfig } from './harness/sweepConfig.js';

let s3: TestS3;

beforeAll(async () => {
  s3 = await startS3(['results', 'indexes']);
}, 60_000);

afterAll(async () => {
  await s3?.close();
});

const reporter = (extra: string) => `  - class: reporter.S3Reporter
    bucket: results
    endpoint: ${s3.endpoint}
    forcePathStyle: yes${extra}`;

const credentials = `\n    aws_access_key_id: ${S3_KEY.id}\n    aws_secret_access_key: ${S3_KEY.secret}`;

describe('reporter.S3Reporter (s3rver)', () => {
  it('uploads the RawReporter document to the rendered path with the ACL', async () => {
    const before = s3.requests.length;
    const r = await runConfig(sweepConfig(reporter(`${credentials}\n    path: "runs/{{meta:version}}/raw.json"\n    acl: public-read`)));
    expect(r.code).toBe(0);
    expect(r.logs.some((l) => l.includes('Uploading raw results to s3://results/runs/master/raw.json'))).toBe(true);
    const text = (await s3.read('results', 'runs/master/raw.json'))!;
    const doc = JSON.parse(text) as Record<string, any>;
    // The same sorted, indented JSON as RawReporter, without event traces.
    expect(Object.keys(doc)).toEqual(['config', 'indicators', 'meta', 'raw', 'sum', 'time']);
    expect(text.split('\n')[1]).toBe('  "config": {');
    expect(doc.meta).toEqual({ env: 'ci', version: 'master' });
    expect(doc.indicators).toEqual({ perX: 2 });
    expect(doc.sum).toEqual([
      { flags: { status: 'OK' }, parameters: { x: 1, y: 9 }, values: { m: { mean: 2 } } },
      { flags: { status: 'OK' }, parameters: { x: 2, y: 9 }, values: { m: { mean: 4 } } },
    ]);
    expect(doc.raw.map((a: any) => a.values.m.map((s: number[]) => s[1]))).toEqual([[1, 3], [2, 6]]);
    expect(Date.parse(doc.time.completed) >= Date.parse(doc.time.started)).toBe(true);
    // Both keys given in the class config are masked in the uploaded config.
    const cfg = doc.config.reporters[0];
    expect(cfg.aws_secret_access_key).toBe('***');
    expect(cfg.aws_access_key_id).toBe('***');
    expect(text).not.toContain(S3_KEY.secret);
    const put = s3.requests.slice(before).find((q) => q.method === 'PUT');
    expect(put).toEqual({ method: 'PUT', path: '/results/runs/master/raw.json', acl: 'public-read' });
  });

  it('takes the credentials from the AWS environment variables when the config has none', async () => {
    const saved = { id: process.env.AWS_ACCESS_KEY_ID, secret: process.env.AWS_SECRET_ACCESS_KEY };
    process.env.AWS_ACCESS_KEY_ID = S3_KEY.id;
    process.env.AWS_SECRET_ACCESS_KEY = S3_KEY.secret;
    try {
      const r = await runConfig(sweepConfig(reporter('\n    path: from-env.json')));
      expect(r.code).toBe(0);
      expect(JSON.parse((await s3.read('results', 'from-env.json'))!).meta).toEqual({ env: 'ci', version: 'master' });
    } finally {
      if (saved.id === undefined) delete process.env.AWS_ACCESS_KEY_ID;
      else process.env.AWS_ACCESS_KEY_ID = saved.id;
      if (saved.secret === undefined) delete process.env.AWS_SECRET_ACCESS_KEY;
      else process.env.AWS_SECRET_ACCESS_KEY = saved.secret;
    }
  });

  it('keeps an index per entry, newest first, trimmed to max_entries', async () => {
    const index = `\n    index: {path: perf/index.json, entry: nightly, max_entries: 2, bucket: indexes}\n    acl: bucket-owner-full-control`;
    const stamps: number[] = [];
    for (const run of [1, 2, 3]) {
      const before = Date.now() / 1000;
      const r = await runConfig(sweepConfig(reporter(`${credentials}\n    path: "nightly/run-${run}.json"${index}`)));
      expect(r.code).toBe(0);
      stamps.push(before);
      if (run === 1) expect(r.logs.some((l) => l.includes('Index s3://indexes/perf/index.json does not exist yet; creating it'))).toBe(true);
    }
    const text = (await s3.read('indexes', 'perf/index.json'))!;
    const idx = JSON.parse(text) as { datasets: Record<string, Array<{ ts: number; meta: unknown; data: string }>> };
    expect(Object.keys(idx)).toEqual(['datasets']);
    const entries = idx.datasets.nightly!;
    expect(entries.map((e) => e.data)).toEqual(['nightly/run-3.json', 'nightly/run-2.json']);
    for (const e of entries) {
      expect(Object.keys(e)).toEqual(['data', 'meta', 'ts']);
      expect(e.meta).toEqual({ env: 'ci', version: 'master' });
    }
    expect(entries[0]!.ts).toBeGreaterThanOrEqual(stamps[2]!);
    expect(entries[1]!.ts).toBeGreaterThanOrEqual(stamps[1]!);
    expect(entries[1]!.ts).toBeLessThan(stamps[2]!);
    expect(await s3.keys('results')).toEqual(expect.arrayContaining(['nightly/run-1.json', 'nightly/run-2.json', 'nightly/run-3.json']));
    const indexPuts = s3.requests.filter((q) => q.method === 'PUT' && q.path === '/indexes/perf/index.json');
    expect(indexPuts.map((q) => q.acl)).toEqual(['bucket-owner-full-control', 'bucket-owner-full-control', 'bucket-owner-full-control']);
  });

  it('fails with one clear line for bad credentials, a missing bucket and a server that is down', async () => {
    const bad = await runConfig(sweepConfig(`${reporter('\n    aws_access_key_id: AKIAWRONGKEY00000000\n    aws_secret_access_key: wrong-secret-key-value')}\n  - class: reporter.CSVReporter`));
    expect(bad.code).toBe(1);
    expect(reporterFailures(bad.logs)).toEqual([
      expect.stringContaining("Reporter 'reporter.S3Reporter' failed with error: Uploading s3://results/results-raw.json failed: InvalidAccessKeyId: The AWS Access Key Id you provided does not exist in our records. (HTTP 403)"),
    ]);
    expect(bad.logs.join('\n')).not.toMatch(/AKIAWRONGKEY|wrong-secret-key-value/);
    expect(bad.exists('results.csv')).toBe(true);

    const missing = await runConfig(sweepConfig(reporter(`${credentials}`).replace('bucket: results', 'bucket: nope')));
    expect(missing.code).toBe(1);
    expect(reporterFailures(missing.logs)).toEqual([expect.stringContaining('Uploading s3://nope/results-raw.json failed: NoSuchBucket: The specified bucket does not exist (HTTP 404)')]);

    const down = await runConfig(sweepConfig(reporter(credentials).replace(s3.endpoint, 'http://127.0.0.1:9')));
    expect(down.code).toBe(1);
    expect(reporterFailures(down.logs)).toEqual([expect.stringContaining('Uploading s3://results/results-raw.json failed: Cannot connect to http://127.0.0.1:9: connection refused')]);
  });
});
