import { LogStaxConfigError } from './LogStaxConfigError.js';
import { type LogStaxCodec, NO_MESSAGES } from './LogStaxCodec.js';
import { LogStaxMessage } from './LogStaxMessage.js';
import { MultilineRule } from './MultilineRule.js';
import { checkKeys, isConfigMap, join, optionalBool, optionalString, type ConfigMap } from './configValidation.js';

const CODEC_KEYS = ['type', 'class', 'lines', 'acceptIncomplete', 'newline'] as const;

/** What offering one line to the rules did. */
const enum Outcome {
  /** The line joined the block, which goes on. */
  Consumed,
  /** The line joined the block and finished it. */
  Completed,
  /** The block was already complete; the line belongs to none of its rules. */
  Ended,
  /** A required rule did not match: the block breaks off. */
  Aborted,
}

/**
 * `type: multiline`: collects consecutive lines matching `lines:` (one rule per line, with
 * `repeat` and `optional`) into one message with the fields `codec: "multiline"`,
 * `message` (the lines joined by `newline`) and `line-1`, `line-2`, ...
 *
 * Unlike the original, a line is never offered to the rules more than twice: once to the
 * block in progress and, when that block ended or broke off without it, once as the start
 * of a new block. The original re-offered even a line that had just completed the block,
 * so a one-rule codec recursed forever, and it dropped a line that broke off a block
 * although the line could start the next one.
 */
export class MultilineCodec implements LogStaxCodec {
  readonly rules: readonly MultilineRule[];
  private readonly acceptIncomplete: boolean;
  private readonly newline: string;
  private ruleIndex = 0;
  private repeatCount = 0;
  private lines: string[] = [];
  private text = '';

  constructor(config: ConfigMap, where = 'codec') {
    checkKeys(config, CODEC_KEYS, where);
    const linesWhere = join(where, 'lines');
    // The manual also writes a single rule as a mapping instead of a one-item list.
    const rules = isConfigMap(config.lines) ? [config.lines] : config.lines;
    if (!Array.isArray(rules) || rules.length === 0) {
      throw new LogStaxConfigError(linesWhere, 'a multiline codec needs at least one rule in `lines`');
    }
    this.rules = rules.map((rule: unknown, i) => {
      const ruleWhere = Array.isArray(config.lines) ? join(linesWhere, i) : linesWhere;
      if (!isConfigMap(rule)) throw new LogStaxConfigError(ruleWhere, 'expected a rule mapping such as `{match: ...}`');
      return new MultilineRule(rule, ruleWhere);
    });
    this.acceptIncomplete = optionalBool(config.acceptIncomplete, join(where, 'acceptIncomplete'), false);
    this.newline = optionalString(config.newline, join(where, 'newline')) ?? '\n';
  }

  push(line: string): readonly LogStaxMessage[] {
    const collecting = this.lines.length > 0;
    const outcome = this.offer(line);
    if (outcome === Outcome.Consumed) return NO_MESSAGES;
    if (outcome === Outcome.Completed) return this.finish(true);
    const previous = this.finish(outcome === Outcome.Ended);
    // Offered from a fresh state already: nothing would change on a second try.
    if (!collecting) return previous;
    const retry = this.offer(line);
    if (retry === Outcome.Consumed) return previous;
    const next = this.finish(retry === Outcome.Completed);
    if (next.length === 0) return previous;
    return previous.length === 0 ? next : [...previous, ...next];
  }

  /** At end of input a pending block is complete when every rule it still waits for is optional. */
  flush(): readonly LogStaxMessage[] {
    const first = this.repeatCount > 0 ? this.ruleIndex + 1 : this.ruleIndex;
    return this.finish(this.rules.slice(first).every((rule) => rule.optional));
  }

  private offer(line: string): Outcome {
    const rules = this.rules;
    for (;;) {
      const rule = rules[this.ruleIndex];
      if (rule.matches(line)) {
        this.collect(line, rule);
        if (rule.repeat > 0 && ++this.repeatCount < rule.repeat) return Outcome.Consumed;
        this.repeatCount = 0;
        this.ruleIndex++;
        return this.ruleIndex < rules.length ? Outcome.Consumed : Outcome.Completed;
      }
      // A rule that already took lines, or an optional one, lets the next rule try this line.
      if (this.repeatCount === 0 && !rule.optional) return Outcome.Aborted;
      this.repeatCount = 0;
      this.ruleIndex++;
      if (this.ruleIndex >= rules.length) return Outcome.Ended;
    }
  }

  private collect(line: string, rule: MultilineRule): void {
    this.text = this.lines.length === 0 ? line : this.text + (rule.newline ?? this.newline) + line;
    this.lines.push(line);
  }

  /** Resets the state and returns the block as a message if it is complete or acceptable incomplete. */
  private finish(complete: boolean): readonly LogStaxMessage[] {
    const lines = this.lines;
    const rule = this.rules[Math.min(this.ruleIndex, this.rules.length - 1)];
    const accept = complete || (rule.acceptIncomplete ?? this.acceptIncomplete);
    const text = this.text;
    this.ruleIndex = 0;
    this.repeatCount = 0;
    if (lines.length === 0) return NO_MESSAGES;
    this.lines = [];
    this.text = '';
    if (!accept) return NO_MESSAGES;
    const message = new LogStaxMessage();
    message.fields.codec = 'multiline';
    message.fields.message = text;
    for (let i = 0; i < lines.length; i++) message.fields[`line-${i + 1}`] = lines[i];
    return [message];
  }
}
