import { GROK_PATTERNS } from './grokPatterns.js';
import { GrokPattern } from './GrokPattern.js';
import { PatternError } from './PatternError.js';
import { CAPTURE_MARK, RegexTranslator, type GrokType, type NamedCaptureSpec } from './RegexTranslator.js';
import { suggestion } from './configValidation.js';

const REFERENCE = /%\{([^{}]*)\}/g;
const REFERENCE_BODY = /^([A-Za-z0-9_]+)(?::([^:]+))?(?::([A-Za-z0-9_]+))?$/;
const PATTERN_NAME = /^[A-Za-z0-9_]+$/;

/**
 * Compiles grok expressions against a pattern library. Every distinct expression is
 * expanded and compiled once and cached, so filters sharing a compiler share RegExps.
 */
export class GrokCompiler {
  private static sharedInstance: GrokCompiler | undefined;
  private readonly definitions: ReadonlyMap<string, string>;
  private readonly cache = new Map<string, GrokPattern>();

  /** `extraDefinitions` add to (or replace) the base library. */
  constructor(extraDefinitions: Readonly<Record<string, string>> = {}) {
    const definitions = new Map(Object.entries(GROK_PATTERNS));
    for (const [name, definition] of Object.entries(extraDefinitions)) {
      if (!PATTERN_NAME.test(name)) throw new PatternError(`Invalid grok pattern name "${name}": use letters, digits and _`);
      definitions.set(name, definition);
    }
    this.definitions = definitions;
  }

  /** The compiler over the base library alone, shared by every filter without custom patterns. */
  static get shared(): GrokCompiler {
    GrokCompiler.sharedInstance ??= new GrokCompiler();
    return GrokCompiler.sharedInstance;
  }

  get patternNames(): string[] {
    return [...this.definitions.keys()];
  }

  compile(pattern: string): GrokPattern {
    const cached = this.cache.get(pattern);
    if (cached !== undefined) return cached;
    const specs: NamedCaptureSpec[] = [];
    const source = this.expand(pattern, pattern, [], specs);
    let regex: RegExp;
    let translated;
    try {
      translated = RegexTranslator.translate(source, specs);
      regex = new RegExp(translated.source, translated.flags);
    } catch (e) {
      const detail = e instanceof PatternError ? e.detail : (e as Error).message;
      throw new PatternError(`Invalid grok pattern "${pattern}": ${detail}`, detail);
    }
    const compiled = new GrokPattern(pattern, regex, translated.captures);
    this.cache.set(pattern, compiled);
    return compiled;
  }

  /** Replaces every `%{NAME[:field[:type]]}` with its definition, recursively. */
  private expand(text: string, root: string, stack: string[], specs: NamedCaptureSpec[]): string {
    return text.replace(REFERENCE, (whole: string, body: string) => {
      const m = REFERENCE_BODY.exec(body);
      if (m === null) throw new PatternError(`Malformed grok reference ${whole} in "${root}"`);
      const [, name, field, type] = m;
      const definition = this.definitions.get(name);
      if (definition === undefined) {
        const from = stack.length > 0 ? ` (used by %{${stack[stack.length - 1]}})` : '';
        throw new PatternError(
          `Unknown grok pattern %{${name}}${from} in "${root}"${suggestion(name, this.definitions.keys())}`,
        );
      }
      if (stack.includes(name)) {
        const cycle = [...stack.slice(stack.indexOf(name)), name].map((n) => `%{${n}}`).join(' -> ');
        throw new PatternError(`Grok pattern cycle ${cycle} in "${root}"`);
      }
      if (type !== undefined && type !== 'int' && type !== 'float') {
        throw new PatternError(`Unknown grok type "${type}" in ${whole} (use int or float) in "${root}"`);
      }
      if (field === undefined) return `(?:${this.expand(definition, root, [...stack, name], specs)})`;
      const index = specs.push({ name: field, type: (type as GrokType | undefined) ?? null }) - 1;
      return `(?<${CAPTURE_MARK}${index}>${this.expand(definition, root, [...stack, name], specs)})`;
    });
  }
}
