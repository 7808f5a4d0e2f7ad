import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import S3rver from 's3rver';

export interface S3Request {
  method: string;
  path: string;
  acl: string | undefined;
}

export interface TestS3 {
  endpoint: string;
  requests: S3Request[];
  /** The object's text, or null when it does not exist. */
  read(bucket: string, key: string): Promise<string | null>;
  keys(bucket: string): Promise<string[]>;
  close(): Promise<void>;
}

/** s3rver's fixed credentials: any other key is refused with InvalidAccessKeyId. */
export const S3_KEY = { id: 'S3RVER', secret: 'S3RVER' };

/**
 * An S3-compatible server (s3rver, from npm) on a free local port, with the given buckets,
 * recording each request's method, path and canned ACL header (s3rver does not keep ACLs).
 */
export async function startS3(buckets: string[]): Promise<TestS3> {
  const directory = mkdtempSync(join(tmpdir(), 'pdt-s3-'));
  const server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory, configureBuckets: buckets.map((name) => ({ name })) });
  const requests: S3Request[] = [];
  // First in the chain, so it sees every request, including the ones s3rver refuses.
  server.middleware.unshift(async (ctx: { method: string; path: string; get(header: string): string }, next: () => Promise<void>) => {
    requests.push({ method: ctx.method, path: ctx.path, acl: ctx.get('x-amz-acl') || undefined });
    await next();
  });
  const { port } = await server.run();
  // As the reporter does: the SDK's warning about Node.js 20 is noise in the test output.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const { S3Client, GetObjectCommand, ListObjectsV2Command } = await import('@aws-sdk/client-s3');
  const endpoint = `http://127.0.0.1:${port}`;
  const client = new S3Client({ region: 'us-east-1', endpoint, forcePathStyle: true, credentials: { accessKeyId: S3_KEY.id, secretAccessKey: S3_KEY.secret } });
  return {
    endpoint,
    requests,
    read: async (bucket, key) => {
      try {
        const res = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
        return (await res.Body?.transformToString('utf8')) ?? '';
      } catch (err) {
        if ((err as { name?: string }).name === 'NoSuchKey') return null;
        throw err;
      }
    },
    keys: async (bucket) => ((await client.send(new ListObjectsV2Command({ Bucket: bucket }))).Contents ?? []).map((o) => o.Key ?? '').sort(),
    close: async () => {
      client.destroy();
      await server.close();
      rmSync(directory, { recursive: true, force: true });
    },
  };
}
