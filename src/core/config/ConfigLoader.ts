import { readFileSync, existsSync } from 'node:fs';
import { dirname, resolve, relative, isAbsolute } from 'node:path';
import { parseDocument, LineCounter, isMap, isSeq, isScalar, isPair, isAlias, type Node as YamlNode, type Tags } from 'yaml';
import { ConfigError, ConfigErrors, configErrorsOf } from '../ConfigError.js';
import { SourceMap } from './SourceMap.js';

export type ConfigObject = Record<string, unknown>;

export interface LoadedConfig {
  root: ConfigObject;
  sources: SourceMap;
  files: string[];
}

function displayPath(file: string): string {
  const rel = relative(process.cwd(), file);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : file;
}

/** Where an `import:`/`include:` entry names a file, for errors about that file. */
interface IncludeSite {
  obj: object;
  key: string | number;
  label: string;
}

/**
 * Loads YAML config files with YAML 1.1 booleans (`yes`/`no`/`on`/`off`), resolves
 * `import:`/`include:` relative to the including file, and merges them: later files win
 * for scalars, arrays are concatenated in load order, an including file wins over what
 * it includes.
 */
export class ConfigLoader {
  readonly sources = new SourceMap();
  private readonly files: string[] = [];
  /** Problems of files that could not be loaded; the others are still read to find theirs. */
  private readonly errors: ConfigError[] = [];

  /** Loads and merges the files; throws the ConfigError, or ConfigErrors, of every file that failed. */
  load(paths: string[]): LoadedConfig {
    let root: ConfigObject = {};
    for (const p of paths) root = this.merge(root, this.loadOrRecord(resolve(p), []));
    if (this.errors.length === 1) throw this.errors[0];
    if (this.errors.length > 1) throw new ConfigErrors(this.errors);
    return { root, sources: this.sources, files: this.files };
  }

  /** A file that fails to load adds its errors and contributes nothing. */
  private loadOrRecord(file: string, chain: string[], from?: IncludeSite): ConfigObject {
    try {
      return this.loadFile(file, chain, from);
    } catch (err) {
      const errors = configErrorsOf(err);
      if (!errors) throw err;
      this.errors.push(...errors);
      return {};
    }
  }

  private loadFile(file: string, chain: string[], from?: IncludeSite): ConfigObject {
    const shown = displayPath(file);
    const site = from ? this.sources.locate(from.obj, from.key, from.label) : undefined;
    if (chain.includes(file)) {
      const cycle = [...chain, file].map(displayPath).join(' -> ');
      throw new ConfigError(`Include cycle: ${cycle}`, site);
    }
    if (!existsSync(file)) throw new ConfigError(`Configuration file not found: ${shown}`, site);
    this.files.push(file);
    const text = readFileSync(file, 'utf8');
    const lineCounter = new LineCounter();
    const doc = parseDocument(text, { version: '1.1', lineCounter, prettyErrors: false, uniqueKeys: true, customTags: pyyamlTags });
    if (doc.errors.length > 0) {
      const err = doc.errors[0]!;
      const pos = lineCounter.linePos(err.pos[0]);
      const message = err.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
      throw new ConfigError(`YAML syntax error: ${message}`, { file: shown, line: pos.line, column: pos.col });
    }
    const value = this.toJs(doc.contents as YamlNode | null, shown, lineCounter);
    if (value === null || value === undefined || (typeof value === 'object' && Object.keys(value).length === 0)) {
      throw new ConfigError('This configuration file contains no meaningful information', { file: shown, line: 1, column: 1 });
    }
    if (typeof value !== 'object' || Array.isArray(value)) {
      throw new ConfigError('The configuration must be a mapping of sections (config, policies, channels, ...)', { file: shown, line: 1, column: 1 });
    }
    const own = value as ConfigObject;
    let merged: ConfigObject = {};
    for (const key of ['import', 'include'] as const) {
      if (!(key in own)) continue;
      const list = own[key];
      const items = Array.isArray(list) ? list : [list];
      items.forEach((item, i) => {
        const site: IncludeSite = Array.isArray(list) ? { obj: list, key: i, label: `${key}[${i}]` } : { obj: own, key, label: key };
        if (typeof item !== 'string') {
          this.errors.push(new ConfigError(`\`${key}\` entries must be file paths, got ${JSON.stringify(item)}`, this.sources.locate(site.obj, site.key, site.label)));
          return;
        }
        merged = this.merge(merged, this.loadOrRecord(resolve(dirname(file), item), [...chain, file], site));
      });
      delete own[key];
    }
    return this.merge(merged, own);
  }

  /** Merges `next` over `acc`: maps recursively, arrays concatenated, scalars replaced. */
  merge(acc: ConfigObject, next: ConfigObject): ConfigObject {
    for (const [key, value] of Object.entries(next)) {
      const current = acc[key];
      if (isPlainObject(current) && isPlainObject(value)) {
        acc[key] = this.merge(current, value);
      } else if (Array.isArray(current) && Array.isArray(value)) {
        acc[key] = [...current, ...value];
      } else {
        acc[key] = value;
      }
      this.sources.copyKey(next, acc, key);
    }
    return acc;
  }

  private toJs(node: YamlNode | null, file: string, lc: LineCounter): unknown {
    if (node === null || node === undefined) return null;
    if (isAlias(node)) throw new ConfigError('YAML aliases are not supported in configs', { file, ...pos(lc, node.range?.[0] ?? 0) });
    if (isScalar(node)) return node.value;
    if (isMap(node)) {
      const obj: ConfigObject = {};
      const p = pos(lc, node.range?.[0] ?? 0);
      this.sources.record(obj, file, p.line, p.column);
      for (const pair of node.items) {
        if (!isPair(pair)) continue;
        const keyNode = pair.key as YamlNode | null;
        if (keyNode && isMap(keyNode)) throw new ConfigError('Mapping keys must be plain values', { file, ...pos(lc, keyNode.range?.[0] ?? 0) });
        const key = keyNode && isScalar(keyNode) ? String(keyNode.value) : String(keyNode);
        if (key === '<<') throw new ConfigError('YAML merge keys (<<) are not supported in configs', { file, ...pos(lc, keyNode?.range?.[0] ?? 0) });
        const kp = pos(lc, keyNode?.range?.[0] ?? 0);
        this.sources.recordKey(obj, key, kp.line, kp.column);
        obj[key] = this.toJs(pair.value as YamlNode | null, file, lc);
      }
      return obj;
    }
    if (isSeq(node)) {
      const arr: unknown[] = [];
      const p = pos(lc, node.range?.[0] ?? 0);
      this.sources.record(arr, file, p.line, p.column);
      node.items.forEach((item, i) => {
        const ip = pos(lc, (item as YamlNode).range?.[0] ?? 0);
        this.sources.recordKey(arr, String(i), ip.line, ip.column);
        arr.push(this.toJs(item as YamlNode, file, lc));
      });
      return arr;
    }
    return null;
  }
}

const PY_TRUE = /^(?:[Yy]es|YES|[Tt]rue|TRUE|[Oo]n|ON)$/;
const PY_FALSE = /^(?:[Nn]o|NO|[Ff]alse|FALSE|[Oo]ff|OFF)$/;

/**
 * YAML 1.1 as PyYAML (the original's loader) reads it: yes/no/on/off are booleans but a bare
 * `y` or `n` stays a string (a metric named `n` must not become `false`), and dates stay text.
 */
function pyyamlTags(tags: Tags): Tags {
  return tags
    .filter((t) => (t as { tag?: string }).tag !== 'tag:yaml.org,2002:timestamp')
    .map((t) => {
      const tag = t as { tag?: string; test?: RegExp; default?: boolean };
      if (tag.tag !== 'tag:yaml.org,2002:bool' || !tag.test) return t;
      return { ...tag, test: tag.test.test('yes') ? PY_TRUE : PY_FALSE } as typeof t;
    });
}

function pos(lc: LineCounter, offset: number): { line: number; column: number } {
  const p = lc.linePos(offset);
  return { line: p.line, column: p.col };
}

export function isPlainObject(v: unknown): v is ConfigObject {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}
