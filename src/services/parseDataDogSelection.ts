import { isPlainObject } from '../core/config/ConfigLoader.js';

/** What to submit: everything, or these names, each under its alias. */
export type DataDogSelection = 'all' | Array<{ name: string; alias: string }>;

/**
 * Reads a DataDogMetricReporter `report.metrics` / `report.indicators` value: the string `all`,
 * a list of names, or a mapping of names to aliases. Names must be among `known`.
 */
export function parseDataDogSelection(value: unknown, what: string, known: string[]): DataDogSelection {
  let entries: Array<{ name: string; alias: string }>;
  if (value === 'all') return 'all';
  if (Array.isArray(value)) entries = value.map((v) => ({ name: String(v), alias: String(v) }));
  else if (isPlainObject(value)) entries = Object.entries(value).map(([name, alias]) => ({ name, alias: alias === null || alias === undefined || alias === '' ? name : String(alias) }));
  else throw new Error(`\`report.${what}\` must be \`all\`, a list of names or a mapping of names to aliases, got ${JSON.stringify(value)}`);
  for (const e of entries) {
    if (!known.includes(e.name)) throw new Error(`\`report.${what}\` names \`${e.name}\`, which is not in config.${what}${known.length ? ` (known: ${known.join(', ')})` : ''}`);
  }
  return entries;
}
