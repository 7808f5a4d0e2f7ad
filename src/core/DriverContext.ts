import type { EventBus } from './EventBus.js';
import type { Logger } from './Logger.js';
import type { Definitions } from './Definitions.js';
import type { GeneralConfig } from './config/GeneralConfig.js';
import type { SourceMap } from './config/SourceMap.js';
import type { MetricCollector } from './MetricCollector.js';
import type { ParameterBatch } from './ParameterBatch.js';
import type { ConfigObject } from './config/ConfigLoader.js';
import type { IndicatorSet } from './IndicatorSet.js';

/** What every component may use: handed to each constructor by the session. */
export interface DriverContext {
  bus: EventBus;
  logger: Logger;
  definitions: Definitions;
  meta: Record<string, unknown>;
  general: GeneralConfig;
  collector: MetricCollector;
  indicators: IndicatorSet;
  parameterBatch: ParameterBatch;
  /** Directory for reporters' default output files (-r/--results). */
  resultsDir: string;
  sources: SourceMap;
  /** The merged root config, as reporters copy it into their outputs. */
  root: ConfigObject;
  /** The CLI's other settings that some classes read. */
  settings: { verbose: boolean; clockFps: number };
  /** Replaces every secret value (passwords, tokens, keys) in a text by `***`: reporters apply it to what they write. */
  redact: (text: string) => string;
}
