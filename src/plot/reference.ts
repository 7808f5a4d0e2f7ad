import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RawAxis, SummarizedAxis } from '../core/MetricCollector.js';
import type { Logger } from '../core/Logger.js';
import { isPlainObject } from '../core/config/ConfigLoader.js';

/** The parts of a RawReporter dump that a reference comparison reads. */
export interface ReferenceDump {
  sum: SummarizedAxis[];
  raw: RawAxis[];
  meta: Record<string, unknown>;
}

type Loose = Record<string, unknown>;

const object = (v: unknown): Loose => (isPlainObject(v) ? v : {});

/** Older dumps may lack flags or values: missing parts read as empty rather than crash a plot. */
function axes(list: unknown): Array<{ parameters: Loose; values: Loose; flags: Loose }> {
  return (Array.isArray(list) ? list : []).filter(isPlainObject).map((a) => ({ parameters: object(a.parameters), values: object(a.values), flags: object(a.flags) }));
}

const TIMEOUT_MS = 30_000;

/**
 * Reads a RawReporter dump from an http(s) URL (with the configured headers), a
 * `file:` URL or a local path (relative to the working directory). Every failure is
 * logged and gives null: a missing reference must not cost the run its plots.
 */
export async function loadReference(location: string, headers: Record<string, string>, logger: Logger): Promise<ReferenceDump | null> {
  let text: string;
  try {
    if (/^https?:\/\//i.test(location)) {
      const response = await fetch(location, { headers, signal: AbortSignal.timeout(TIMEOUT_MS) });
      if (!response.ok) {
        logger.error(`Got unexpected HTTP ${response.status} response. Disabling reference`);
        return null;
      }
      text = await response.text();
    } else {
      text = await readFile(/^file:/i.test(location) ? fileURLToPath(location) : resolve(location), 'utf8');
    }
  } catch (err) {
    logger.error(`Cannot read the reference ${location}: ${err instanceof Error ? err.message : String(err)}. Disabling reference`);
    return null;
  }
  try {
    return parseDump(text);
  } catch (err) {
    logger.error(`The reference ${location} is not a RawReporter dump: ${err instanceof Error ? err.message : String(err)}. Disabling reference`);
    return null;
  }
}

export function parseDump(text: string): ReferenceDump {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    // The Python original wrote NaN and Infinity as bare words, which JSON does not allow.
    data = JSON.parse(text.replace(/([:[,]\s*)-?(?:NaN|Infinity)(?=\s*[,\]}])/g, '$1null'));
  }
  if (!isPlainObject(data) || !Array.isArray(data.sum)) throw new Error('expected an object with a `sum` list');
  return { sum: axes(data.sum) as SummarizedAxis[], raw: axes(data.raw) as RawAxis[], meta: object(data.meta) };
}

/** The `reference:` option of the plot and HTML reporters. */
export interface ReferenceSettings {
  /** `data` (the manual's key) or `url` (the original's): a URL or a local path. */
  location: string;
  headers: Record<string, string>;
  name: string;
  ratioColormap: string;
}

const REFERENCE_KEYS = ['data', 'url', 'name', 'ratiocolormap', 'headers'];

export const REFERENCE_DESCRIPTION =
  'Compare with a reference run: `data` (or `url`): a RawReporter JSON dump, as an http(s) URL, a file: URL or a local path; ' +
  '`name` (default `ref`); `ratiocolormap` (default `PuOr`) for the 2-D ratio panels; `headers` sent with an http(s) request. ' +
  'Values of the dump\'s `meta` are available as `{{refmeta:KEY}}` macros.';

/** Reads a rendered `reference:` mapping; throws a message naming the bad key. */
export function referenceSettings(value: unknown): ReferenceSettings {
  if (!isPlainObject(value)) throw new Error('`reference` must be a mapping with `data` (or `url`), and optionally `name`, `ratiocolormap`, `headers`');
  for (const k of Object.keys(value)) if (!REFERENCE_KEYS.includes(k)) throw new Error(`Unknown key \`${k}\` in reference (expected ${REFERENCE_KEYS.join(', ')})`);
  const location = value.data ?? value.url;
  if (typeof location !== 'string' || location === '') throw new Error('`reference` needs `data` (or `url`): the URL or path of a RawReporter dump');
  const headers: Record<string, string> = {};
  if (value.headers !== undefined && value.headers !== null) {
    if (!isPlainObject(value.headers)) throw new Error('`reference.headers` must be a mapping of header names to values');
    for (const [k, v] of Object.entries(value.headers)) headers[k] = String(v);
  }
  return {
    location,
    headers,
    name: value.name === undefined || value.name === null ? 'ref' : String(value.name),
    ratioColormap: value.ratiocolormap === undefined || value.ratiocolormap === null ? 'PuOr' : String(value.ratiocolormap),
  };
}
