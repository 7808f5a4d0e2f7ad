import { writeFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { loadAllClasses } from '../core/ClassRegistry.js';
import type { OptionDef, OptionType } from '../core/Options.js';
import { TASK_OPTIONS } from '../classes/tasks/Task.js';
import { SECTION_KINDS } from '../core/ClassRegistry.js';
import { INDICATOR_CLASS_NAMES } from '../core/IndicatorSet.js';

type Schema = Record<string, unknown>;

const MACRO: Schema = { type: 'string', pattern: '\\{\\{' };

function typeSchema(t: OptionType): Schema {
  switch (t) {
    case 'string':
    case 'filter':
      return { type: 'string' };
    case 'number':
      return { type: 'number' };
    case 'integer':
      return { type: 'integer' };
    case 'boolean':
      return { type: 'boolean' };
    case 'time':
      return { type: ['number', 'string'], pattern: '^[0-9.]+\\s*(us|ms|s|m|h)?$' };
    case 'object':
      return { type: 'object' };
    case 'array':
      return { type: 'array' };
    case 'expression':
      return { type: ['string', 'number', 'boolean'] };
    case 'any':
      return {};
  }
}

function optionSchema(def: OptionDef): Schema {
  const types = Array.isArray(def.type) ? def.type : [def.type];
  const out: Schema = { description: def.description, anyOf: [...types.map(typeSchema), MACRO] };
  if (def.default !== undefined) out.default = def.default;
  if (def.enum) out.enum = [...def.enum];
  return out;
}

/** The JSON Schema of a config file, from the option specs of every class. */
export async function configSchema(): Promise<Schema> {
  const classes = await loadAllClasses();
  const sections: Schema = {};
  for (const [section, kind] of Object.entries(SECTION_KINDS)) {
    const variants = classes
      .filter(([, c]) => c.kind === kind)
      .map(([name, c]) => {
        const options = kind === 'task' ? { ...TASK_OPTIONS, ...c.options } : c.options;
        const properties: Schema = { class: { const: name, description: c.description } };
        for (const [key, def] of Object.entries(options)) {
          properties[key] = optionSchema(def);
          for (const alias of def.aliases ?? []) properties[alias] = { ...optionSchema(def), description: `Alias of \`${key}\`. ${def.description}` };
        }
        const required = ['class', ...Object.entries(options).filter(([, d]) => d.required && !d.aliases?.length).map(([k]) => k)];
        return { type: 'object', title: name, properties, required, additionalProperties: false, if: { properties: { class: { const: name } } } };
      });
    // A user class (`./module.js#Name`) accepts whatever that class defines.
    const user = { type: 'object', properties: { class: { type: 'string', pattern: '#' } }, required: ['class'] };
    sections[section] = { type: 'array', items: { anyOf: [...variants.map(({ if: _if, ...v }) => v), user] } };
  }
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: 'https://github.com/dcos-perf-test-driver/config.schema.json',
    title: 'dcos-perf-test-driver configuration',
    type: 'object',
    additionalProperties: false,
    properties: {
      import: { type: 'array', items: { type: 'string' }, description: 'Files merged into this one (paths relative to this file)' },
      include: { type: 'array', items: { type: 'string' }, description: 'Same as import (the original tool\'s spelling)' },
      config: {
        type: 'object',
        additionalProperties: false,
        properties: {
          title: { type: 'string', description: 'The title of the test' },
          runs: { type: 'integer', minimum: 1, description: 'How many times to repeat the test' },
          repeat: { type: 'integer', minimum: 1, description: 'Same as runs' },
          staleTimeout: { type: ['number', 'string'], description: 'Seconds (or 10m, 1h) a policy may stay in one state before it is considered stalled; 0 disables' },
          parameters: {
            type: 'array',
            items: { type: 'object', required: ['name'], additionalProperties: false, properties: { name: { type: 'string' }, default: {}, desc: { type: 'string' }, units: { type: 'string' }, uuid: { type: 'string' }, title: { type: 'string' } } },
          },
          metrics: {
            type: 'array',
            items: {
              type: 'object',
              required: ['name'],
              additionalProperties: false,
              properties: {
                name: { type: 'string' },
                summarize: { type: 'array', items: { anyOf: [{ type: 'string' }, { type: 'object', required: ['class'], properties: { class: { type: 'string' }, name: { type: 'string' }, outliers: { type: 'boolean' }, percentile: { type: ['number', 'string'] } } }] } },
                title: { type: 'string' },
                desc: { type: 'string' },
                units: { type: 'string' },
                uuid: { type: 'string' },
              },
            },
          },
          indicators: {
            type: 'array',
            items: { type: 'object', required: ['name', 'class', 'metric'], properties: { name: { type: 'string' }, class: { anyOf: [{ enum: INDICATOR_CLASS_NAMES }, { type: 'string', pattern: '#' }] }, metric: { type: 'string', pattern: '^[^.]+\\.[^.]+$' }, normalizeto: { type: ['string', 'number'] }, parameter: { type: 'string' } } },
          },
          definitions: {
            type: 'array',
            items: { type: 'object', required: ['name'], additionalProperties: false, properties: { name: { type: 'string' }, desc: { type: 'string' }, required: { type: 'boolean' }, default: {}, secret: { type: 'boolean' } } },
          },
          meta: { type: 'object' },
          report: {},
          loadMetrics: {
            anyOf: [
              { type: 'boolean' },
              { type: 'object', additionalProperties: false, properties: { enabled: { type: 'boolean' }, period: { type: ['number', 'string'] }, headerPeriod: { type: 'integer', minimum: 0 }, trace: { type: 'boolean' }, threshold: { type: 'number', minimum: 0, maximum: 1 }, persist: { type: 'boolean' } } },
            ],
          },
          tls: { type: 'object', properties: { ca: { type: 'string' }, insecure: { type: 'boolean' } } },
        },
      },
      define: { type: 'object', description: 'Macro definitions; -D overrides them' },
      meta: { type: 'object', description: 'Metadata that accompanies the results; -M overrides it' },
      ...sections,
    },
  };
}

export async function writeSchema(path: string): Promise<void> {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `${JSON.stringify(await configSchema(), null, 2)}\n`);
}
