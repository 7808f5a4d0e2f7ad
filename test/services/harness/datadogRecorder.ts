import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';

export interface RecordedSeries {
  metric: string;
  points: Array<[number, number]>;
  tags: string[];
  host: string;
  type?: string;
}

export interface DataDogRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: { series: RecordedSeries[] } | null;
  status: number;
}

export interface DataDogRecorder {
  url: string;
  requests: DataDogRequest[];
  /** Every series of the accepted submissions, in order. */
  accepted(): RecordedSeries[];
  /** Answer the next `count` submissions with this status. */
  failNext(count: number, status: number): void;
  close(): Promise<void>;
}

/** The API key the recorder accepts; any other is refused with 403, as DataDog does. */
export const DATADOG_API_KEY = 'test-api-key-0123456789';

/**
 * A local HTTP endpoint in place of DataDog's intake: records what the official client sends
 * and answers like `/api/v1/series` (202 `{"status": "ok"}`, 403 for a wrong API key).
 */
export async function startDataDogRecorder(): Promise<DataDogRecorder> {
  const requests: DataDogRequest[] = [];
  let failures: { count: number; status: number } = { count: 0, status: 500 };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      let body: DataDogRequest['body'] = null;
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as DataDogRequest['body'];
      } catch {
        body = null;
      }
      let status = 202;
      let payload: unknown = { status: 'ok' };
      if (req.headers['dd-api-key'] !== DATADOG_API_KEY) {
        status = 403;
        payload = { errors: ['Forbidden'] };
      } else if (failures.count > 0) {
        failures = { ...failures, count: failures.count - 1 };
        status = failures.status;
        payload = { errors: ['Internal Server Error'] };
      }
      requests.push({ method: req.method ?? '', path: req.url ?? '', headers: req.headers, body, status });
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(payload));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    accepted: () => requests.filter((r) => r.status === 202).flatMap((r) => r.body?.series ?? []),
    failNext: (count, status) => {
      failures = { count, status };
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
