import { newFields } from './LogStaxMessage.js';
import type { GrokType, RegexCapture } from './RegexTranslator.js';

interface FieldSlot {
  name: string;
  /** Every JS group that fills this field: a name may occur more than once in a pattern. */
  groups: number[];
  types: Array<GrokType | null>;
}

/**
 * One compiled grok pattern: a single JS RegExp plus the table that maps its numbered
 * groups back to field names. Matching is a search anywhere in the text, as pygrok does.
 */
export class GrokPattern {
  readonly pattern: string;
  readonly regex: RegExp;
  private readonly slots: readonly FieldSlot[];

  constructor(pattern: string, regex: RegExp, captures: readonly RegexCapture[]) {
    this.pattern = pattern;
    this.regex = regex;
    const slots = new Map<string, FieldSlot>();
    for (const capture of captures) {
      let slot = slots.get(capture.name);
      if (slot === undefined) {
        slot = { name: capture.name, groups: [], types: [] };
        slots.set(capture.name, slot);
      }
      slot.groups.push(capture.group);
      slot.types.push(capture.type);
    }
    this.slots = [...slots.values()];
  }

  /** The field names a match produces, in pattern order. */
  get fieldNames(): string[] {
    return this.slots.map((slot) => slot.name);
  }

  /** The captured fields, or null when the pattern does not occur in `text`. */
  match(text: string): Record<string, unknown> | null {
    const m = this.regex.exec(text);
    if (m === null) return null;
    const out = newFields();
    for (const slot of this.slots) out[slot.name] = GrokPattern.value(m, slot);
    return out;
  }

  /**
   * Matches and writes the captures straight into `fields`, skipping a field that already
   * exists unless it is listed in `overwrite`. Returns whether the pattern matched.
   */
  matchInto(text: string, fields: Record<string, unknown>, overwrite: ReadonlySet<string>): boolean {
    const m = this.regex.exec(text);
    if (m === null) return false;
    for (const slot of this.slots) {
      if (!(slot.name in fields) || overwrite.has(slot.name)) fields[slot.name] = GrokPattern.value(m, slot);
    }
    return true;
  }

  /** The first participating group's text, typed; null when none participated. */
  private static value(m: RegExpExecArray, slot: FieldSlot): unknown {
    for (let i = 0; i < slot.groups.length; i++) {
      const raw = m[slot.groups[i]];
      if (raw !== undefined) return GrokPattern.convert(raw, slot.types[i]);
    }
    return null;
  }

  /** Text that is not a number stays text rather than becoming NaN. */
  private static convert(raw: string, type: GrokType | null): unknown {
    if (type === null || raw.trim() === '') return raw;
    const n = Number(raw);
    if (!Number.isFinite(n)) return raw;
    return type === 'int' ? Math.trunc(n) : n;
  }
}
