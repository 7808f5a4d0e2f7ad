import { join } from 'node:path';
import { ROOT, type InProcessResult } from '../helpers/driver.js';

/** `class:` value of the marker task fixture (absolute, so any config directory can use it). */
export const MARKER_TASK = `${join(ROOT, 'test', 'fixtures', 'marker-task.mjs')}#MarkerTask`;

export interface DumpedEvent {
  ts: number;
  name: string;
  data: Record<string, unknown>;
}

/** Every event of `events.dump` (RawEventsReporter), in bus order. */
export function dumpedEvents(r: InProcessResult): DumpedEvent[] {
  return r
    .read('events.dump')
    .trim()
    .split('\n')
    .map((line) => {
      const a = line.indexOf(';');
      const b = line.indexOf(';', a + 1);
      return { ts: Number(line.slice(0, a)), name: line.slice(a + 1, b), data: JSON.parse(line.slice(b + 1)) as Record<string, unknown> };
    });
}

/** One line per event: `x=1,y=2` (parameter changes), `status=OK` (flags), `task:name`, or the event name. */
export function describeEvent(e: DumpedEvent): string {
  switch (e.name) {
    case 'ParameterUpdateEvent':
      return Object.entries(e.data.changes as Record<string, unknown>)
        .map(([k, v]) => `${k}=${String(v)}`)
        .join(',');
    case 'FlagUpdateEvent':
      return `${String(e.data.name)}=${String(e.data.value)}`;
    case 'RunTaskEvent':
      return `task:${String(e.data.task)}`;
    default:
      return e.name;
  }
}

/**
 * What the policy did, in bus order: parameter updates, flags, task triggers and
 * CompleteStepImmediatelyEvents, plus the events named in `extra`.
 */
export function policySequence(r: InProcessResult, extra: string[] = []): string[] {
  const names = new Set(['ParameterUpdateEvent', 'FlagUpdateEvent', 'RunTaskEvent', 'CompleteStepImmediatelyEvent', ...extra]);
  return dumpedEvents(r)
    .filter((e) => names.has(e.name))
    .map(describeEvent);
}

/** The sequence without the session's own triggers (setup, pretest, posttest, teardown). */
export function policyActions(r: InProcessResult, extra: string[] = []): string[] {
  const session = new Set(['task:setup', 'task:pretest', 'task:posttest', 'task:teardown']);
  return policySequence(r, extra).filter((s) => !session.has(s));
}
