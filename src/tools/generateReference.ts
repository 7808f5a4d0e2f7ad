import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadAllClasses } from '../core/ClassRegistry.js';
import { EVENT_CATALOG, EVENT_ALIASES } from '../core/EventCatalog.js';
import type { OptionDef } from '../core/Options.js';
import { TASK_OPTIONS } from '../classes/tasks/Task.js';
import { writeSchema } from './generateSchema.js';
import { configTypes } from './generateTypes.js';

const KIND_TITLES: Record<string, string> = {
  policy: 'Policies',
  channel: 'Channels',
  observer: 'Observers',
  tracker: 'Trackers',
  task: 'Tasks',
  reporter: 'Reporters',
};

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

function typeText(def: OptionDef): string {
  return (Array.isArray(def.type) ? def.type : [def.type]).join(' or ');
}

function defaultText(def: OptionDef): string {
  if (def.required) return 'required';
  if (def.default === undefined) return '';
  return `\`${JSON.stringify(def.default)}\``;
}

/** The file of each kind's reference page under docs/reference/. */
export const KIND_PAGES: Record<string, string> = {
  policy: 'policies.md',
  channel: 'channels.md',
  observer: 'observers.md',
  tracker: 'trackers.md',
  task: 'tasks.md',
  reporter: 'reporters.md',
};

function exampleText(def: OptionDef): string {
  return def.example === undefined ? '' : `\`${cell(JSON.stringify(def.example))}\``;
}

/** The reference page of one kind of class, generated from each class's option spec. */
export async function kindMarkdown(kind: string): Promise<string> {
  const classes = (await loadAllClasses()).filter(([, c]) => c.kind === kind).sort(([a], [b]) => a.localeCompare(b));
  const out: string[] = [
    `# ${KIND_TITLES[kind]}`,
    '',
    'Generated from the option specs of the classes (`npm run docs`); do not edit by hand.',
    'Every option not listed here is rejected with a "did you mean" suggestion. Events are described in [events.md](events.md).',
    '',
  ];
  for (const [name, cls] of classes) {
    out.push(`## ${name}`, '', cls.description, '');
    const options = kind === 'task' ? { ...TASK_OPTIONS, ...cls.options } : cls.options;
    const entries = Object.entries(options);
    if (entries.length === 0) {
      out.push('This class takes no options.', '');
    } else {
      out.push('| option | type | default | example | description |', '|---|---|---|---|---|');
      for (const [key, def] of entries) {
        const aliases = def.aliases?.length ? ` (also \`${def.aliases.join('`, `')}\`)` : '';
        out.push(`| \`${key}\`${aliases} | ${typeText(def)} | ${defaultText(def)} | ${exampleText(def)} | ${cell(def.description)} |`);
      }
      out.push('');
    }
    if (cls.publishes.length) out.push(`Publishes: ${cls.publishes.map((e) => `[\`${e}\`](events.md#${e.toLowerCase()})`).join(', ')}.`, '');
  }
  return out.join('\n');
}

/** docs/reference/README.md: the index of the reference pages. */
export async function indexMarkdown(): Promise<string> {
  const classes = await loadAllClasses();
  const out = ['# Reference', '', 'Generated (`npm run docs`); do not edit by hand.', ''];
  for (const [kind, page] of Object.entries(KIND_PAGES)) {
    const names = classes.filter(([, c]) => c.kind === kind).map(([n]) => n).sort();
    out.push(`* [${KIND_TITLES[kind]}](${page}): ${names.map((n) => `\`${n}\``).join(', ')}`);
  }
  out.push('* [Events](events.md): every event and its attributes', '');
  return out.join('\n');
}

/** The event reference (docs/reference/events.md), generated from the event catalogue. */
export function eventsMarkdown(): string {
  const out: string[] = ['# Event reference', '', 'Generated from the event catalogue (`npm run docs`); do not edit by hand.', '', 'Every event has `event` (its name), `ts` (epoch seconds) and `traceids`. A filter naming an event also matches the events derived from it.', ''];
  for (const [name, spec] of Object.entries(EVENT_CATALOG).sort(([a], [b]) => a.localeCompare(b))) {
    out.push(`## ${name}`, '', spec.description, '');
    if (spec.parents.length) out.push(`Derives from ${spec.parents.map((p) => `\`${p}\``).join(', ')}.`, '');
    const attrs = Object.entries(spec.attributes);
    if (attrs.length) {
      out.push('| attribute | description |', '|---|---|');
      for (const [a, d] of attrs) out.push(`| \`${a}\` | ${cell(d)} |`);
      out.push('');
    }
  }
  out.push('## Aliases', '', 'Names the manual uses that match another event:', '');
  for (const [alias, target] of Object.entries(EVENT_ALIASES)) out.push(`* \`${alias}\` matches \`${target}\``);
  out.push('');
  return out.join('\n');
}

/** `node dist/tools/generateReference.js [docsDir]` rewrites docs/reference/, the JSON Schema and the TypeScript declarations. */
export async function writeReference(docsDir: string): Promise<void> {
  const dir = join(docsDir, 'reference');
  mkdirSync(dir, { recursive: true });
  for (const [kind, page] of Object.entries(KIND_PAGES)) writeFileSync(join(dir, page), await kindMarkdown(kind));
  writeFileSync(join(dir, 'events.md'), eventsMarkdown());
  writeFileSync(join(dir, 'README.md'), await indexMarkdown());
  await writeSchema(join(docsDir, '..', 'schema', 'config.schema.json'));
  writeFileSync(join(docsDir, '..', 'schema', 'config.d.ts'), await configTypes());
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop() ?? '')) {
  await writeReference(process.argv[2] ?? 'docs');
}
