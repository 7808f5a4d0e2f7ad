import type { DriverContext } from '../core/DriverContext.js';
import { redactConfig } from '../core/redactConfig.js';

/**
 * The document of reporter.RawReporter without event traces: the time span, the config with
 * secrets masked, indicators, meta, raw samples and summaries (what S3Reporter uploads).
 */
export async function rawResultsDocument(ctx: DriverContext, started: Date): Promise<Record<string, unknown>> {
  const sum = ctx.collector.sum();
  return {
    time: { started: started.toISOString(), completed: new Date().toISOString() },
    config: redactConfig(ctx.root, ctx.definitions),
    indicators: await ctx.indicators.calculate(sum),
    meta: ctx.meta,
    raw: ctx.collector.raw(),
    sum,
  };
}
