import { BasicFilter } from './BasicFilter.js';
import { FieldTemplate } from './FieldTemplate.js';
import { GrokCompiler } from './GrokCompiler.js';
import type { GrokPattern } from './GrokPattern.js';
import { LogStaxConfigError } from './LogStaxConfigError.js';
import type { LogStaxMessage } from './LogStaxMessage.js';
import { PatternError } from './PatternError.js';
import { join, mapEntries, requiredString, stringList, type ConfigMap } from './configValidation.js';

const GROK_KEYS = ['match', 'overwrite', 'tag_on_failure', 'pattern_definitions'] as const;

interface FieldMatcher {
  field: string;
  /** Tried in order; the first that matches wins. */
  patterns: readonly GrokPattern[];
}

/**
 * `type: grok`. For each `match: {field: pattern | [patterns]}` entry the field's text is
 * searched; when any entry matches, its captures are added (an existing field only when
 * listed in `overwrite`) and the BasicFilter options apply. On no match the message is left
 * as it was, apart from the optional `tag_on_failure` tags (none by default, as in the
 * original; logstash users may set `[_grokparsefailure]`).
 */
export class GrokFilter extends BasicFilter {
  private readonly matchers: readonly FieldMatcher[];
  private readonly overwrite: ReadonlySet<string>;
  private readonly failureTags: readonly string[];

  /** `compiler` defaults to the shared base-library compiler unless `pattern_definitions` is set. */
  constructor(config: ConfigMap, where = 'grok', compiler?: GrokCompiler) {
    super(config, where, GROK_KEYS);
    const definitions = mapEntries(config.pattern_definitions, join(where, 'pattern_definitions')).map(
      ([name, definition]) => [name, requiredString(definition, join(join(where, 'pattern_definitions'), name))] as const,
    );
    let grok = compiler ?? GrokCompiler.shared;
    if (definitions.length > 0) {
      try {
        grok = new GrokCompiler(Object.fromEntries(definitions));
      } catch (e) {
        throw GrokFilter.configError(e, join(where, 'pattern_definitions'));
      }
    }
    const matchWhere = join(where, 'match');
    const entries = mapEntries(config.match, matchWhere);
    if (entries.length === 0) throw new LogStaxConfigError(matchWhere, 'a grok filter needs `match: {field: pattern}`');
    this.matchers = entries.map(([field, value]) => {
      const fieldWhere = join(matchWhere, field);
      const sources = stringList(value, fieldWhere);
      if (sources.length === 0) throw new LogStaxConfigError(fieldWhere, 'expected a grok pattern');
      return {
        field,
        patterns: sources.map((source, i) => {
          try {
            return grok.compile(source);
          } catch (e) {
            throw GrokFilter.configError(e, Array.isArray(value) ? join(fieldWhere, i) : fieldWhere);
          }
        }),
      };
    });
    this.overwrite = new Set(stringList(config.overwrite, join(where, 'overwrite')));
    this.failureTags = stringList(config.tag_on_failure, join(where, 'tag_on_failure'));
  }

  override filter(message: LogStaxMessage): boolean {
    const fields = message.fields;
    let matched = false;
    for (const matcher of this.matchers) {
      const value = fields[matcher.field];
      const text = typeof value === 'string' ? value : FieldTemplate.stringify(value);
      for (const pattern of matcher.patterns) {
        if (pattern.matchInto(text, fields, this.overwrite)) {
          matched = true;
          break;
        }
      }
    }
    if (matched) this.decorate(message);
    else for (const tag of this.failureTags) message.addTag(tag);
    return matched;
  }

  private static configError(e: unknown, where: string): unknown {
    return e instanceof PatternError ? new LogStaxConfigError(where, e.message) : e;
  }
}
