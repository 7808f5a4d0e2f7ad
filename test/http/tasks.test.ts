import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { harness, httpServer, refusedPort, type TestServer } from './support.js';

let server: TestServer;
beforeAll(async () => {
  server = await httpServer();
  // A DC/OS login endpoint: EE checks uid/password, open checks the user token.
  server.route('/acs/api/v1/auth/login', (req, res, body) => {
    const creds = JSON.parse(body) as { uid?: string; password?: string; token?: string };
    const ok = (creds.uid === 'bootstrapuser' && creds.password === 'deleteme') || creds.token === 'user-token';
    res.statusCode = ok ? 200 : 401;
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify(ok ? { token: creds.token ? 'open-token' : 'ee-token' } : { code: 'unauthorized' }));
  });
});
afterAll(async () => {
  await server.close();
});

const since = (n: number) => server.requests.slice(n);

describe('tasks.http.Request', () => {
  it('sends `repeat` requests in order with {{_i}}, verb, body and headers', async () => {
    const h = await harness(`
tasks:
  - class: tasks.http.Request
    at: setup
    url: "${server.url}/echo?n={{_i}}"
    verb: post
    body: "item {{_i}}"
    repeat: 3
    headers:
      Content-Type: text/plain
`);
    const before = server.requests.length;
    await h.runTasks();
    expect(since(before).map((r) => `${r.method} ${r.url} ${r.body} ${String(r.headers['content-type'])}`)).toEqual([
      'POST /echo?n=0 item 0 text/plain',
      'POST /echo?n=1 item 1 text/plain',
      'POST /echo?n=2 item 2 text/plain',
    ]);
    expect(since(before).every((r) => r.headers.authorization === undefined)).toBe(true);
    await h.close();
  });

  it('logs failures as errors and completes, as the original did', async () => {
    const port = await refusedPort();
    const h = await harness(`
tasks:
  - class: tasks.http.Request
    at: setup
    url: "http://127.0.0.1:${port}/"
  - class: tasks.http.Request
    at: setup
    url: "${server.url}/status/404"
`);
    await h.runTasks();
    expect(h.logs).toContain(`ERROR HTTP GET request to http://127.0.0.1:${port}/ failed: Cannot connect to http://127.0.0.1:${port}: connection refused`);
    expect(h.logs).toContain(`ERROR HTTP GET request to ${server.url}/status/404 returned HTTP 404 (Not Found)`);
    await h.close();
  });

  it('gives up after `timeout`', async () => {
    const h = await harness(`
tasks:
  - class: tasks.http.Request
    at: setup
    url: "${server.url}/hang"
    timeout: 100ms
`);
    const started = performance.now();
    await h.runTasks();
    expect(performance.now() - started).toBeLessThan(1000);
    expect(h.logs).toContain(`ERROR HTTP GET request to ${server.url}/hang failed: No complete response from ${server.url} within 0.1s (timeout)`);
    await h.close();
  });
});

describe('tasks.auth', () => {
  it('AuthEE logs in and sets dcos_auth_token; every HTTP class then sends it', async () => {
    const h = await harness(`
tasks:
  - class: tasks.auth.AuthEE
    at: setup
    user: bootstrapuser
    password: deleteme
    cluster_url: "${server.url}/"
  - class: tasks.http.Request
    at: setup
    url: "${server.url}/echo?task"
channels:
  - class: channel.HTTPChannel
    trigger: always
    url: "${server.url}/echo?channel"
  - class: channel.HTTPChannel
    trigger: always
    url: "${server.url}/echo?own"
    headers:
      Authorization: Basic abc
observers:
  - class: observer.HTTPTimingObserver
    url: "${server.url}/echo?observer"
    interval: 10ms
`);
    const before = server.requests.length;
    await h.runTasks();
    expect(h.ctx.definitions.get('dcos_auth_token')).toBe('ee-token');
    expect(h.logs).toContain('INFO Authenticated as `bootstrapuser`');
    const login = since(before)[0]!;
    expect(login).toMatchObject({ method: 'POST', url: '/acs/api/v1/auth/login' });
    expect(JSON.parse(login.body)).toEqual({ uid: 'bootstrapuser', password: 'deleteme' });
    expect(login.headers['content-type']).toBe('application/json');
    expect(login.headers.authorization).toBeUndefined();
    h.update({ a: 1 });
    h.publish('StartEvent');
    await h.waitFor(() => h.events.filter((e) => e.event === 'HTTPLastResponseEndEvent').length === 2 && h.events.some((e) => e.event === 'HTTPTimingResultEvent'));
    await h.close();
    const auth = (url: string): unknown => since(before).find((r) => r.url === url)?.headers.authorization;
    expect(auth('/echo?task')).toBe('token=ee-token');
    expect(auth('/echo?channel')).toBe('token=ee-token');
    expect(auth('/echo?observer')).toBe('token=ee-token');
    // An Authorization of the config is kept.
    expect(auth('/echo?own')).toBe('Basic abc');
    // Events show the header without the secret.
    const start = h.events.find((e) => e.event === 'HTTPRequestStartEvent' && String(e.url).endsWith('?channel'))!;
    expect(start.headers).toEqual({ Authorization: 'token=***' });
  });

  it('AuthEE fails the task with a clear message on wrong credentials', async () => {
    const h = await harness(`
tasks:
  - class: tasks.auth.AuthEE
    at: setup
    user: bootstrapuser
    password: wrong
    cluster_url: "${server.url}"
`);
    await expect(h.runTasks()).rejects.toThrow(`Unable to authenticate on the cluster with the given credentials (HTTP 401 from ${server.url}/acs/api/v1/auth/login)`);
    expect(h.ctx.definitions.has('dcos_auth_token')).toBe(false);
    await h.close();
  });

  it('AuthOpen exchanges the user token, with cluster_url from the definition', async () => {
    const h = await harness(`
define:
  cluster_url: "${server.url}"
tasks:
  - class: tasks.auth.AuthOpen
    at: setup
    token: user-token
`);
    const before = server.requests.length;
    await h.runTasks();
    expect(JSON.parse(since(before)[0]!.body)).toEqual({ token: 'user-token' });
    expect(h.ctx.definitions.get('dcos_auth_token')).toBe('open-token');
    expect(h.logs).toContain('INFO Authenticated');
    await h.close();
  });

  it('reports an unreachable cluster and a missing cluster_url', async () => {
    const port = await refusedPort();
    const h = await harness(`
tasks:
  - class: tasks.auth.AuthOpen
    at: setup
    token: x
    cluster_url: "http://127.0.0.1:${port}"
`);
    await expect(h.runTasks()).rejects.toThrow(`Unable to authenticate on the cluster: Cannot connect to http://127.0.0.1:${port}: connection refused`);
    await h.close();
    await expect(harness('tasks:\n  - class: tasks.auth.AuthEE\n    at: setup\n    user: u\n    password: p\n')).rejects.toThrow('Missing `cluster_url`: give the option or the `cluster_url` definition');
    await expect(harness('tasks:\n  - class: tasks.auth.AuthEE\n    at: setup\n    user: u\n')).rejects.toThrow('Missing required option `password`');
  });
});
