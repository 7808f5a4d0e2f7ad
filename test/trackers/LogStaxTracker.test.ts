import { describe, it, expect } from 'vitest';
import { join } from 'node:path';
import { runConfig, workdir, type InProcessResult } from '../helpers/driver.js';

/** Every test case (x = 1, 2) runs a program printing these lines, with `X` replaced by x. */
const OUTPUT = [
  'req route=/a status=200 latency=10 X',
  'req route=/b status=500 latency=30 X',
  'gc pause=4 X',
  'noise',
];

function config(collect: string, opts: { define?: string; metrics?: string } = {}): string {
  const dir = workdir({ 'app.sh': `cat <<EOF\n${OUTPUT.join('\n').replaceAll('X', 'x=$1')}\nEOF\n` });
  return `
${opts.define ?? ''}
config:
  parameters: [{name: x}]
  metrics: ${opts.metrics ?? '[{name: m, summarize: [sum]}, {name: n, summarize: [sum]}]'}
policies:
  - class: policy.MultivariableExplorerPolicy
    matrix: {x: {type: discrete, values: [1, 2]}}
    events: {signal: {OK: CmdlineExitZeroEvent}}
channels:
  - class: channel.CmdlineChannel
    shell: yes
    restart: no
    cmdline: "sh ${join(dir, 'app.sh')} {{x}}"
observers:
  - class: observer.LogStaxObserver
    filters:
      - type: grok
        match: {message: '^req route=%{URIPATH:route} status=%{INT:status} latency=%{INT:latency:int}'}
        add_tag: [request]
      - type: grok
        match: {message: '^gc pause=%{INT:pause:int}'}
        add_tag: [gc]
      - type: grok
        match: {message: 'x=%{INT:x:int}$'}
        add_field: {seen: yes}
trackers:
  - class: tracker.LogStaxTracker
    collect:
${collect}
reporters:
  - class: reporter.RawReporter
`;
}

type Raw = { raw: Array<{ parameters: { x: number }; values: Record<string, Array<[number, number]>> }> };

/** Samples of `metric` per test case, in order: [[x=1 values], [x=2 values]]. */
function samples(r: InProcessResult, metric = 'm'): number[][] {
  expect(r.code).toBe(0);
  const raw = JSON.parse(r.read('results-raw.json')) as Raw;
  return raw.raw.map((axis) => axis.values[metric]!.map((s) => s[1]));
}

describe('tracker.LogStaxTracker', () => {
  it('collects a field value of matching messages into the test case they belong to', async () => {
    const r = await runConfig(config(`      - metric: m
        value: latency
        tags: [request]`));
    expect(samples(r)).toEqual([[10, 30], [10, 30]]);
  });

  it('evaluates value expressions over fields, parameters and definitions (fields win)', async () => {
    const r = await runConfig(
      config(
        `      - metric: m
        value: "latency * x / scale"
        all_tags: [request]
      - metric: n
        value: "x * 100"
        tags: [gc]`,
        { define: 'define: {scale: 10}' },
      ),
    );
    expect(samples(r)).toEqual([[1, 3], [2, 6]]);
    // `x` is also a message field here (the grok capture of "x=..."), and a field wins over the parameter.
    expect(samples(r, 'n')).toEqual([[100], [200]]);
  });

  it('filters by tags, some_tags, all_fields, some_fields and field values, in the manual`s nested `filter:` form too', async () => {
    const rule = (filter: string): string => `      - metric: m
        value: "1"
${filter}`;
    const count = async (filter: string): Promise<number[]> => samples(await runConfig(config(rule(filter)))).map((xs) => xs.length);
    expect(await count('        some_tags: [gc, missing]')).toEqual([1, 1]);
    expect(await count('        all_tags: [gc, request]')).toEqual([0, 0]);
    expect(await count('        all_fields: [route, status]')).toEqual([2, 2]);
    // some_fields checks the fields (the original checked the tags).
    expect(await count('        some_fields: [pause, nothing]')).toEqual([1, 1]);
    expect(await count('        some_fields: [gc]')).toEqual([0, 0]);
    expect(await count('        fields: {status: "500", route: /b}')).toEqual([1, 1]);
    // Text captures compare by text, so a YAML number matches the capture "200".
    expect(await count('        fields: {status: 200}')).toEqual([1, 1]);
    expect(await count('        fields: {nothing: 1}')).toEqual([0, 0]);
    expect(await count('        filter: {tags: [request], fields: {status: 200}}')).toEqual([1, 1]);
    expect(await count('        filter:\n          some_fields: [pause]')).toEqual([1, 1]);
  });

  it('takes the trace ids from the latest traceIdFrom match', async () => {
    const r = await runConfig(config(`      - metric: m
        value: latency
        tags: [request]
        traceIdFrom: "ParameterUpdateEvent[parameters.x=1]"`));
    // Every value goes to the test case x=1, the only one whose update matches.
    expect(samples(r)).toEqual([[10, 30, 10, 30], []]);
  });

  it('without a traceIdFrom match yet, uses the trace ids of the message', async () => {
    const r = await runConfig(config(`      - metric: m
        value: latency
        tags: [request]
        traceIdFrom: MarathonStartedEvent`));
    expect(samples(r)).toEqual([[10, 30], [10, 30]]);
  });

  it('logs a failing value expression and skips the sample', async () => {
    const r = await runConfig(config(`      - metric: m
        value: "pause + 1"
        tags: [request]
      - metric: n
        value: pause
        tags: [gc]`));
    expect(samples(r)).toEqual([[], []]);
    expect(samples(r, 'n')).toEqual([[4], [4]]);
    expect(r.logs.join('\n')).toContain('Expression evaluation "pause + 1" failed');
  });

  it('rejects unknown rule keys, undeclared metrics and bad expressions at start-up', async () => {
    const fails = async (collect: string): Promise<string> => {
      const r = await runConfig(config(collect));
      expect(r.code).toBe(2);
      return r.logs.join('\n');
    };
    expect(await fails('      - {metric: m, value: latency, tag: [x]}')).toContain('Unknown key `tag` in collect[0]');
    expect(await fails('      - {metric: nope, value: latency}')).toContain('Metric `nope` is not declared in config.metrics');
    expect(await fails('      - {metric: m, value: "latency +"}')).toContain('collect[0].value: Invalid expression "latency +"');
    expect(await fails('      - {metric: m, filter: {tagz: [a]}}')).toContain('Unknown key `tagz` in collect[0].filter');
  });
});
