import type { S3Client, S3ClientConfig, ObjectCannedACL } from '@aws-sdk/client-s3';
import { Reporter } from './Reporter.js';
import { sortedJson } from './sortedJson.js';
import type { OptionSpec } from '../../core/Options.js';
import { toBoolean } from '../../core/Options.js';
import { isPlainObject } from '../../core/config/ConfigLoader.js';
import { rawResultsDocument } from '../../services/rawResultsDocument.js';
import { addIndexEntry } from '../../services/addIndexEntry.js';
import { describeAwsError } from '../../services/describeAwsError.js';
import { registerSecret } from '../../services/registerSecret.js';
import { SECRET_TYPES } from '../../services/secretTypes.js';

const ACLS = ['private', 'public-read', 'public-read-write', 'authenticated-read', 'aws-exec-read', 'bucket-owner-read', 'bucket-owner-full-control'] as const;
const INDEX_KEYS = ['path', 'entry', 'max_entries', 'bucket'];

type S3Module = typeof import('@aws-sdk/client-s3');

/**
 * Uploads the RawReporter document (without event traces) to an S3 bucket, and optionally
 * records the upload in an index object that lists the datasets per entry, newest first.
 */
export class S3Reporter extends Reporter {
  static readonly className = 'reporter.S3Reporter';
  static readonly description = 'Uploads a raw dump of the results (the RawReporter JSON) to an S3 bucket, optionally listing it in an index file.';
  static readonly publishes = [] as const;
  static readonly options: OptionSpec = {
    bucket: { type: 'string', required: true, description: 'The name of the S3 bucket', example: 'dcos-perf-test-results' },
    path: { type: 'string', default: 'results-raw.json', description: 'The object key to write (macros allowed)', example: 'results/{{meta:version}}/raw.json' },
    acl: { type: 'string', enum: ACLS, description: 'A canned ACL for the uploaded objects' },
    aws_access_key_id: { type: SECRET_TYPES, description: 'The access key id; without it the standard AWS credential chain is used (AWS_ACCESS_KEY_ID, ~/.aws, instance roles)' },
    aws_secret_access_key: { type: SECRET_TYPES, description: 'The secret access key (never logged)' },
    aws_session_token: { type: SECRET_TYPES, description: 'A session token for temporary credentials (never logged)' },
    region: { type: 'string', description: 'The bucket region (default: AWS_REGION, AWS_DEFAULT_REGION, else us-east-1, following redirects to the bucket\'s region)' },
    endpoint: { type: 'string', description: 'The endpoint of an S3-compatible store', example: 'http://127.0.0.1:9000' },
    forcePathStyle: { type: 'boolean', default: false, description: 'Address buckets as `endpoint/bucket/key` (most S3-compatible stores need it)' },
    index: { type: 'object', description: 'Record the upload in an index: `{path: index.json, entry: name (required), max_entries: N, bucket: name}`' },
  };

  private readonly started = new Date();

  override async init(): Promise<void> {
    const cfg = this.render();
    for (const key of ['aws_access_key_id', 'aws_secret_access_key', 'aws_session_token']) registerSecret(this.ctx.definitions, cfg[key]);
    if ((cfg.aws_access_key_id === undefined) !== (cfg.aws_secret_access_key === undefined)) {
      throw this.configError('Give both `aws_access_key_id` and `aws_secret_access_key`, or neither (to use the standard AWS credential chain)', cfg.aws_access_key_id === undefined ? 'aws_secret_access_key' : 'aws_access_key_id');
    }
    if (cfg.endpoint !== undefined && !/^https?:\/\/[^/]/i.test(String(cfg.endpoint))) throw this.configError(`\`endpoint\` must be an http(s) URL, got ${JSON.stringify(cfg.endpoint)}`, 'endpoint');
    const index = cfg.index;
    if (index === undefined) return;
    if (!isPlainObject(index)) throw this.configError('`index` must be a mapping with `entry`', 'index');
    for (const k of Object.keys(index)) if (!INDEX_KEYS.includes(k)) throw this.configError(`Unknown key \`${k}\` in index (expected ${INDEX_KEYS.join(', ')})`, 'index');
    if (typeof index.entry !== 'string' || index.entry === '') throw this.configError('`index.entry` is required: the index entry to update', 'index');
    if (index.max_entries !== undefined && !(Number.isInteger(Number(index.max_entries)) && Number(index.max_entries) > 0)) {
      throw this.configError(`\`index.max_entries\` must be a positive integer, got ${JSON.stringify(index.max_entries)}`, 'index');
    }
  }

  async dump(): Promise<void> {
    const cfg = this.render();
    const s3 = await loadS3();
    const endpoint = cfg.endpoint === undefined ? 'S3' : String(cfg.endpoint);
    const client = new s3.S3Client(this.clientConfig(cfg));
    const bucket = String(cfg.bucket);
    const key = String(this.option(cfg, 'path'));
    const acl = cfg.acl === undefined ? undefined : (String(cfg.acl) as ObjectCannedACL);
    try {
      const document = await rawResultsDocument(this.ctx, this.started);
      this.logger.info(`Uploading raw results to s3://${bucket}/${key}`);
      await this.put(s3, client, bucket, key, this.ctx.redact(sortedJson(document)), acl, endpoint);
      if (isPlainObject(cfg.index)) await this.updateIndex(s3, client, cfg.index, bucket, key, acl, endpoint);
    } finally {
      client.destroy();
    }
  }

  private clientConfig(cfg: Record<string, unknown>): S3ClientConfig {
    const region = cfg.region ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION;
    const config: S3ClientConfig = {
      region: region === undefined || region === '' ? 'us-east-1' : String(region),
      // Without a configured region the bucket may live elsewhere: S3 tells where, the client follows.
      followRegionRedirects: cfg.region === undefined,
      forcePathStyle: toBoolean(this.option(cfg, 'forcePathStyle')),
    };
    if (cfg.endpoint !== undefined) config.endpoint = String(cfg.endpoint);
    if (cfg.aws_access_key_id !== undefined) {
      config.credentials = {
        accessKeyId: String(cfg.aws_access_key_id),
        secretAccessKey: String(cfg.aws_secret_access_key),
        ...(cfg.aws_session_token === undefined ? {} : { sessionToken: String(cfg.aws_session_token) }),
      };
    }
    return config;
  }

  private async put(s3: S3Module, client: S3Client, bucket: string, key: string, body: string, acl: ObjectCannedACL | undefined, endpoint: string): Promise<void> {
    try {
      await client.send(new s3.PutObjectCommand({ Bucket: bucket, Key: key, Body: body, ContentType: 'application/json', ...(acl ? { ACL: acl } : {}) }));
    } catch (err) {
      throw new Error(`Uploading s3://${bucket}/${key} failed: ${describeAwsError(err, endpoint)}`);
    }
  }

  private async updateIndex(s3: S3Module, client: S3Client, index: Record<string, unknown>, mainBucket: string, dataKey: string, acl: ObjectCannedACL | undefined, endpoint: string): Promise<void> {
    const bucket = index.bucket === undefined ? mainBucket : String(index.bucket);
    const key = index.path === undefined ? 'index.json' : String(index.path);
    const where = `s3://${bucket}/${key}`;
    let current: unknown = {};
    let text: string | null = null;
    try {
      const res = await client.send(new s3.GetObjectCommand({ Bucket: bucket, Key: key }));
      text = res.Body ? await res.Body.transformToString('utf8') : '';
    } catch (err) {
      // Only a missing index starts a new one: any other failure would overwrite the history.
      if ((err as { name?: unknown }).name !== 'NoSuchKey') throw new Error(`Reading the index ${where} failed: ${describeAwsError(err, endpoint)}`);
      this.logger.warn(`Index ${where} does not exist yet; creating it`);
    }
    if (text !== null) {
      try {
        current = JSON.parse(text);
      } catch (err) {
        throw new Error(`The index ${where} is not valid JSON (${err instanceof Error ? err.message : String(err)}); it was not updated`);
      }
    }
    if (!isPlainObject(current)) throw new Error(`Unexpected index file contents in ${where} (expected a JSON object); it was not updated`);
    const max = index.max_entries === undefined ? null : Number(index.max_entries);
    const updated = addIndexEntry(current, String(index.entry), { ts: Date.now() / 1000, meta: this.ctx.meta, data: dataKey }, max);
    try {
      await client.send(new s3.PutObjectCommand({ Bucket: bucket, Key: key, Body: sortedJson(updated), ContentType: 'application/json', ...(acl ? { ACL: acl } : {}) }));
    } catch (err) {
      throw new Error(`Updating the index ${where} failed: ${describeAwsError(err, endpoint)}`);
    }
    this.logger.info(`Added ${dataKey} to ${where} under \`${String(index.entry)}\``);
  }
}

async function loadS3(): Promise<S3Module> {
  // The SDK warns on every Node.js below 22; this package supports Node.js 20, so the warning is noise.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  return import('@aws-sdk/client-s3');
}
