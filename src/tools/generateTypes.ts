import { loadAllClasses, SECTION_KINDS } from '../core/ClassRegistry.js';
import type { OptionDef, OptionType } from '../core/Options.js';
import { TASK_OPTIONS } from '../classes/tasks/Task.js';

const TS_TYPES: Record<OptionType, string> = {
  string: 'string',
  filter: 'string',
  number: 'number | string',
  integer: 'number | string',
  boolean: 'boolean',
  time: 'number | string',
  object: 'Record<string, unknown>',
  array: 'unknown[]',
  any: 'unknown',
  expression: 'string | number | boolean',
};

function tsType(def: OptionDef): string {
  const types = (Array.isArray(def.type) ? def.type : [def.type]).map((t) => TS_TYPES[t]);
  if (def.enum) return def.enum.map((e) => JSON.stringify(e)).join(' | ');
  return [...new Set(types.flatMap((t) => t.split(' | ')))].join(' | ');
}

function typeName(className: string): string {
  return className.replace(/^@/, '').split('.').map((p) => p[0]!.toUpperCase() + p.slice(1)).join('');
}

/**
 * TypeScript declarations of a config file, from the same option specs as the JSON Schema
 * and the reference pages: one interface per class, a union per section.
 */
export async function configTypes(): Promise<string> {
  const classes = await loadAllClasses();
  const out: string[] = ['// Generated from the option specs of the classes (`npm run docs`); do not edit by hand.', ''];
  const sections: string[] = [];
  for (const [section, kind] of Object.entries(SECTION_KINDS)) {
    const names: string[] = [];
    for (const [name, cls] of classes.filter(([, c]) => c.kind === kind).sort(([a], [b]) => a.localeCompare(b))) {
      const options = kind === 'task' ? { ...TASK_OPTIONS, ...cls.options } : cls.options;
      const iface = `${typeName(name)}Config`;
      names.push(iface);
      out.push(`/** ${cls.description} */`, `export interface ${iface} {`, `  class: ${JSON.stringify(name)};`);
      for (const [key, def] of Object.entries(options)) {
        out.push(`  /** ${def.description.replace(/\*\//g, '* /')} */`, `  ${JSON.stringify(key)}${def.required ? '' : '?'}: ${tsType(def)};`);
        for (const alias of def.aliases ?? []) out.push(`  /** Alias of \`${key}\`. */`, `  ${JSON.stringify(alias)}?: ${tsType(def)};`);
      }
      out.push('}', '');
    }
    out.push(`/** A user class: \`./module.js#ExportName\`, relative to the config file. */`);
    const user = `User${section[0]!.toUpperCase()}${section.slice(1)}Config`;
    out.push(`export interface ${user} { class: \`\${string}#\${string}\`; [option: string]: unknown }`, '');
    out.push(`export type ${section[0]!.toUpperCase()}${section.slice(1)}Entry = ${[...names, user].join(' | ')};`, '');
    sections.push(`  ${section}?: ${section[0]!.toUpperCase()}${section.slice(1)}Entry[];`);
  }
  out.push(
    '/** A whole config file. */',
    'export interface DriverConfig {',
    '  import?: string[];',
    '  include?: string[];',
    '  config?: Record<string, unknown>;',
    '  define?: Record<string, unknown>;',
    '  meta?: Record<string, unknown>;',
    ...sections,
    '}',
    '',
  );
  return out.join('\n');
}
