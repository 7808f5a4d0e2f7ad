import { describe, it, expect } from 'vitest';
import { stringify } from 'yaml';
import { runConfig } from '../helpers/driver.js';
import { dumpedEvents, policyActions } from './eventLog.js';

function config(policy: Record<string, unknown>, channels: unknown[] = [{ class: 'channel.CmdlineChannel', shell: true, restart: false, cmdline: 'echo {{x}}' }]): string {
  return stringify({
    config: { parameters: [{ name: 'x' }] },
    policies: [{ class: 'policy.ChainedDeploymentPolicy', parameter: 'x', ...policy }],
    channels,
    reporters: [{ class: 'reporter.RawEventsReporter' }, { class: 'reporter.RawReporter' }],
  });
}

async function run(policy: Record<string, unknown>, channels?: unknown[]) {
  const r = await runConfig(config(policy, channels));
  expect(r.code, r.logs.join('\n')).toBe(0);
  return r;
}

describe('ChainedDeploymentPolicy', () => {
  it('applies the values in order, starting at once, with intertest and OK after each success event', async () => {
    const r = await run({ values: [1, 2], events: { success: 'CmdlineExitZeroEvent' } });
    expect(policyActions(r)).toEqual(['x=1', 'task:intertest', 'status=OK', 'x=2', 'task:intertest', 'status=OK']);
  });

  it('flags only the value that failed (the original kept FAILED for every later value)', async () => {
    const r = await run({ values: [1, 2, 3], events: { success: 'CmdlineExitZeroEvent', failure: ['CmdlineExitNonzeroEvent'] } }, [
      { class: 'channel.CmdlineChannel', shell: true, restart: false, cmdline: 'test {{x}} -ne 2' },
    ]);
    expect(policyActions(r)).toEqual(['x=1', 'task:intertest', 'status=OK', 'x=2', 'task:intertest', 'status=FAILED', 'x=3', 'task:intertest', 'status=OK']);
    const raw = JSON.parse(r.read('results-raw.json')) as { raw: Array<{ flags: Record<string, unknown> }> };
    expect(raw.raw.map((a) => a.flags.status)).toEqual(['OK', 'FAILED', 'OK']);
  });

  it('with waitForValueEvents waits for `value` events per value (none for 0)', async () => {
    const r = await run({ values: [0, 2], waitForValueEvents: true, events: { success: 'LogLineEvent' } }, [
      { class: 'channel.CmdlineChannel', shell: true, restart: false, cmdline: 'for i in $(seq 1 {{x}}); do echo $i; sleep 0.05; done' },
    ]);
    const line = 'LogLineEvent';
    expect(policyActions(r, [line])).toEqual(['x=0', 'task:intertest', 'status=OK', 'x=2', line, line, 'task:intertest', 'status=OK']);
  });

  it('waits for events.start before the first value', async () => {
    const r = await run({ values: [1], events: { start: 'CmdlineExitZeroEvent', success: 'LogLineEvent' } }, [
      { class: 'channel.CmdlineChannel', shell: true, restart: false, atstart: true, parameters: [], cmdline: 'sleep 0.2' },
      { class: 'channel.CmdlineChannel', shell: true, restart: false, cmdline: 'echo {{x}}' },
    ]);
    const names = dumpedEvents(r).map((e) => e.name);
    expect(names.indexOf('CmdlineExitZeroEvent')).toBeLessThan(names.indexOf('ParameterUpdateEvent'));
    expect(policyActions(r)).toEqual(['x=1', 'task:intertest', 'status=OK']);
  });

  it.each([
    [{ values: [1], events: {} }, '`events.success` (or `events.failure`) must name at least one event'],
    [{ values: [1], events: { succes: 'LogLineEvent' } }, 'Unknown key `succes` in events'],
    [{ values: [], events: { success: 'LogLineEvent' } }, '`values` must list at least one value'],
    [{ values: ['many'], waitForValueEvents: true, events: { success: 'LogLineEvent' } }, 'is not a non-negative integer'],
  ])('rejects a bad configuration with a clear error (%#)', async (policy, message) => {
    const r = await runConfig(config(policy));
    expect(r.code).toBe(2);
    expect(r.logs.join('\n')).toContain(message);
  });
});
