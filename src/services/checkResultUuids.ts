import { ConfigError, type SourceLocation } from '../core/ConfigError.js';
import type { DriverContext } from '../core/DriverContext.js';

const UUID = /^\{?[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}\}?$/i;

/**
 * The results schema identifies parameters and metrics by uuid (manual §8.6.5): a missing or
 * malformed one is a config error at start-up, pointing at the first offending parameter or
 * metric and naming the others, instead of a failure after the whole test ran.
 */
export function checkResultUuids(ctx: DriverContext, className: string): ConfigError | null {
  const problems: Array<{ message: string; where: SourceLocation | undefined; label: string }> = [];
  const { general, sources } = ctx;
  const lists = [
    { key: 'parameters', what: 'parameter', items: general.parameters },
    { key: 'metrics', what: 'metric', items: general.metrics },
  ] as const;
  for (const { key, what, items } of lists) {
    for (const [i, item] of items.entries()) {
      const where = sources.locate(general.section[key], i, `config.${key}[${i}]`);
      const label = `${what} \`${item.name}\``;
      if (item.uuid === undefined || item.uuid === null || item.uuid === '') {
        problems.push({ message: `Missing required \`uuid\` field for the ${label} (${className} stores results by uuid)`, where, label });
      } else if (!UUID.test(String(item.uuid))) {
        problems.push({ message: `The \`uuid\` of the ${label} is not a UUID: ${JSON.stringify(item.uuid)}`, where, label });
      }
    }
  }
  const [first, ...others] = problems;
  if (!first) return null;
  const also = others.length > 0 ? ` (also for ${others.map((p) => p.label).join(', ')})` : '';
  return new ConfigError(first.message + also, first.where);
}
