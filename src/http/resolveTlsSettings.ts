import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { DriverContext } from '../core/DriverContext.js';
import { ConfigError } from '../core/ConfigError.js';
import { isPlainObject, type ConfigObject } from '../core/config/ConfigLoader.js';
import { didYouMean } from '../core/closestMatch.js';
import { renderConfig } from '../core/Macros.js';
import type { TlsSettings } from './TlsSettings.js';

const TLS_KEYS = ['ca', 'insecure'];

interface TlsSource {
  /** The `tls` value (macros rendered), or undefined. */
  value: unknown;
  /** Where the `tls` key was written (for the message and for relative `ca` paths). */
  owner: unknown;
  /** `config.tls` or `channels[0].tls`. */
  path: string;
}

/**
 * TLS settings of one component: each key of its own `tls:` mapping wins over the same key of
 * `config.tls`. A relative `ca` path is relative to the config file that gives it.
 */
export function resolveTlsSettings(ctx: DriverContext, component: { config: ConfigObject; path: string }, ownTls: unknown): TlsSettings {
  const general = ctx.general.section;
  const sources: TlsSource[] = [
    { value: renderConfig(general.tls, ctx.definitions.all()), owner: general, path: 'config.tls' },
    { value: ownTls, owner: component.config, path: `${component.path}.tls` },
  ];
  const settings: TlsSettings = { caPath: null, ca: null, insecure: false };
  for (const source of sources) {
    if (source.value === undefined || source.value === null) continue;
    const where = ctx.sources.locate(source.owner, 'tls', source.path);
    if (!isPlainObject(source.value)) throw new ConfigError('`tls` must be a mapping with `ca` (a CA certificate file) and/or `insecure` (yes/no)', where);
    for (const key of Object.keys(source.value)) {
      if (!TLS_KEYS.includes(key)) throw new ConfigError(`Unknown key \`${key}\` in ${source.path}${didYouMean(key, TLS_KEYS)}`, where);
    }
    const { ca, insecure } = source.value;
    if (insecure !== undefined && insecure !== null) {
      const flag = toFlag(insecure);
      if (flag === null) throw new ConfigError(`Expected yes or no for \`${source.path}.insecure\`, got ${JSON.stringify(insecure)}`, where);
      settings.insecure = flag;
    }
    if (ca !== undefined && ca !== null && ca !== '') {
      if (typeof ca !== 'string') throw new ConfigError(`Expected a file path for \`${source.path}.ca\`, got ${JSON.stringify(ca)}`, where);
      const path = resolve(where ? dirname(where.file) : process.cwd(), ca);
      try {
        settings.ca = readFileSync(path, 'utf8');
      } catch (err) {
        throw new ConfigError(`Cannot read the CA file of \`${source.path}.ca\` (${path}): ${err instanceof Error ? err.message : String(err)}`, where);
      }
      if (!settings.ca.includes('-----BEGIN CERTIFICATE-----')) throw new ConfigError(`\`${source.path}.ca\` (${path}) holds no PEM certificate`, where);
      settings.caPath = path;
    }
  }
  return settings;
}

/** Booleans also arrive as strings once a macro rendered them. */
function toFlag(value: unknown): boolean | null {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string') {
    if (/^(y|yes|true|on|1)$/i.test(value.trim())) return true;
    if (/^(n|no|false|off|0)$/i.test(value.trim())) return false;
  }
  return null;
}
