import { describe, it, expect, vi } from 'vitest';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { loadReference, parseDump, referenceSettings } from '../../src/plot/reference.js';
import type { Logger } from '../../src/core/Logger.js';
import { workdir } from '../helpers/driver.js';

const logger = () => ({ error: vi.fn() }) as unknown as Logger & { error: ReturnType<typeof vi.fn> };

describe('reference option', () => {
  it('accepts the manual\'s `data` and the original\'s `url`, with defaults', () => {
    expect(referenceSettings({ data: 'a.json' })).toEqual({ location: 'a.json', headers: {}, name: 'ref', ratioColormap: 'PuOr' });
    expect(referenceSettings({ url: 'http://x/y.json', name: 'base', ratiocolormap: 'bwr', headers: { Authorization: 'token=1', 'X-N': 2 } })).toEqual({
      location: 'http://x/y.json',
      headers: { Authorization: 'token=1', 'X-N': '2' },
      name: 'base',
      ratioColormap: 'bwr',
    });
  });

  it('names what is wrong', () => {
    expect(() => referenceSettings('x.json')).toThrow(/must be a mapping/);
    expect(() => referenceSettings({ name: 'x' })).toThrow(/needs `data` \(or `url`\)/);
    expect(() => referenceSettings({ data: 'x', header: {} })).toThrow('Unknown key `header` in reference');
    expect(() => referenceSettings({ data: 'x', headers: 'a' })).toThrow(/headers/);
  });
});

describe('reference loading', () => {
  const dump = JSON.stringify({ meta: { version: '2' }, sum: [{ parameters: { x: 1 }, values: { m: { mean: 3 } }, flags: { status: 'OK' } }], raw: [] });

  it('reads a local path and a file: URL', async () => {
    const dir = workdir({ 'ref.json': dump });
    const log = logger();
    const byPath = await loadReference(join(dir, 'ref.json'), {}, log);
    expect(byPath?.sum[0]!.values).toEqual({ m: { mean: 3 } });
    expect(byPath?.meta).toEqual({ version: '2' });
    expect((await loadReference(pathToFileURL(join(dir, 'ref.json')).href, {}, log))?.sum).toHaveLength(1);
    expect(log.error).not.toHaveBeenCalled();
  });

  it('logs and disables the reference when the file is missing or not a dump', async () => {
    const dir = workdir({ 'bad.json': '{"nope": 1}', 'broken.json': '{' });
    const log = logger();
    expect(await loadReference(join(dir, 'missing.json'), {}, log)).toBeNull();
    expect(await loadReference(join(dir, 'bad.json'), {}, log)).toBeNull();
    expect(await loadReference(join(dir, 'broken.json'), {}, log)).toBeNull();
    expect(log.error.mock.calls.map((c) => String(c[0]))).toEqual([
      expect.stringMatching(/Cannot read the reference .*missing.json.*Disabling reference/),
      expect.stringMatching(/not a RawReporter dump: expected an object with a `sum` list/),
      expect.stringMatching(/not a RawReporter dump/),
    ]);
  });

  it('reads the Python original\'s dumps, whose NaN is a bare word, and fills missing parts', () => {
    const text = '{"sum": [{"parameters": {"x": 1}, "values": {"m": {"mean_err": [1.0, NaN]}}}], "meta": {"a": "NaN inside a string"}}';
    const parsed = parseDump(text);
    expect(parsed.sum[0]).toEqual({ parameters: { x: 1 }, values: { m: { mean_err: [1, null] } }, flags: {} });
    expect(parsed.meta).toEqual({ a: 'NaN inside a string' });
    expect(parsed.raw).toEqual([]);
  });
});
