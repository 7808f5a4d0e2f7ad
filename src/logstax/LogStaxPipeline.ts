import { BasicFilter } from './BasicFilter.js';
import { GrokCompiler } from './GrokCompiler.js';
import { GrokFilter } from './GrokFilter.js';
import type { LogStaxCodec } from './LogStaxCodec.js';
import { LogStaxConfigError } from './LogStaxConfigError.js';
import type { LogStaxFilter } from './LogStaxFilter.js';
import type { LogStaxMessage } from './LogStaxMessage.js';
import { MultilineCodec } from './MultilineCodec.js';
import { SingleLineCodec } from './SingleLineCodec.js';
import {
  checkKeys,
  describe,
  expectMap,
  join,
  optionalString,
  suggestion,
  type ConfigMap,
} from './configValidation.js';

/** The LogStax part of an observer's config: the source's and the manual's spellings both work. */
export interface LogStaxPipelineConfig {
  /** Required list: `{type: grok|basic, ...}` filters and, as the manual writes them, `{codec: {...}}` entries. */
  filters?: unknown;
  /** The source's top-level codec list, `[{type: singleline|multiline, ...}]`. */
  codecs?: unknown;
}

type CodecKind = 'singleline' | 'multiline';
type FilterKind = 'grok' | 'basic';

const CODEC_TYPES: Readonly<Record<string, CodecKind>> = { singleline: 'singleline', multiline: 'multiline' };
/** Class names as the manual writes them, including its `MultlineCodec` misspelling. */
const CODEC_CLASSES: Readonly<Record<string, CodecKind>> = {
  SingleLineCodec: 'singleline',
  MultilineCodec: 'multiline',
  MultiLineCodec: 'multiline',
  MultlineCodec: 'multiline',
};
const FILTER_TYPES: Readonly<Record<string, FilterKind>> = { grok: 'grok', basic: 'basic' };
const FILTER_CLASSES: Readonly<Record<string, FilterKind>> = { GrokFilter: 'grok', BasicFilter: 'basic' };
const CLASS_PREFIX = /^(?:performance\.driver\.classes\.observer\.)?logstax\.(?:codecs|filters)\./;

/**
 * Lines in, finished messages out: each line goes through the codecs in order (the first
 * codec that returns messages wins), then every message through every filter. A message is
 * kept when any filter matched it, or when there are no filters.
 */
export class LogStaxPipeline {
  readonly codecs: readonly LogStaxCodec[];
  readonly filters: readonly LogStaxFilter[];

  constructor(config: LogStaxPipelineConfig, compiler: GrokCompiler = GrokCompiler.shared) {
    if (!Array.isArray(config.filters)) {
      throw new LogStaxConfigError('filters', `a list of filters is required, got ${describe(config.filters)}`);
    }
    const codecs: LogStaxCodec[] = [];
    const filters: LogStaxFilter[] = [];
    if (config.codecs !== undefined && config.codecs !== null) {
      if (!Array.isArray(config.codecs)) {
        throw new LogStaxConfigError('codecs', `expected a list of codecs, got ${describe(config.codecs)}`);
      }
      config.codecs.forEach((entry: unknown, i) => codecs.push(LogStaxPipeline.createCodec(entry, join('codecs', i))));
    }
    config.filters.forEach((entry: unknown, i) => {
      const where = join('filters', i);
      const map = expectMap(entry, where);
      if ('codec' in map) {
        checkKeys(map, ['codec'], where);
        codecs.push(LogStaxPipeline.createCodec(map.codec, join(where, 'codec')));
      } else {
        filters.push(LogStaxPipeline.createFilter(map, where, compiler));
      }
    });
    this.codecs = codecs.length > 0 ? codecs : [new SingleLineCodec()];
    this.filters = filters;
  }

  push(line: string): LogStaxMessage[] {
    for (const codec of this.codecs) {
      const messages = codec.push(line);
      if (messages.length > 0) return this.filterAll(messages);
    }
    return [];
  }

  /** End of input: every codec gives up what it still holds. */
  flush(): LogStaxMessage[] {
    const out: LogStaxMessage[] = [];
    for (const codec of this.codecs) out.push(...this.filterAll(codec.flush()));
    return out;
  }

  private filterAll(messages: readonly LogStaxMessage[]): LogStaxMessage[] {
    // The common case (one message per line) allocates no second array.
    if (messages.length === 1) return this.accepts(messages[0]) ? (messages as LogStaxMessage[]) : [];
    const out: LogStaxMessage[] = [];
    for (const message of messages) if (this.accepts(message)) out.push(message);
    return out;
  }

  /** Every filter runs (later ones see earlier changes); one match is enough to keep the message. */
  private accepts(message: LogStaxMessage): boolean {
    if (this.filters.length === 0) return true;
    let matched = false;
    for (const filter of this.filters) if (filter.filter(message)) matched = true;
    return matched;
  }

  static createCodec(entry: unknown, where: string): LogStaxCodec {
    const config = expectMap(entry, where);
    switch (LogStaxPipeline.kind(config, where, 'codec', CODEC_TYPES, CODEC_CLASSES)) {
      case 'singleline':
        return new SingleLineCodec(config, where);
      case 'multiline':
        return new MultilineCodec(config, where);
    }
  }

  static createFilter(entry: unknown, where: string, compiler: GrokCompiler = GrokCompiler.shared): LogStaxFilter {
    const config = expectMap(entry, where);
    switch (LogStaxPipeline.kind(config, where, 'filter', FILTER_TYPES, FILTER_CLASSES)) {
      case 'grok':
        return new GrokFilter(config, where, compiler);
      case 'basic':
        return new BasicFilter(config, where);
    }
  }

  /** Resolves `type:` (source) or `class:` (manual) to one kind; giving both must agree. */
  private static kind<K extends string>(
    config: ConfigMap,
    where: string,
    what: string,
    types: Readonly<Record<string, K>>,
    classes: Readonly<Record<string, K>>,
  ): K {
    const type = optionalString(config.type, join(where, 'type'));
    const cls = optionalString(config.class, join(where, 'class'));
    let byType: K | undefined;
    let byClass: K | undefined;
    if (type !== undefined) {
      byType = Object.hasOwn(types, type) ? types[type] : undefined;
      if (byType === undefined) {
        throw new LogStaxConfigError(join(where, 'type'), `unknown ${what} type \`${type}\`${suggestion(type, Object.keys(types))}`);
      }
    }
    if (cls !== undefined) {
      const short = cls.replace(CLASS_PREFIX, '');
      byClass = Object.hasOwn(classes, short) ? classes[short] : undefined;
      if (byClass === undefined) {
        const prefix = what === 'codec' ? 'logstax.codecs.' : 'logstax.filters.';
        const close = suggestion(short, Object.keys(classes)).replace('`', `\`${prefix}`);
        throw new LogStaxConfigError(join(where, 'class'), `unknown ${what} class \`${cls}\`${close}`);
      }
    }
    if (byType !== undefined && byClass !== undefined && byType !== byClass) {
      throw new LogStaxConfigError(where, `\`type: ${type}\` and \`class: ${cls}\` name different ${what}s`);
    }
    const kind = byType ?? byClass;
    if (kind === undefined) {
      throw new LogStaxConfigError(where, `a ${what} needs \`type:\` (one of ${Object.keys(types).join(', ')})`);
    }
    return kind;
  }
}
