import type { ApiViews } from './ApiViews.js';
import type { DeploymentEngine } from './DeploymentEngine.js';
import type { RunSpecNormalizer } from './RunSpecNormalizer.js';
import type { SimulatedState } from './SimulatedState.js';
import type { EventSink } from './types.js';

/** The simulator parts the REST resources share. */
export interface ResourceContext {
  readonly state: SimulatedState;
  readonly engine: DeploymentEngine;
  readonly views: ApiViews;
  readonly normalizer: RunSpecNormalizer;
  readonly events: EventSink;
}
