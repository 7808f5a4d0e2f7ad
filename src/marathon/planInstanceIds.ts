import { actionInstanceIds } from './actionInstanceIds.js';

/** Every app and pod a Marathon deployment plan (`{steps: [{actions}]}`) acts on. */
export function planInstanceIds(plan: unknown): string[] {
  const steps = plan !== null && typeof plan === 'object' ? (plan as { steps?: unknown }).steps : undefined;
  if (!Array.isArray(steps)) return [];
  const ids = new Set<string>();
  for (const step of steps) {
    const actions = step !== null && typeof step === 'object' ? (step as { actions?: unknown }).actions : undefined;
    for (const id of actionInstanceIds(actions)) ids.add(id);
  }
  return [...ids];
}
