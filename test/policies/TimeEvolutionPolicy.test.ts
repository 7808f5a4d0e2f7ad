import { describe, it, expect } from 'vitest';
import { stringify } from 'yaml';
import { runConfig } from '../helpers/driver.js';
import { dumpedEvents, policyActions } from './eventLog.js';

interface Options {
  cmdline?: string;
  params?: string[];
  channels?: unknown[];
}

function config(policy: Record<string, unknown>, opts: Options = {}): string {
  return stringify({
    config: { parameters: (opts.params ?? ['x']).map((name) => ({ name })) },
    policies: [{ class: 'policy.TimeEvolutionPolicy', ...policy }],
    channels: opts.channels ?? [{ class: 'channel.CmdlineChannel', shell: true, restart: false, cmdline: opts.cmdline ?? 'echo {{x}}' }],
    reporters: [{ class: 'reporter.RawEventsReporter' }, { class: 'reporter.RawReporter' }],
  });
}

async function run(policy: Record<string, unknown>, opts: Options = {}) {
  const r = await runConfig(config(policy, opts));
  expect(r.code, r.logs.join('\n')).toBe(0);
  return r;
}

describe('TimeEvolutionPolicy', () => {
  it('steps the parameter from min to max every interval, holds the last value one interval, and sets no flags', async () => {
    const r = await run({ evolve: [{ parameter: 'x', interval: '150ms', step: 1, min: 0, max: 2 }] });
    expect(policyActions(r)).toEqual(['x=0', 'x=1', 'x=2']);
    const events = dumpedEvents(r);
    const times = events.filter((e) => e.name === 'ParameterUpdateEvent').map((e) => e.ts);
    expect(times[1]! - times[0]!).toBeGreaterThanOrEqual(0.14);
    expect(times[2]! - times[1]!).toBeGreaterThanOrEqual(0.14);
    // The policy ends one interval after the last value: posttest follows then.
    const posttest = events.find((e) => e.name === 'RunTaskEvent' && e.data.task === 'posttest')!;
    expect(posttest.ts - times[2]!).toBeGreaterThanOrEqual(0.14);
  });

  it('publishes changes due together as one update, stops each evolution at its max, and never passes it', async () => {
    const r = await run(
      {
        evolve: [
          { parameter: 'a', interval: 0.1, min: 0, max: 1 },
          { parameter: 'b', interval: 0.1, min: 10, max: 15, step: 2 },
        ],
      },
      { params: ['a', 'b'], cmdline: 'echo {{a}} {{b}}' },
    );
    expect(policyActions(r)).toEqual(['a=0,b=10', 'a=1,b=12', 'b=14']);
  });

  it('ends at once on the end event', async () => {
    const r = await run({ evolve: [{ parameter: 'x', interval: 0.2, min: 0, max: 10 }], events: { end: 'CmdlineExitNonzeroEvent' } }, { cmdline: 'test {{x}} -lt 2' });
    expect(policyActions(r)).toEqual(['x=0', 'x=1', 'x=2']);
  });

  it('waits for the start event before the first value', async () => {
    const r = await run(
      { evolve: [{ parameter: 'x', interval: 0.05, min: 0, max: 1 }], events: { start: 'CmdlineExitZeroEvent' } },
      {
        channels: [
          { class: 'channel.CmdlineChannel', shell: true, restart: false, atstart: true, parameters: [], cmdline: 'sleep 0.2' },
          { class: 'channel.CmdlineChannel', shell: true, restart: false, cmdline: 'echo {{x}}' },
        ],
      },
    );
    const names = dumpedEvents(r).map((e) => e.name);
    expect(names.indexOf('CmdlineExitZeroEvent')).toBeLessThan(names.indexOf('ParameterUpdateEvent'));
    expect(policyActions(r)).toEqual(['x=0', 'x=1']);
  });

  it.each([
    [{ evolve: [{ parameter: 'x', min: 0 }] }, 'evolve[0] needs `max`'],
    [{ evolve: [{ parameter: 'x', max: 3, interval: 0 }] }, 'evolve[0].interval must be a positive time'],
    [{ evolve: [{ parameter: 'x', max: 3, stepp: 1 }] }, 'Unknown key `stepp` in evolve[0]'],
    [{ evolve: [{ parameter: 'x', min: 5, max: 3 }] }, 'max (3) is smaller than min (5)'],
    [{ evolve: [{ parameter: 'x', max: 3 }], events: { stop: 'TickEvent' } }, 'Unknown event key `stop`'],
  ])('rejects a bad configuration with a clear error (%#)', async (policy, message) => {
    const r = await runConfig(config(policy));
    expect(r.code).toBe(2);
    expect(r.logs.join('\n')).toContain(message);
  });
});
