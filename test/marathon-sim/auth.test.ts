import { afterEach, describe, expect, it } from 'vitest';
import type { MarathonSimulator } from '../../src/marathon-sim/MarathonSimulator.js';
import { api, app, SseClient, startSimulator } from './helpers.js';

let sim: MarathonSimulator | undefined;

afterEach(async () => {
  await sim?.stop();
  sim = undefined;
});

const LOGIN = '/acs/api/v1/auth/login';

describe('POST /acs/api/v1/auth/login', () => {
  it('issues a token for the configured uid and password (AuthEE) and for any token (AuthOpen)', async () => {
    const s = await startSimulator({ user: 'alice', password: 'secret' });
    sim = s.sim;
    const ee = await api(s.url, 'POST', LOGIN, { uid: 'alice', password: 'secret' });
    expect(ee.status).toBe(200);
    expect(Object.keys(ee.body)).toEqual(['token']);
    expect(ee.body.token).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
    const open = await api(s.url, 'POST', LOGIN, { token: 'any-oauth-token' });
    expect(open.status).toBe(200);
    expect(open.body.token).not.toBe(ee.body.token);
  });

  it('answers 401 with title and description for wrong credentials', async () => {
    const s = await startSimulator();
    sim = s.sim;
    for (const body of [{ uid: 'bootstrapuser', password: 'nope' }, { uid: 'x', password: 'deleteme' }, { token: '' }, {}]) {
      const res = await api(s.url, 'POST', LOGIN, body);
      expect(res.status).toBe(401);
      expect(res.body).toMatchObject({ title: 'Unauthorized', description: expect.any(String) });
      expect(res.headers.get('www-authenticate')).toBe('acsjwt');
    }
    expect((await api(s.url, 'POST', LOGIN, { uid: 'bootstrapuser', password: 'deleteme' })).status).toBe(200);
    expect((await api(s.url, 'POST', LOGIN, '{bad')).status).toBe(400);
    expect((await api(s.url, 'GET', LOGIN)).status).toBe(405);
  });
});

describe('--require-auth', () => {
  it('guards /v2, /metrics and Chronos with "Authorization: token=<issued token>"', async () => {
    const s = await startSimulator({ requireAuth: true });
    sim = s.sim;
    expect((await api(s.url, 'GET', '/ping')).status).toBe(200);
    for (const path of ['/v2/apps', '/v2/groups', '/v2/deployments', '/metrics', '/scheduler/jobs']) {
      const res = await api(s.url, 'GET', path);
      expect(res.status).toBe(401);
      expect(res.body.title).toBe('Unauthorized');
    }
    expect((await api(s.url, 'GET', '/v2/apps', undefined, { Authorization: 'token=forged' })).status).toBe(401);
    const { token } = (await api(s.url, 'POST', LOGIN, { uid: 'bootstrapuser', password: 'deleteme' })).body;
    const auth = { Authorization: `token=${token}` };
    expect((await api(s.url, 'GET', '/v2/apps', undefined, auth)).status).toBe(200);
    expect((await api(s.url, 'POST', '/v2/apps', app('/secure'), auth)).status).toBe(201);
    expect((await api(s.url, 'GET', '/metrics', undefined, auth)).status).toBe(200);
    await expect(SseClient.connect(s.url)).rejects.toThrow(/401/);
    const events = await SseClient.connect(s.url, '/v2/events', auth);
    await events.waitFor((e) => e.event === 'event_stream_attached');
    events.close();
  });
});
