import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, runConfig } from '../helpers/driver.js';
import { httpServer, type TestServer } from './support.js';

let server: TestServer;
beforeAll(async () => {
  server = await httpServer();
  for (const path of ['/apps', '/items/0', '/items/1', '/items/2']) server.route(path, (_req, res) => res.end('ok'));
});
afterAll(async () => {
  await server.close();
});

/** The YAML blocks of docs/http.md that are whole configs (they have a policy). */
const configs = [...readFileSync(join(ROOT, 'docs', 'http.md'), 'utf8').matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1]!).filter((y) => y.includes('policies:'));

describe('docs/http.md examples', () => {
  it('has whole-config examples', () => {
    expect(configs.length).toBeGreaterThanOrEqual(3);
  });
  for (const [i, yaml] of configs.entries()) {
    it(`example ${i + 1} runs against a local server and measures something`, async () => {
      const before = server.requests.length;
      const r = await runConfig(yaml.replaceAll('http://127.0.0.1:8080', server.url));
      expect(r.code, r.logs.join('\n')).toBe(0);
      expect(server.requests.length).toBeGreaterThan(before);
      expect(r.logs.filter((l) => /WARNING|ERROR/.test(l) && !l.includes('Missing `reporters`'))).toEqual([]);
      const csv = r.read('results.csv').trim().split('\n');
      expect(csv.length).toBeGreaterThanOrEqual(2);
    }, 20_000);
  }
});
