import { describe, it, expect } from 'vitest';
import { join } from 'node:path';
import { mkdirSync, writeFileSync } from 'node:fs';
import { ConfigLoader } from '../../src/core/config/ConfigLoader.js';
import { ConfigError } from '../../src/core/ConfigError.js';
import { workdir } from '../helpers/workdir.js';

function load(files: Record<string, string>, entry: string[] = ['main.yml']) {
  const dir = workdir(files);
  const loader = new ConfigLoader();
  return { dir, ...loader.load(entry.map((f) => join(dir, f))) };
}

function loadError(files: Record<string, string>, entry: string[] = ['main.yml']): ConfigError {
  try {
    load(files, entry);
  } catch (err) {
    if (err instanceof ConfigError) return err;
    throw err;
  }
  throw new Error('expected a ConfigError');
}

describe('ConfigLoader', () => {
  it('reads YAML 1.1 booleans in every case', () => {
    const { root } = load({ 'main.yml': 'define: {a: yes, b: No, c: ON, d: off, e: TRUE, f: "yes"}\n' });
    expect(root.define).toEqual({ a: true, b: false, c: true, d: false, e: true, f: 'yes' });
  });


  it('resolves nested imports from each file\'s own directory and concatenates arrays in load order', () => {
    const dir = workdir({ 'main.yml': 'import: [sub/a.yml]\nchannels: [{class: main}]\nconfig: {title: Main}\n' });

    mkdirSync(join(dir, 'sub'));
    writeFileSync(join(dir, 'sub', 'a.yml'), 'include: [b.yml]\nchannels: [{class: a}]\nconfig: {title: A, runs: 2}\n');
    writeFileSync(join(dir, 'sub', 'b.yml'), 'channels: [{class: b}]\ndefine: {x: 1}\n');
    const { root } = new ConfigLoader().load([join(dir, 'main.yml')]);
    expect((root.channels as Array<{ class: string }>).map((c) => c.class)).toEqual(['b', 'a', 'main']);
    expect(root.config).toEqual({ title: 'Main', runs: 2 });
    expect(root.define).toEqual({ x: 1 });
    expect(root.import).toBeUndefined();
  });

  it('merges several CLI files left to right: later scalars win, arrays concatenate', () => {
    const { root } = load({ 'a.yml': 'define: {foo: first, bar: another}\nobservers: [{class: Foo}]\n', 'b.yml': 'define: {foo: second, baz: other}\nobservers: [{class: Bar}]\n' }, ['a.yml', 'b.yml']);
    expect(root.define).toEqual({ foo: 'second', bar: 'another', baz: 'other' });
    expect(root.observers).toEqual([{ class: 'Foo' }, { class: 'Bar' }]);
  });

  it('reports a YAML syntax error with file and line', () => {
    const err = loadError({ 'main.yml': 'config:\n  title: "x\n  runs: 1\n' });
    expect(err.message).toMatch(/main\.yml:\d+:\d+: YAML syntax error: Missing closing "quote/);
    expect(err.message.split('\n')).toHaveLength(1);
  });

  it('reports a missing imported file at the import line', () => {
    const err = loadError({ 'main.yml': 'config: {title: x}\nimport:\n  - nope.yml\n' });
    expect(err.message).toMatch(/main\.yml:3:5: import\[0\]: Configuration file not found: .*nope\.yml/);
  });

  it('detects include cycles', () => {
    const err = loadError({ 'main.yml': 'import: [b.yml]\nconfig: {}\n', 'b.yml': 'import: [main.yml]\ndefine: {a: 1}\n' });
    expect(err.message).toMatch(/Include cycle: .*main\.yml -> .*b\.yml -> .*main\.yml/);
  });

  it('refuses an empty file', () => {
    const err = loadError({ 'main.yml': '# nothing\n' });
    expect(err.message).toContain('This configuration file contains no meaningful information');
  });

  it('keeps the line of every key for later errors', () => {
    const { root, sources } = load({ 'main.yml': 'config:\n  title: x\nchannels:\n  - class: channel.CmdlineChannel\n    cmdlin: echo\n' });
    const channel = (root.channels as Array<Record<string, unknown>>)[0]!;
    expect(sources.locate(channel, 'cmdlin', 'channels[0].cmdlin')).toEqual({ file: expect.stringMatching(/main\.yml$/), line: 5, column: 5, key: 'channels[0].cmdlin' });
  });
});

describe('YAML 1.1 scalars as the original loader read them', () => {
  it('keeps bare y and n as strings and dates as text', () => {
    const { root } = load({ 'main.yml': 'define: {a: n, b: y, c: N, d: 2018-01-02, e: 1.5, f: 0x1F}\n' });
    expect(root.define).toEqual({ a: 'n', b: 'y', c: 'N', d: '2018-01-02', e: 1.5, f: 31 });
  });
});
