import { describe, it, expect } from 'vitest';
import { runConfig, readEvents } from '../helpers/driver.js';

const base = (policy: string) => `
config:
  parameters: [{name: apps}, {name: tasks}]
define:
  base: 3
policies:
${policy}
reporters:
  - class: reporter.RawEventsReporter
`;

describe('policy.SimplePolicy', () => {
  it('submits its parameters once (macros rendered, numbers kept numeric) and ends at the end event', async () => {
    const r = await runConfig(base(`  - class: policy.SimplePolicy
    parameters:
      apps: "{{eval(base * 2)}}"
      tasks: 4
    events:
      end: TickEvent:notrace:nth(2)`));
    expect(r.code).toBe(0);
    const updates = readEvents(r).filter((e) => e.name === 'ParameterUpdateEvent');
    expect(updates).toHaveLength(1);
    expect(updates[0]!.data).toMatchObject({ parameters: { apps: 6, tasks: 4 }, oldParameters: { apps: 0, tasks: 0 }, changes: { apps: 6, tasks: 4 } });
    expect(r.logs.join('\n')).toContain('End event matched');
  });

  it('waits for the start event before submitting', async () => {
    const r = await runConfig(base(`  - class: policy.SimplePolicy
    parameters: {apps: 1}
    events:
      start: TickEvent:notrace:nth(3)
      end: TickEvent:notrace:nth(1)`));
    const events = readEvents(r).filter((e) => e.name === 'ParameterUpdateEvent' || e.name === 'TickEvent');
    // Ticks are not dumped by default; the update comes after the start event matched.
    expect(events.map((e) => e.name)).toEqual(['ParameterUpdateEvent']);
    expect(r.logs.join('\n')).toMatch(/Waiting until the system is ready[\s\S]*Start event matched/);
  });

  it('ends after the timeout when no end event arrives', async () => {
    const started = Date.now();
    const r = await runConfig(base(`  - class: policy.SimplePolicy
    parameters: {apps: 1}
    timeout: 300ms`));
    expect(r.code).toBe(0);
    expect(Date.now() - started).toBeGreaterThanOrEqual(300);
    expect(r.logs.join('\n')).toContain('Policy timed out after 300ms');
  });

  it('rejects an unknown events key', async () => {
    const r = await runConfig(base(`  - class: policy.SimplePolicy
    parameters: {apps: 1}
    events: {finish: TickEvent}`));
    expect(r.code).toBe(2);
    expect(r.logs.join('\n')).toContain('Unknown event key `finish`');
  });
});
