/**
 * The prototype of every fields object: it has no prototype itself, so any name a log line
 * supplies (`constructor`, `__proto__`) is an ordinary own field. Objects created from it
 * stay fast-mode objects, where `Object.create(null)` starts a slow dictionary, which is
 * markedly slower on the per-line path.
 */
const FIELDS_PROTOTYPE: object = Object.create(null) as object;

/** An empty fields object (see FIELDS_PROTOTYPE). */
export function newFields(): Record<string, unknown> {
  return Object.create(FIELDS_PROTOTYPE) as Record<string, unknown>;
}

/** The unit the LogStax codecs produce and the filters transform: a set of tags and a mapping of fields. */
export class LogStaxMessage {
  readonly tags: Set<string>;
  readonly fields: Record<string, unknown>;

  constructor(fields?: Readonly<Record<string, unknown>>, tags?: Iterable<string>) {
    this.fields = newFields();
    if (fields !== undefined) for (const key of Object.keys(fields)) this.fields[key] = fields[key];
    this.tags = new Set(tags);
  }

  /** The singleline codec's message: `{message: line}`, no tags. */
  static fromLine(line: string): LogStaxMessage {
    const message = new LogStaxMessage();
    message.fields.message = line;
    return message;
  }

  addTag(tag: string): this {
    this.tags.add(tag);
    return this;
  }

  /** Removing an absent tag is a no-op (the original raised). */
  removeTag(tag: string): this {
    this.tags.delete(tag);
    return this;
  }

  hasTag(tag: string): boolean {
    return this.tags.has(tag);
  }

  addField(name: string, value: unknown): this {
    this.fields[name] = value;
    return this;
  }

  /** Removing an absent field is a no-op (the original raised). */
  removeField(name: string): this {
    delete this.fields[name];
    return this;
  }

  hasField(name: string): boolean {
    return name in this.fields;
  }

  getField(name: string): unknown {
    return this.fields[name];
  }
}
