/**
 * Logstash-style `%{field}` references in option values (`add_field`, `add_tag`, ...),
 * split once at configuration time so rendering a message is a plain concatenation.
 * A reference to a missing or null field stays literal, as in logstash.
 */
export class FieldTemplate {
  readonly text: string;
  /** Literal text at even indexes, referenced field names at odd indexes. */
  private readonly parts: readonly string[];

  constructor(text: string) {
    this.text = text;
    this.parts = text.split(/%\{([^{}]+)\}/);
  }

  render(fields: Readonly<Record<string, unknown>>): string {
    if (this.parts.length === 1) return this.text;
    let out = this.parts[0];
    for (let i = 1; i < this.parts.length; i += 2) {
      const name = this.parts[i];
      const value = fields[name];
      out += (value === undefined || value === null ? `%{${name}}` : FieldTemplate.stringify(value)) + this.parts[i + 1];
    }
    return out;
  }

  /** How a field value reads when matched against or interpolated as text. */
  static stringify(value: unknown): string {
    if (typeof value === 'string') return value;
    if (value === undefined || value === null) return '';
    if (typeof value === 'object') return JSON.stringify(value instanceof Set ? [...value] : value);
    return String(value);
  }
}
