import { FieldTemplate } from './FieldTemplate.js';
import type { LogStaxFilter } from './LogStaxFilter.js';
import type { LogStaxMessage } from './LogStaxMessage.js';
import { checkKeys, join, mapEntries, stringList, type ConfigMap } from './configValidation.js';

const BASIC_KEYS = ['type', 'class', 'add_tag', 'remove_tag', 'add_field', 'remove_field'] as const;

/**
 * The filter without a condition (`type: basic`): it always matches and applies the
 * common options in the original's order: add_tag, remove_tag, add_field, remove_field.
 * Every option value may reference message fields as `%{field}`.
 */
export class BasicFilter implements LogStaxFilter {
  private readonly addTags: readonly FieldTemplate[];
  private readonly removeTags: readonly FieldTemplate[];
  private readonly addFields: ReadonlyArray<readonly [FieldTemplate, unknown]>;
  private readonly removeFields: readonly FieldTemplate[];

  /** `extraKeys` are the options a subclass adds; `where` prefixes error messages. */
  constructor(config: ConfigMap = {}, where = 'filter', extraKeys: readonly string[] = []) {
    checkKeys(config, [...BASIC_KEYS, ...extraKeys], where);
    const templates = (key: string) => stringList(config[key], join(where, key)).map((t) => new FieldTemplate(t));
    this.addTags = templates('add_tag');
    this.removeTags = templates('remove_tag');
    this.removeFields = templates('remove_field');
    this.addFields = mapEntries(config.add_field, join(where, 'add_field')).map(
      // Non-string values (numbers, booleans) are added as they are.
      ([key, value]) => [new FieldTemplate(key), typeof value === 'string' ? new FieldTemplate(value) : value] as const,
    );
  }

  filter(message: LogStaxMessage): boolean {
    this.decorate(message);
    return true;
  }

  /** Applies the add/remove options to a message the filter accepted. */
  protected decorate(message: LogStaxMessage): void {
    const fields = message.fields;
    for (const tag of this.addTags) message.addTag(tag.render(fields));
    for (const tag of this.removeTags) message.removeTag(tag.render(fields));
    for (const [key, value] of this.addFields) {
      message.addField(key.render(fields), value instanceof FieldTemplate ? value.render(fields) : value);
    }
    for (const field of this.removeFields) message.removeField(field.render(fields));
  }
}
