import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { kindMarkdown, indexMarkdown, eventsMarkdown, KIND_PAGES } from '../../src/tools/generateReference.js';
import { builtInClassNames } from '../../src/core/ClassRegistry.js';
import { EVENT_CATALOG } from '../../src/core/EventCatalog.js';
import { ROOT } from '../helpers/driver.js';

describe('reference documentation', () => {
  it('has an up-to-date page per class kind listing every registered class (run `npm run docs`)', async () => {
    for (const [kind, page] of Object.entries(KIND_PAGES)) {
      const text = readFileSync(join(ROOT, 'docs', 'reference', page), 'utf8');
      expect(text, page).toBe(await kindMarkdown(kind));
    }
    const all = Object.values(KIND_PAGES).map((page) => readFileSync(join(ROOT, 'docs', 'reference', page), 'utf8')).join('\n');
    for (const name of builtInClassNames()) expect(all).toContain(`## ${name}\n`);
    expect(readFileSync(join(ROOT, 'docs', 'reference', 'README.md'), 'utf8')).toBe(await indexMarkdown());
  });

  it('docs/reference/events.md is up to date with every event (run `npm run docs`)', () => {
    const text = readFileSync(join(ROOT, 'docs', 'reference', 'events.md'), 'utf8');
    expect(text).toBe(eventsMarkdown());
    for (const name of Object.keys(EVENT_CATALOG)) expect(text).toContain(`## ${name}\n`);
  });

  it('every registered class has a description and a documented option spec', async () => {
    const { loadAllClasses } = await import('../../src/core/ClassRegistry.js');
    for (const [name, cls] of await loadAllClasses()) {
      expect(cls.description, name).toBeTruthy();
      for (const [key, def] of Object.entries(cls.options)) expect(def.description, `${name}.${key}`).toBeTruthy();
    }
  });
});

describe('schema/config.schema.json', () => {
  it('is up to date with the option specs (run `npm run docs`)', async () => {
    const { configSchema } = await import('../../src/tools/generateSchema.js');
    const text = readFileSync(join(ROOT, 'schema', 'config.schema.json'), 'utf8');
    expect(JSON.parse(text)).toEqual(await configSchema());
  });
});

describe('the JSON Schema accepts every shipped example', () => {
  it('validates examples/*.yml', async () => {
    const { readdirSync } = await import('node:fs');
    const { parse } = await import('yaml');
    const { Ajv } = await import('ajv');
    const schema = JSON.parse(readFileSync(join(ROOT, 'schema', 'config.schema.json'), 'utf8'));
    const validate = new Ajv({ strict: false, allErrors: true }).compile(schema);
    const files = readdirSync(join(ROOT, 'examples')).filter((f) => f.endsWith('.yml'));
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) {
      const config = parse(readFileSync(join(ROOT, 'examples', file), 'utf8'), { version: '1.1' });
      const ok = validate(config);
      expect(ok, `${file}: ${JSON.stringify(validate.errors?.slice(0, 3))}`).toBe(true);
    }
  });
});

describe('schema/config.d.ts', () => {
  it('is up to date with the option specs (run `npm run docs`)', async () => {
    const { configTypes } = await import('../../src/tools/generateTypes.js');
    expect(readFileSync(join(ROOT, 'schema', 'config.d.ts'), 'utf8')).toBe(await configTypes());
  });
});
