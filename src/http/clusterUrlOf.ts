import type { ConfigObject } from '../core/config/ConfigLoader.js';
import type { Definitions } from '../core/Definitions.js';

/** The cluster of an auth task: its `cluster_url` option, else the `cluster_url` definition; null when neither. */
export function clusterUrlOf(cfg: ConfigObject, definitions: Definitions): string | null {
  const value = cfg.cluster_url ?? definitions.get('cluster_url');
  return value === undefined || value === null || value === '' ? null : String(value);
}
