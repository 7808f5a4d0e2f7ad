import { LogStaxConfigError } from './LogStaxConfigError.js';
import { PatternError } from './PatternError.js';
import { RegexTranslator } from './RegexTranslator.js';
import { checkKeys, describe, join, optionalBool, optionalString, type ConfigMap } from './configValidation.js';

const RULE_KEYS = ['match', 'ignorecase', 'partial', 'repeat', 'optional', 'acceptIncomplete', 'newline'] as const;

/**
 * One entry of a multiline codec's `lines:`. `match` is a regular expression (Python /
 * Oniguruma syntax) anchored at the start of the line unless `partial` asks for a search.
 */
export class MultilineRule {
  readonly pattern: string;
  private readonly regex: RegExp;
  private readonly partial: boolean;
  /** 0: match one line; n: up to n lines; Infinity: as many as match. */
  readonly repeat: number;
  readonly optional: boolean;
  /** Overrides the codec's acceptIncomplete when a block breaks off at this rule. */
  readonly acceptIncomplete: boolean | undefined;
  /** Overrides the codec's join string in front of the lines this rule collects. */
  readonly newline: string | undefined;

  constructor(config: ConfigMap, where = 'rule') {
    checkKeys(config, RULE_KEYS, where);
    this.pattern = optionalString(config.match, join(where, 'match')) ?? '.*';
    this.partial = optionalBool(config.partial, join(where, 'partial'), false);
    const ignoreCase = optionalBool(config.ignorecase, join(where, 'ignorecase'), false);
    try {
      const translated = RegexTranslator.translate(this.pattern);
      // Sticky anchors the match at lastIndex 0 without rewriting the pattern.
      const flags = translated.flags + (ignoreCase && !translated.flags.includes('i') ? 'i' : '') + (this.partial ? '' : 'y');
      this.regex = new RegExp(translated.source, flags);
    } catch (e) {
      const detail = e instanceof PatternError ? e.detail : (e as Error).message;
      throw new LogStaxConfigError(join(where, 'match'), `invalid regular expression "${this.pattern}": ${detail}`);
    }
    this.repeat = MultilineRule.parseRepeat(config.repeat, join(where, 'repeat'));
    this.optional = optionalBool(config.optional, join(where, 'optional'), false);
    this.acceptIncomplete = optionalBool(config.acceptIncomplete, join(where, 'acceptIncomplete'));
    this.newline = optionalString(config.newline, join(where, 'newline'));
  }

  matches(line: string): boolean {
    this.regex.lastIndex = 0;
    return this.regex.test(line);
  }

  /** `yes` repeats without limit, a number up to that many lines, `no`/0/1 means a single line. */
  private static parseRepeat(value: unknown, where: string): number {
    const n = typeof value === 'string' && /^\s*\d+\s*$/.test(value) ? Number(value) : value;
    if (typeof n === 'number' && Number.isInteger(n) && n >= 0) return n <= 1 ? 0 : n;
    if (typeof n !== 'number') {
      try {
        return optionalBool(n, where, false) ? Infinity : 0;
      } catch {
        // reported below with the accepted forms
      }
    }
    throw new LogStaxConfigError(where, `expected yes, no or a whole number of lines, got ${describe(value)}`);
  }
}
