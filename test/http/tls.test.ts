import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { harness, httpsServer, selfSignedCertificate, type Certificate, type TestServer } from './support.js';

let cert: Certificate;
let server: TestServer;
beforeAll(async () => {
  cert = selfSignedCertificate();
  server = await httpsServer(cert);
});
afterAll(async () => {
  await server.close();
});

const files = (): Record<string, string> => ({ 'ca.pem': cert.cert });

async function outcome(yaml: string, opts: { files?: Record<string, string> } = {}): Promise<Record<string, unknown>> {
  const h = await harness(yaml, opts);
  h.update({ a: 1 });
  await h.waitFor(() => h.events.some((e) => e.isA('HTTPLastResponseEndEvent')));
  await h.close();
  return h.events.find((e) => e.event === 'HTTPResponseEndEvent' || e.event === 'HTTPResponseErrorEvent')! as unknown as Record<string, unknown>;
}

const channel = (extra = ''): string => `
channels:
  - class: channel.HTTPChannel
    trigger: always
    url: "${server.url}/echo"
${extra}`;

describe('TLS', () => {
  it('verifies certificates by default and explains how to trust one', async () => {
    const end = await outcome(channel());
    expect(end.event).toBe('HTTPResponseErrorEvent');
    expect(end.statusCode).toBe(0);
    expect(String(end.exception)).toMatch(new RegExp(`^TLS certificate of ${server.url.replace(/[./]/g, '\\$&')} is not trusted \\(DEPTH_ZERO_SELF_SIGNED_CERT: .*\\); give the CA with \`tls: \\{ca: file\\}\` or skip verification with \`tls: \\{insecure: yes\\}\`$`));
  });

  it('trusts the CA file of the class (relative to the config file)', async () => {
    const end = await outcome(channel('    tls:\n      ca: ca.pem\n'), { files: files() });
    expect(end).toMatchObject({ event: 'HTTPResponseEndEvent', statusCode: 200 });
    expect(JSON.parse(String(end.body))).toMatchObject({ method: 'GET', url: '/echo' });
  });

  it('takes config.tls as the default of every class', async () => {
    const end = await outcome(`config:\n  tls:\n    ca: ca.pem\n${channel()}`, { files: files() });
    expect(end).toMatchObject({ event: 'HTTPResponseEndEvent', statusCode: 200 });
    const insecure = await outcome(`config:\n  tls:\n    insecure: yes\n${channel()}`);
    expect(insecure).toMatchObject({ event: 'HTTPResponseEndEvent', statusCode: 200 });
  });

  it('a key of the class wins over the same key of config.tls', async () => {
    const end = await outcome(`config:\n  tls:\n    insecure: yes\n${channel('    tls:\n      insecure: no\n')}`);
    expect(end.event).toBe('HTTPResponseErrorEvent');
    const ok = await outcome(`config:\n  tls:\n    insecure: no\n${channel('    tls:\n      insecure: yes\n')}`);
    expect(ok.event).toBe('HTTPResponseEndEvent');
  });

  it('works for the observer and the tasks too', async () => {
    const h = await harness(`
config:
  tls:
    ca: ca.pem
observers:
  - class: observer.HTTPTimingObserver
    url: "${server.url}/"
    interval: 10ms
tasks:
  - class: tasks.http.Request
    at: setup
    url: "${server.url}/echo?task"
`, { files: files() });
    const before = server.requests.length;
    await h.runTasks();
    expect(server.requests.slice(before).map((r) => r.url)).toContain('/echo?task');
    h.publish('StartEvent');
    await h.waitFor(() => h.events.some((e) => e.event === 'HTTPTimingResultEvent'));
    await h.close();
    expect(h.events.find((e) => e.event === 'HTTPTimingResultEvent')).toMatchObject({ statusCode: 200, error: null });
  });

  it('applies to the auth tasks', async () => {
    server.route('/acs/api/v1/auth/login', (_req, res) => res.end(JSON.stringify({ token: 'tls-token' })));
    const task = (tls: string): string => `
tasks:
  - class: tasks.auth.AuthOpen
    at: setup
    token: t
    cluster_url: "${server.url}"
${tls}`;
    const refused = await harness(task(''));
    await expect(refused.runTasks()).rejects.toThrow('Unable to authenticate on the cluster: TLS certificate of');
    await refused.close();
    const h = await harness(task('    tls:\n      insecure: yes\n'));
    await h.runTasks();
    expect(h.ctx.definitions.get('dcos_auth_token')).toBe('tls-token');
    await h.close();
  });

  it('rejects bad TLS settings with the file, line and key', async () => {
    await expect(harness(channel('    tls:\n      ca: missing.pem\n'))).rejects.toThrow(/test\.yml:\d+:\d+: channels\[0\]\.tls: Cannot read the CA file of `channels\[0\]\.tls\.ca`/);
    await expect(harness(channel('    tls:\n      insecur: yes\n'))).rejects.toThrow(/Unknown key `insecur` in channels\[0\]\.tls.*did you mean `insecure`/);
    await expect(harness(channel('    tls:\n      insecure: maybe\n'))).rejects.toThrow('Expected yes or no for `channels[0].tls.insecure`');
    await expect(harness(channel('    tls: yes\n'))).rejects.toThrow('Expected object for `tls`');
    await expect(harness(`config:\n  tls: []\n${channel()}`)).rejects.toThrow(/test\.yml:2:\d+: config\.tls: `tls` must be a mapping/);
    await expect(harness(channel('    tls:\n      ca: test.yml\n'))).rejects.toThrow('holds no PEM certificate');
  });
});
