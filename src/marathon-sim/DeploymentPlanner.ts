import { sameExcept } from './JsonValues.js';
import { APP_SCALE_KEYS, POD_SCALE_KEYS, RunSpecNormalizer } from './RunSpecNormalizer.js';
import type { JsonObject, RunSpecKind } from './types.js';

export type ActionName = 'StartApplication' | 'StopApplication' | 'ScaleApplication' | 'RestartApplication';

export interface PlannedAction {
  readonly action: ActionName;
  readonly kind: RunSpecKind;
  readonly id: string;
}

/** A change with both sides known: `before` from the state, `after` as requested. */
export interface ResolvedChange {
  readonly kind: RunSpecKind;
  readonly id: string;
  readonly before: JsonObject | null;
  readonly after: JsonObject | null;
}

/** Computes deployment steps the way Marathon's DeploymentPlan does. */
export class DeploymentPlanner {
  /** Stops first, then starts (at 0 instances), then scales and restarts; empty steps are dropped. */
  static steps(changes: Iterable<ResolvedChange>): PlannedAction[][] {
    const stops: PlannedAction[] = [];
    const starts: PlannedAction[] = [];
    const scales: PlannedAction[] = [];
    for (const { kind, id, before, after } of changes) {
      if (before && !after) stops.push({ action: 'StopApplication', kind, id });
      else if (!before && after) {
        starts.push({ action: 'StartApplication', kind, id });
        scales.push({ action: 'ScaleApplication', kind, id });
      } else if (before && after) {
        const scaleKeys = kind === 'app' ? APP_SCALE_KEYS : POD_SCALE_KEYS;
        if (!sameExcept(before, after, scaleKeys)) scales.push({ action: 'RestartApplication', kind, id });
        else if (RunSpecNormalizer.instances(kind, before) !== RunSpecNormalizer.instances(kind, after)) {
          scales.push({ action: 'ScaleApplication', kind, id });
        }
      }
    }
    return [stops, starts, scales].filter((step) => step.length > 0);
  }
}
