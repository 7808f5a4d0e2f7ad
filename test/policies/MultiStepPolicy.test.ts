import { describe, it, expect, beforeAll } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { runConfig, workdir, ROOT } from '../helpers/driver.js';
import { MARKER_TASK, dumpedEvents, policyActions, policySequence } from './eventLog.js';

interface Options {
  cmdline?: string;
  params?: string[];
  define?: Record<string, unknown>;
  tasks?: unknown[];
  runs?: number;
  tickEvents?: boolean;
}

/** A config with one MultiStepPolicy, a shell channel running `cmdline`, and the raw reporters (shared objects stay copies: configs refuse YAML aliases). */
function config(steps: unknown[], opts: Options = {}): string {
  return stringify({
    config: { runs: opts.runs ?? 1, parameters: (opts.params ?? ['x']).map((name) => ({ name })) },
    ...(opts.define ? { define: opts.define } : {}),
    policies: [{ class: 'policy.MultiStepPolicy', steps }],
    channels: [{ class: 'channel.CmdlineChannel', shell: true, restart: false, cmdline: opts.cmdline ?? 'echo {{x}}' }],
    ...(opts.tasks ? { tasks: opts.tasks } : {}),
    reporters: [{ class: 'reporter.RawEventsReporter', tickEvents: opts.tickEvents ?? false }, { class: 'reporter.RawReporter' }],
  }, { aliasDuplicateObjects: false });
}

function rawFlags(r: Awaited<ReturnType<typeof runConfig>>): Array<[Record<string, unknown>, Record<string, unknown>]> {
  const raw = JSON.parse(r.read('results-raw.json')) as { raw: Array<{ parameters: Record<string, unknown>; flags: Record<string, unknown> }> };
  return raw.raw.map((a) => [a.parameters, a.flags]);
}

async function run(steps: unknown[], opts: Options = {}, clockFps?: number) {
  const r = await runConfig(config(steps, opts), { clockFps });
  expect(r.code, r.logs.join('\n')).toBe(0);
  return r;
}

const NO_POST = { post_value: null };

describe('MultiStepPolicy', () => {
  beforeAll(() => {
    if (!existsSync(join(ROOT, 'dist', 'index.js'))) throw new Error('dist/ is missing: run `npx tsc -p tsconfig.json` (the marker task imports the built Task)');
  });

  it('advances on traced advance events through a min/max/step range, with intertest after each value and OK on the last', async () => {
    const r = await run([{ name: 'Range', values: [{ parameter: 'x', min: 1, max: 3, step: 1 }], events: { advance: 'CmdlineExitZeroEvent' } }]);
    expect(policySequence(r)).toEqual([
      'task:setup',
      'task:pretest',
      'x=1',
      'task:intertest',
      'x=2',
      'task:intertest',
      'x=3',
      'task:intertest',
      'status=OK',
      'task:posttest',
      'task:teardown',
    ]);
    expect(rawFlags(r)).toEqual([
      [{ x: 1 }, {}],
      [{ x: 2 }, {}],
      [{ x: 3 }, { status: 'OK' }],
    ]);
  });

  it('completes a value at once without an advance event and still runs post_value (the original got stuck)', async () => {
    const r = await run([{ values: [{ parameter: 'x', values: [1, 2] }] }]);
    expect(policyActions(r)).toEqual(['x=1', 'CompleteStepImmediatelyEvent', 'task:intertest', 'x=2', 'CompleteStepImmediatelyEvent', 'task:intertest', 'status=OK']);
    const events = dumpedEvents(r);
    const update = events.find((e) => e.name === 'ParameterUpdateEvent')!;
    const immediate = events.find((e) => e.name === 'CompleteStepImmediatelyEvent')!;
    // The immediate completion belongs to the value it completes.
    expect(immediate.data.traceids).toEqual(expect.arrayContaining([(update.data.traceids as number[])[1]]));
  });

  it('runs no post_value task when it is null or empty', async () => {
    for (const post of [null, '']) {
      const r = await run([{ values: [{ parameter: 'x', values: [1, 2] }], tasks: { post_value: post } }]);
      expect(policyActions(r)).toEqual(['x=1', 'CompleteStepImmediatelyEvent', 'x=2', 'CompleteStepImmediatelyEvent', 'status=OK']);
    }
  });

  it('explores the product of the listed values (first item outermost) with fixed values and expressions over definitions and parameters', async () => {
    const r = await run(
      [
        {
          values: [
            { parameter: 'a', values: [1, 2] },
            { parameter: 'b', values: ['10', 20] },
            { parameter: 'c', value: 'log(a) + k' },
            { parameter: 'd', value: 7 },
          ],
          tasks: NO_POST,
        },
      ],
      { params: ['a', 'b', 'c', 'd'], define: { k: 5 }, cmdline: 'echo {{a}}' },
    );
    const ln2 = Math.log(2) + 5;
    expect(policyActions(r).filter((s) => s.startsWith('a='))).toEqual([
      'a=1,b=10,c=5,d=7',
      'a=1,b=20,c=5,d=7',
      `a=2,b=10,c=${ln2},d=7`,
      `a=2,b=20,c=${ln2},d=7`,
    ]);
  });

  it('excludes max with inclusive: no and accepts fractional steps', async () => {
    const r = await run([{ values: [{ parameter: 'x', min: 0, max: 1, step: 0.25, inclusive: false }], tasks: NO_POST }]);
    expect(policyActions(r).filter((s) => s.startsWith('x='))).toEqual(['x=0', 'x=0.25', 'x=0.5', 'x=0.75']);
  });

  it('draws `sample` and `samples` (the same option) as a seeded, sorted subset of the grid', async () => {
    const values = async (key: string): Promise<number[]> => {
      const r = await run([{ values: [{ parameter: 'x', min: 0, max: 100, step: 10, inclusive: false, [key]: 3, seed: 7 }], tasks: NO_POST }]);
      return policyActions(r)
        .filter((s) => s.startsWith('x='))
        .map((s) => Number(s.slice(2)));
    };
    const sampled = await values('sample');
    expect(sampled).toHaveLength(3);
    expect(new Set(sampled).size).toBe(3);
    expect([...sampled].sort((a, b) => a - b)).toEqual(sampled);
    for (const v of sampled) expect(v % 10 === 0 && v >= 0 && v < 100).toBe(true);
    expect(await values('samples')).toEqual(sampled);
    expect(await values('sample')).toEqual(sampled);
  });

  it('runs the step tasks in order: start, pre_value before each value, post_value after it, end; then the next step', async () => {
    const dir = workdir();
    const file = join(dir, 'markers.txt');
    const marker = (at: string, sleep = 0) => ({ class: MARKER_TASK, at, file, sleep });
    const r = await run(
      [
        { name: 'One', values: [{ parameter: 'x', values: [1, 2] }], tasks: { start: 'stepStart', pre_value: 'before', post_value: 'after', end: 'stepEnd' } },
        { name: 'Two', values: [{ parameter: 'x', value: 9 }], tasks: NO_POST },
      ],
      { tasks: [marker('stepStart'), marker('before'), marker('after', 50), marker('stepEnd')] },
    );
    expect(readFileSync(file, 'utf8').trim().split('\n')).toEqual(['stepStart', 'before', 'after', 'before', 'after', 'stepEnd']);
    expect(policyActions(r)).toEqual([
      'task:stepStart',
      'task:before',
      'x=1',
      'CompleteStepImmediatelyEvent',
      'task:after',
      'task:before',
      'x=2',
      'CompleteStepImmediatelyEvent',
      'task:after',
      'task:stepEnd',
      'status=OK',
      'x=9',
      'CompleteStepImmediatelyEvent',
      'status=OK',
    ]);
    // Each task finished before the policy went on.
    const events = dumpedEvents(r);
    const completedAfter = events.findIndex((e) => e.name === 'RunTaskCompletedEvent' && e.data.task === 'after');
    const secondBefore = events.findIndex((e, i) => i > completedAfter - 1 && e.name === 'RunTaskEvent' && e.data.task === 'before');
    expect(secondBefore).toBeGreaterThan(completedAfter);
  });

  it('waits for the step start event before running the step', async () => {
    const r = await run(
      [
        { values: [{ parameter: 'x', value: 1 }], tasks: NO_POST },
        { values: [{ parameter: 'x', value: 2 }], tasks: NO_POST, events: { start: 'TickEvent:nth(3)' } },
      ],
      { tickEvents: true },
      50,
    );
    const seq = policySequence(r, ['TickEvent']);
    const first = seq.indexOf('x=1');
    const second = seq.indexOf('x=2');
    expect(first).toBeGreaterThanOrEqual(0);
    expect(seq.slice(first, second).filter((s) => s === 'TickEvent').length).toBeGreaterThanOrEqual(3);
  });

  it('ends the step with FAILED on a fail event traced to its values', async () => {
    const r = await run([{ values: [{ parameter: 'x', values: [1, 2, 3] }], events: { advance: 'CmdlineExitZeroEvent', fail: 'LogLineEvent[line="2"]' } }]);
    expect(policyActions(r)).toEqual(['x=1', 'task:intertest', 'x=2', 'status=FAILED']);
    expect(rawFlags(r)).toEqual([
      [{ x: 1 }, {}],
      [{ x: 2 }, { status: 'FAILED' }],
    ]);
  });

  it('counts end events only when they derive from the step, unless :notrace', async () => {
    const step = (end: string) => [{ values: [{ parameter: 'x', values: [1, 2] }], events: { advance: 'CmdlineExitZeroEvent', end } }];
    // CmdlineStartedEvent carries no trace of the parameter update.
    const traced = await run(step('CmdlineStartedEvent'));
    expect(policyActions(traced)).toEqual(['x=1', 'task:intertest', 'x=2', 'task:intertest', 'status=OK']);
    const untraced = await run(step('CmdlineStartedEvent:notrace'));
    expect(policyActions(untraced)).toEqual(['x=1', 'status=OK']);
  });

  it('with an end_condition, waits for its number of end events after the values are exhausted', async () => {
    const steps = (endCondition: unknown) => [{ values: [{ parameter: 'x', value: 1 }], tasks: NO_POST, events: { end: 'LogLineEvent' }, ...endCondition }];
    const cmdline = 'sleep 0.3; echo a{{x}}; echo b{{x}}';
    const waiting = await run(steps({ end_condition: { events: 2 } }), { cmdline });
    const waited = policySequence(waiting, ['LogLineEvent']);
    // Exhausting the value flags OK, then each end event does; the policy ends (posttest) after the second.
    const untilEnd = waited.slice(waited.indexOf('task:pretest') + 1, waited.indexOf('task:posttest'));
    expect(untilEnd.slice(0, 3)).toEqual(['x=1', 'CompleteStepImmediatelyEvent', 'status=OK']);
    expect([...untilEnd.slice(3)].sort()).toEqual(['LogLineEvent', 'LogLineEvent', 'status=OK', 'status=OK']);
    expect(untilEnd.at(-1)).toBe('status=OK');
    // Without it the step completes with its last value, before the lines come.
    const plain = await run(steps({}), { cmdline });
    const seq = policySequence(plain, ['LogLineEvent']);
    expect(seq.slice(seq.indexOf('task:pretest') + 1, seq.indexOf('task:posttest'))).toEqual(['x=1', 'CompleteStepImmediatelyEvent', 'status=OK']);
  });

  it('lingers after the last value before completing the step', async () => {
    const r = await run([{ values: [{ parameter: 'x', value: 1 }], tasks: { post_value: null, end: 'stepEnd' }, end_condition: { linger: '300ms' } }]);
    const events = dumpedEvents(r);
    const update = events.find((e) => e.name === 'ParameterUpdateEvent')!;
    const end = events.find((e) => e.name === 'RunTaskEvent' && e.data.task === 'stepEnd')!;
    expect(end.ts - update.ts).toBeGreaterThanOrEqual(0.29);
    expect(policyActions(r)).toEqual(['x=1', 'CompleteStepImmediatelyEvent', 'status=OK', 'task:stepEnd']);
  });

  it('waits for the number of advance events given by an expression over parameters and definitions', async () => {
    const r = await run([{ values: [{ parameter: 'x', values: [1, 2] }], tasks: NO_POST, events: { advance: 'LogLineEvent' }, advance_condition: { events: 'x * k' } }], {
      define: { k: 2 },
      cmdline: 'for i in $(seq 1 $(( {{x}} * 2 ))); do echo $i; sleep 0.05; done',
    });
    const line = 'LogLineEvent';
    expect(policyActions(r, [line])).toEqual(['x=1', line, line, 'x=2', line, line, line, line, 'status=OK']);
  });

  it('advances on an advance timeout and flags the value with timeout_status', async () => {
    const never = { advance: 'LogLineEvent[line="never"]' };
    const custom = await run([{ values: [{ parameter: 'x', values: [1, 2] }], tasks: NO_POST, events: never, advance_condition: { timeout: '150ms', timeout_status: 'SLOW' } }]);
    expect(policyActions(custom)).toEqual(['x=1', 'status=SLOW', 'x=2', 'status=SLOW']);
    expect(rawFlags(custom)).toEqual([
      [{ x: 1 }, { status: 'SLOW' }],
      [{ x: 2 }, { status: 'SLOW' }],
    ]);
    const plain = await run([{ values: [{ parameter: 'x', value: 1 }], events: never, advance_condition: { timeout: 0.1 } }]);
    // The task is requested while handling the timeout; the flag goes out with the batch right after.
    expect(policyActions(plain)).toEqual(['x=1', 'task:intertest', 'status=TIMEOUT']);
  });

  it('starts over on every run', async () => {
    const r = await run([{ values: [{ parameter: 'x', values: [1, 2] }], tasks: NO_POST }], { runs: 2 });
    const once = ['x=1', 'CompleteStepImmediatelyEvent', 'x=2', 'CompleteStepImmediatelyEvent', 'status=OK'];
    expect(policyActions(r)).toEqual([...once, ...once]);
  });

  it.each([
    [{ values: [{ parameter: 'x', min: 0, max: 10, sample: 2, samples: 3 }] }, '`sample` and `samples` are two spellings of one option'],
    [{ values: [{ parameter: 'x', value: 1 }], advance_conditon: {} }, 'Unknown key `advance_conditon` in steps[0]'],
    [{ values: [{ value: 1 }] }, 'steps[0].values[0] needs a `parameter` name'],
    [{ name: 'empty' }, 'steps[0].values must list at least one parameter value'],
    [{ values: [{ parameter: 'x', value: 1, values: [1] }] }, '`value` cannot be combined with `values`'],
    [{ values: [{ parameter: 'x', min: 1, max: 1, inclusive: false }] }, 'steps[0].values[0] produces no values'],
    [{ values: [{ parameter: 'x', value: 1 }], events: { end: 'NoSuchEvent' } }, 'unknown event "NoSuchEvent"'],
    [{ values: [{ parameter: 'x', value: 1 }], end_condition: { events: 2 } }, 'end_condition.events needs `events.end` or `events.fail`'],
    [{ values: [{ parameter: 'x', value: 1 }], advance_condition: { timeout: 'soon' } }, 'advance_condition.timeout must be a time'],
  ])('rejects a bad step with a clear configuration error (%#)', async (step, message) => {
    const r = await runConfig(config([step]));
    expect(r.code).toBe(2);
    expect(r.logs.join('\n')).toContain(message);
  });
});
