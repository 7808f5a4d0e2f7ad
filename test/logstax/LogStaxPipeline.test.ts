import { describe, expect, it } from 'vitest';
import { BasicFilter } from '../../src/logstax/BasicFilter.js';
import { GrokCompiler } from '../../src/logstax/GrokCompiler.js';
import { GrokFilter } from '../../src/logstax/GrokFilter.js';
import { LogStaxConfigError } from '../../src/logstax/LogStaxConfigError.js';
import { LogStaxPipeline, type LogStaxPipelineConfig } from '../../src/logstax/LogStaxPipeline.js';
import { MultilineCodec } from '../../src/logstax/MultilineCodec.js';
import { SingleLineCodec } from '../../src/logstax/SingleLineCodec.js';

const twoLineBlock = { lines: [{ match: 'firstLine.*' }, { match: 'secondLine.*' }] };

describe('LogStaxPipeline configuration forms', () => {
  it('defaults to the singleline codec', () => {
    const pipeline = new LogStaxPipeline({ filters: [] });
    expect(pipeline.codecs).toHaveLength(1);
    expect(pipeline.codecs[0]).toBeInstanceOf(SingleLineCodec);
    expect(pipeline.push('hello').map((m) => m.fields)).toEqual([{ message: 'hello' }]);
  });

  it("accepts the source's top-level `codecs:` list", () => {
    const pipeline = new LogStaxPipeline({ filters: [], codecs: [{ type: 'multiline', ...twoLineBlock }, { type: 'singleline' }] });
    expect(pipeline.codecs.map((c) => c.constructor)).toEqual([MultilineCodec, SingleLineCodec]);
  });

  it("accepts the manual's `filters: - codec:` form, including its MultlineCodec spelling", () => {
    const pipeline = new LogStaxPipeline({
      filters: [
        { codec: { class: 'logstax.codecs.MultlineCodec', ...twoLineBlock } },
        { codec: { class: 'logstax.codecs.SingleLineCodec' } },
        { type: 'grok', match: { message: 'Line' } },
      ],
    });
    expect(pipeline.codecs.map((c) => c.constructor)).toEqual([MultilineCodec, SingleLineCodec]);
    expect(pipeline.filters).toHaveLength(1);
    expect(pipeline.filters[0]).toBeInstanceOf(GrokFilter);
  });

  it('accepts full and short codec class names and codec `type:` in the manual form', () => {
    for (const codec of [
      { class: 'performance.driver.classes.observer.logstax.codecs.MultilineCodec', ...twoLineBlock },
      { class: 'MultilineCodec', ...twoLineBlock },
      { type: 'multiline', ...twoLineBlock },
      { type: 'multiline', class: 'logstax.codecs.MultilineCodec', ...twoLineBlock },
    ]) {
      expect(new LogStaxPipeline({ filters: [{ codec }] }).codecs[0]).toBeInstanceOf(MultilineCodec);
    }
  });

  it('puts top-level codecs before codecs given among the filters', () => {
    const pipeline = new LogStaxPipeline({
      codecs: [{ type: 'singleline' }],
      filters: [{ codec: { type: 'multiline', ...twoLineBlock } }],
    });
    expect(pipeline.codecs.map((c) => c.constructor)).toEqual([SingleLineCodec, MultilineCodec]);
  });

  it('builds grok filters from `type: grok` and basic filters from `type: basic` or their class names', () => {
    const pipeline = new LogStaxPipeline({
      filters: [
        { type: 'grok', match: { message: 'x' } },
        { type: 'basic', add_tag: ['b'] },
        { class: 'logstax.filters.GrokFilter', match: { message: 'x' } },
        { class: 'logstax.filters.BasicFilter' },
      ],
    });
    expect(pipeline.filters.map((f) => f.constructor)).toEqual([GrokFilter, BasicFilter, GrokFilter, BasicFilter]);
  });

  it('shares compiled patterns through the compiler it is given', () => {
    const compiler = new GrokCompiler();
    new LogStaxPipeline({ filters: [{ type: 'grok', match: { message: '%{INT:n}' } }] }, compiler);
    const compiled = compiler.compile('%{INT:n}');
    new LogStaxPipeline({ filters: [{ type: 'grok', match: { message: '%{INT:n}' } }] }, compiler);
    expect(compiler.compile('%{INT:n}')).toBe(compiled);
  });
});

describe('LogStaxPipeline configuration errors', () => {
  const errorOf = (config: LogStaxPipelineConfig) => {
    try {
      new LogStaxPipeline(config);
    } catch (e) {
      expect(e).toBeInstanceOf(LogStaxConfigError);
      return e as LogStaxConfigError;
    }
    throw new Error('expected a configuration error');
  };

  it('requires a filters list', () => {
    expect(errorOf({}).message).toBe('filters: a list of filters is required, got nothing');
    expect(errorOf({ filters: { type: 'grok' } }).path).toBe('filters');
  });

  it('names an unknown filter type with a suggestion', () => {
    const e = errorOf({ filters: [{ type: 'grk', match: { message: 'x' } }] });
    expect(e.path).toBe('filters[0].type');
    expect(e.message).toMatch(/unknown filter type `grk` \(did you mean `grok`\?\)/);
  });

  it('names an unknown codec type or class with a suggestion', () => {
    expect(errorOf({ filters: [], codecs: [{ type: 'multilne' }] }).message).toMatch(/codecs\[0\]\.type: unknown codec type `multilne` \(did you mean `multiline`\?\)/);
    expect(errorOf({ filters: [{ codec: { class: 'logstax.codecs.SingelLineCodec' } }] }).message).toMatch(
      /filters\[0\]\.codec\.class: unknown codec class `logstax\.codecs\.SingelLineCodec` \(did you mean `logstax\.codecs\.SingleLineCodec`\?\)/,
    );
  });

  it('requires a type or class', () => {
    expect(errorOf({ filters: [{ match: { message: 'x' } }] }).message).toMatch(/filters\[0\]: a filter needs `type:`/);
    expect(errorOf({ filters: [], codecs: [{}] }).message).toMatch(/a codec needs `type:`/);
  });

  it('rejects a type and class that disagree', () => {
    expect(errorOf({ filters: [], codecs: [{ type: 'singleline', class: 'logstax.codecs.MultilineCodec' }] }).message).toMatch(/name different codecs/);
  });

  it('rejects extra keys beside `codec:` and non-mapping entries', () => {
    expect(errorOf({ filters: [{ codec: { type: 'singleline' }, type: 'grok' }] }).path).toBe('filters[0].type');
    expect(errorOf({ filters: ['grok'] }).message).toMatch(/filters\[0\]: expected a mapping/);
    expect(errorOf({ filters: [], codecs: { type: 'singleline' } }).path).toBe('codecs');
  });

  it('locates errors inside nested options', () => {
    expect(errorOf({ filters: [{ codec: { type: 'multiline', lines: [{ match: 'a' }, { optinal: true }] } }] }).path).toBe(
      'filters[0].codec.lines[1].optinal',
    );
    expect(errorOf({ filters: [{ type: 'grok', match: { message: '%{NOPE}' } }] }).path).toBe('filters[0].match.message');
  });
});

describe('LogStaxPipeline processing', () => {
  it('publishes a message when any filter matched, with every filter applied in order', () => {
    const pipeline = new LogStaxPipeline({
      filters: [
        { type: 'grok', match: { message: 'user=%{WORD:user}' }, add_tag: ['user'] },
        { type: 'grok', match: { message: 'ms=%{INT:ms:int}' }, add_tag: ['timing'] },
        { type: 'grok', match: { user: '^admin$' }, add_tag: ['admin'] },
      ],
    });
    const [both] = pipeline.push('user=admin ms=12');
    expect(both.fields).toEqual({ message: 'user=admin ms=12', user: 'admin', ms: 12 });
    expect([...both.tags]).toEqual(['user', 'timing', 'admin']);
    const [one] = pipeline.push('ms=5');
    expect([...one.tags]).toEqual(['timing']);
    expect(pipeline.push('nothing')).toEqual([]);
  });

  it('publishes every message when there are no filters', () => {
    expect(new LogStaxPipeline({ filters: [{ codec: { type: 'singleline' } }] }).push('x')).toHaveLength(1);
  });

  it('lets the first codec that returns messages win; lines a multiline block holds fall through to the next codec', () => {
    const pipeline = new LogStaxPipeline({ filters: [], codecs: [{ type: 'multiline', ...twoLineBlock }, { type: 'singleline' }] });
    expect(pipeline.push('firstLine a').map((m) => m.fields.message)).toEqual(['firstLine a']);
    const [block] = pipeline.push('secondLine b');
    expect(block.fields).toMatchObject({ codec: 'multiline', message: 'firstLine a\nsecondLine b' });
  });

  it('returns nothing while a multiline block is pending and the block on completion', () => {
    const pipeline = new LogStaxPipeline({ filters: [{ codec: { class: 'logstax.codecs.MultilineCodec', ...twoLineBlock } }] });
    expect(pipeline.push('firstLine')).toEqual([]);
    expect(pipeline.push('secondLine').map((m) => m.fields.message)).toEqual(['firstLine\nsecondLine']);
  });

  it('flush filters and returns the blocks the codecs still hold', () => {
    const pipeline = new LogStaxPipeline({
      codecs: [{ type: 'multiline', lines: [{ match: 'a' }, { match: 'b', repeat: true, optional: true }] }],
      filters: [{ type: 'grok', match: { message: '^a' }, add_tag: ['block'] }],
    });
    pipeline.push('a');
    pipeline.push('b');
    const flushed = pipeline.flush();
    expect(flushed.map((m) => [m.fields.message, [...m.tags]])).toEqual([['a\nb', ['block']]]);
    expect(pipeline.flush()).toEqual([]);
  });

  it('reproduces the MarathonLogsObserver rules on Marathon output', () => {
    const pipeline = new LogStaxPipeline({
      filters: [
        { type: 'grok', match: { message: 'Started ServerConnector@.+{%{IP:boundIP}:%{INT:boundPort}' }, add_tag: ['started'] },
        { type: 'grok', match: { message: 'Computed new deployment plan.+DeploymentPlan id=%{UUID:planId}' }, add_tag: ['deployment_computed'] },
        {
          type: 'grok',
          match: { message: 'Deployment %{UUID:planId}:%{TIMESTAMP_ISO8601:version} of (?<pathId>\\S+) (?<status>\\S+)' },
          add_tag: ['deployment_end'],
        },
      ],
      codecs: [
        {
          type: 'multiline',
          newline: ' ',
          lines: [{ match: '^(\\[\\w+\\]\\s+)\\[.*$' }, { match: '^(\\[\\w+\\]\\s+)[^\\[].*$', optional: true, repeat: true }],
        },
      ],
    });
    const plan = '6a3b2c1d-0000-4000-8000-123456789abc';
    const out = [
      '[main] [2018-08-10 12:00:00,000] INFO Started ServerConnector@1a2b{HTTP/1.1,[http/1.1]}{0.0.0.0:8080}',
      '[worker1] [2018-08-10 12:00:01,000] INFO Computed new deployment plan:',
      `[worker1]  DeploymentPlan id=${plan},2018-08-10T12:00:01.000Z`,
      '[worker1]  step: App(/app-1, ...) App(/app-2, ...)',
      `[worker1] [2018-08-10 12:00:05,000] INFO Deployment ${plan}:2018-08-10T12:00:01.000Z of /app-1 finished`,
    ].flatMap((line) => pipeline.push(line));
    out.push(...pipeline.flush());
    expect(out.map((m) => [...m.tags])).toEqual([['started'], ['deployment_computed'], ['deployment_end']]);
    expect(out[0].fields).toMatchObject({ boundIP: '0.0.0.0', boundPort: '8080' });
    expect(out[1].fields.planId).toBe(plan);
    expect(out[1].fields.message).toContain('App(/app-1, ...) App(/app-2, ...)');
    expect(out[2].fields).toMatchObject({ planId: plan, version: '2018-08-10T12:00:01.000Z', pathId: '/app-1', status: 'finished' });
  });

  it('handles 100k lines through a grok filter', () => {
    const pipeline = new LogStaxPipeline({ filters: [{ type: 'grok', match: { message: '%{WORD:w} %{INT:n:int}' } }] });
    const lines = Array.from({ length: 100_000 }, (_, i) => `word${i % 10} ${i}`);
    const started = performance.now();
    let matched = 0;
    let sum = 0;
    for (const line of lines) {
      for (const message of pipeline.push(line)) {
        matched++;
        sum += message.fields.n as number;
      }
    }
    const seconds = (performance.now() - started) / 1000;
    console.log(`LogStaxPipeline grok throughput: ${Math.round(lines.length / seconds)} lines/s`);
    expect(matched).toBe(100_000);
    expect(sum).toBe((99_999 * 100_000) / 2);
  });
});
