import { describe, it, expect } from 'vitest';
import { join } from 'node:path';
import { runConfig, readEvents, workdir, type InProcessResult } from '../helpers/driver.js';

/** A shell script printing `body` (sh syntax); returns its absolute path. */
function script(body: string): string {
  return join(workdir({ 'out.sh': body }), 'out.sh');
}

/** printf lines on stdout, exactly as given. */
function printLines(lines: string[]): string {
  return `cat <<'EOF'\n${lines.join('\n')}\nEOF\n`;
}

/** One test case (x=1) running `sh <script>`; the observer config is indented under observers. */
function config(scriptPath: string, observer: string, opts: { extra?: string; params?: string } = {}): string {
  return `
config:
  parameters: [{name: x}]
policies:
  - class: policy.SimplePolicy
    parameters: ${opts.params ?? '{x: 1}'}
    events: {end: CmdlineExitEvent}
    timeout: 20s
channels:
  - class: channel.CmdlineChannel
    shell: yes
    restart: no
    cmdline: "sh ${scriptPath} {{x}}"
observers:
${observer}
${opts.extra ?? ''}
reporters:
  - class: reporter.RawEventsReporter
`;
}

interface Message {
  tags: string[];
  fields: Record<string, unknown>;
  traceids: number[];
}

function messages(r: InProcessResult): Message[] {
  return readEvents(r)
    .filter((e) => e.name === 'LogStaxMessageEvent')
    .map((e) => ({ tags: (e.data.tags as string[]).slice().sort(), fields: e.data.fields as Record<string, unknown>, traceids: e.data.traceids as number[] }));
}

const fieldsOf = (r: InProcessResult): Array<Record<string, unknown>> => messages(r).map((m) => m.fields);

describe('observer.LogStaxObserver: singleline codec and grok', () => {
  it('publishes a LogStaxMessageEvent with the grok captures for every matching line of a child process', async () => {
    const path = script(printLines(['GET /api/apps took 12 ms user=alice', 'noise without a match', 'POST /api/apps took 7.5 ms user=bob']));
    const r = await runConfig(config(path, String.raw`  - class: observer.LogStaxObserver
    filters:
      - type: grok
        match:
          message: '%{WORD:verb} %{URIPATH:path} took %{NUMBER:took:float} ms user=%{WORD:user}'
        add_tag: [request, '%{verb}']
        add_field: {source: grok, who: 'user %{user}'}`));
    expect(r.code).toBe(0);
    const out = messages(r);
    expect(out.map((m) => m.tags)).toEqual([['GET', 'request'], ['POST', 'request']]);
    expect(out.map((m) => m.fields)).toEqual([
      { message: 'GET /api/apps took 12 ms user=alice', verb: 'GET', path: '/api/apps', took: 12, user: 'alice', source: 'grok', who: 'user alice' },
      { message: 'POST /api/apps took 7.5 ms user=bob', verb: 'POST', path: '/api/apps', took: 7.5, user: 'bob', source: 'grok', who: 'user bob' },
    ]);
  });

  it('attributes messages to the test case of the lines (the ParameterUpdateEvent trace)', async () => {
    const path = script('echo "value=$1"\n');
    const r = await runConfig(
      config(path, `  - class: observer.LogStaxObserver
    filters:
      - type: grok
        match: {message: 'value=%{INT:v:int}'}`).replace(
        /policies:[\s\S]*?timeout: 20s\n/,
        `policies:
  - class: policy.MultivariableExplorerPolicy
    matrix: {x: {type: discrete, values: [3, 4]}}
    events: {signal: {OK: CmdlineExitZeroEvent}}
`,
      ),
    );
    expect(r.code).toBe(0);
    const events = readEvents(r);
    const updates = events.filter((e) => e.name === 'ParameterUpdateEvent');
    const out = messages(r);
    expect(out.map((m) => m.fields.v)).toEqual([3, 4]);
    for (const [i, m] of out.entries()) expect(m.traceids).toEqual(expect.arrayContaining(updates[i]!.data.traceids as number[]));
  });

  it("applies the manual's example: IP, an Oniguruma group, overwrite, remove_field and remove_tag", async () => {
    const path = script(printLines(['10.0.0.7 - alice "GET /"', '10.0.0.8 - - "GET /x"', 'not an access line']));
    const r = await runConfig(config(path, String.raw`  - class: observer.LogStaxObserver
    filters:
      - type: grok
        match:
          message: "^%{IP:httpHost} - (?<user>%{WORD}|-).*"
        overwrite: [message]
        add_field:
          source: grok
          message: replaced
        remove_field: [source]
        add_tag: [foo, bar]
        remove_tag: [bar, baz]`));
    expect(r.code).toBe(0);
    expect(messages(r).map((m) => m.tags)).toEqual([['foo'], ['foo']]);
    // add_field sets `message` although it exists: add_field always writes, overwrite is for captures.
    expect(fieldsOf(r)).toEqual([
      { message: 'replaced', httpHost: '10.0.0.7', user: 'alice' },
      { message: 'replaced', httpHost: '10.0.0.8', user: '-' },
    ]);
  });

  it('searches anywhere in the text, keeps existing fields unless overwritten, and runs the filters in order', async () => {
    const path = script(printLines(['xx you said 4.5 yy', 'level=WARN code=17']));
    const r = await runConfig(config(path, String.raw`  - class: observer.LogStaxObserver
    filters:
      - type: grok
        match: {message: 'you said %{NUMBER:n}'}
        add_field: {kind: said}
      - type: grok
        match: {message: 'level=%{LOGLEVEL:level} code=%{INT:code:int}'}
        add_field: {kind: level}
      - type: grok
        match: {kind: '^(?<kind>\w+)$'}
        add_tag: ['kind-%{kind}']
      - type: grok
        match: {level: '(?<level>WARN)'}
        overwrite: [level]
        add_tag: [warned]`));
    expect(r.code).toBe(0);
    const out = messages(r);
    expect(out.map((m) => m.fields)).toEqual([
      { message: 'xx you said 4.5 yy', n: '4.5', kind: 'said' },
      { message: 'level=WARN code=17', level: 'WARN', code: 17, kind: 'level' },
    ]);
    expect(out.map((m) => m.tags)).toEqual([['kind-said'], ['kind-level', 'warned']]);
  });

  it('parses Apache access logs with COMMONAPACHELOG and HTTPDATE, and typed captures', async () => {
    const path = script(printLines([
      '127.0.0.1 - frank [10/Oct/2000:13:55:36 -0700] "GET /apache_pb.gif HTTP/1.0" 200 2326',
      '192.168.1.20 - - [11/Oct/2000:01:02:03 +0000] "POST /submit HTTP/1.1" 503 17',
    ]));
    const r = await runConfig(config(path, `  - class: observer.LogStaxObserver
    filters:
      - type: grok
        match: {message: '%{COMMONAPACHELOG}'}
      - type: grok
        match: {message: '" %{INT:status:int} %{INT:size:float}$'}`));
    expect(r.code).toBe(0);
    expect(fieldsOf(r)).toEqual([
      expect.objectContaining({ clientip: '127.0.0.1', auth: 'frank', timestamp: '10/Oct/2000:13:55:36 -0700', verb: 'GET', request: '/apache_pb.gif', httpversion: '1.0', response: '200', bytes: '2326', status: 200, size: 2326 }),
      expect.objectContaining({ clientip: '192.168.1.20', auth: '-', verb: 'POST', response: '503', status: 503, size: 17 }),
    ]);
  });

  it('publishes every line without filters, and only matching lines with filters', async () => {
    const path = script(printLines(['one', 'two']));
    const all = await runConfig(config(path, `  - class: observer.LogStaxObserver
    filters: []`));
    expect(fieldsOf(all)).toEqual([{ message: 'one' }, { message: 'two' }]);
    const some = await runConfig(config(path, `  - class: observer.LogStaxObserver
    filters:
      - {type: grok, match: {message: '^t'}}`));
    expect(fieldsOf(some)).toEqual([{ message: 'two' }]);
  });

  it('the basic filter always matches and decorates with %{field} references', async () => {
    const path = script(printLines(['a', 'b']));
    const r = await runConfig(config(path, `  - class: observer.LogStaxObserver
    filters:
      - type: basic
        add_tag: ['line-%{message}']
        add_field: {copy: '%{message}!', n: 3}`));
    expect(messages(r).map((m) => [m.tags, m.fields])).toEqual([
      [['line-a'], { message: 'a', copy: 'a!', n: 3 }],
      [['line-b'], { message: 'b', copy: 'b!', n: 3 }],
    ]);
  });
});

describe('observer.LogStaxObserver: multiline codec on real process output', () => {
  const javaTrace = [
    '2024-05-01 12:00:00 INFO starting',
    '2024-05-01 12:00:01 ERROR request failed',
    'java.lang.IllegalStateException: boom',
    '    at com.example.Server.handle(Server.java:42)',
    '    at com.example.Server.run(Server.java:17)',
    '2024-05-01 12:00:02 INFO recovered',
    '2024-05-01 12:00:03 ERROR second failure',
    'java.io.IOException: disk full',
    '    at com.example.Store.write(Store.java:99)',
  ];
  const traceCodec = String.raw`    codecs:
      - type: multiline
        lines:
          - match: '^\S+ \S+ ERROR '
          - match: '^[\w.]+(Exception|Error): '
          - match: '^\s+at '
            repeat: yes`;

  it('joins a stack trace into one message; the trace still open at exit is flushed when the program exits', async () => {
    const r = await runConfig(config(script(printLines(javaTrace)), String.raw`  - class: observer.LogStaxObserver
${traceCodec}
    filters:
      - type: grok
        match: {message: '%{TIMESTAMP_ISO8601:when} ERROR (?<what>[^\n]+)\n(?<exception>[\w.]+): (?<reason>[^\n]+)'}
        add_tag: [exception]`));
    expect(r.code).toBe(0);
    const out = messages(r);
    expect(out.map((m) => m.tags)).toEqual([['exception'], ['exception']]);
    expect(out[0]!.fields).toEqual({
      codec: 'multiline',
      message: javaTrace.slice(1, 5).join('\n'),
      'line-1': javaTrace[1],
      'line-2': javaTrace[2],
      'line-3': javaTrace[3],
      'line-4': javaTrace[4],
      when: '2024-05-01 12:00:01',
      what: 'request failed',
      exception: 'java.lang.IllegalStateException',
      reason: 'boom',
    });
    expect(out[1]!.fields).toMatchObject({ message: javaTrace.slice(6).join('\n'), exception: 'java.io.IOException', reason: 'disk full' });
    // The second block was completed by the exit of the program, before the test case ended.
    const events = readEvents(r);
    const exitAt = events.findIndex((e) => e.name === 'CmdlineExitZeroEvent');
    const secondAt = events.findIndex((e) => e.name === 'LogStaxMessageEvent' && (e.data.fields as Record<string, unknown>).reason === 'disk full');
    expect(secondAt).toBeGreaterThan(exitAt);
    expect(secondAt).toBeLessThan(events.findIndex((e) => e.name === 'TeardownEvent'));
  });

  it('the first codec that returns messages for a line wins: a line the block only collects reaches the next codec too', async () => {
    const r = await runConfig(config(script(printLines(javaTrace)), `  - class: observer.LogStaxObserver
${traceCodec}
      - type: singleline
    filters: []`));
    const out = fieldsOf(r).map((f) => (f.codec === 'multiline' ? `block:${String(f['line-1'])}` : String(f.message)));
    // "recovered" ends the first block, so the multiline codec answers for it and singleline never sees it.
    expect(out).toEqual([...javaTrace.slice(0, 5), `block:${javaTrace[1]}`, ...javaTrace.slice(6), `block:${javaTrace[6]}`]);
  });

  it('repeat: N takes at most N lines, optional rules may be skipped, newline joins', async () => {
    const r = await runConfig(config(script(printLines(['BEGIN', 'item 1', 'item 2', 'item 3', 'END', 'begin', 'end', 'begin', 'item 9', 'other'])), `  - class: observer.LogStaxObserver
    codecs:
      - type: multiline
        newline: ' | '
        lines:
          - match: begin
            ignorecase: yes
          - match: item
            repeat: 2
            optional: yes
          - match: item
            optional: yes
          - match: end
            ignorecase: yes
    filters: []`));
    expect(fieldsOf(r).map((f) => f.message)).toEqual(['BEGIN | item 1 | item 2 | item 3 | END', 'begin | end']);
  });

  it('acceptIncomplete publishes a block that breaks off; without it the block is dropped', async () => {
    const lines = printLines(['header', 'row a', 'header', 'oops', 'header', 'row b']);
    const codec = (accept: string): string => `  - class: observer.LogStaxObserver
    codecs:
      - type: multiline
        acceptIncomplete: ${accept}
        lines:
          - match: header
          - match: row
    filters: []`;
    expect(fieldsOf(await runConfig(config(script(lines), codec('no')))).map((f) => f.message)).toEqual(['header\nrow a', 'header\nrow b']);
    expect(fieldsOf(await runConfig(config(script(lines), codec('yes')))).map((f) => f.message)).toEqual(['header\nrow a', 'header', 'header\nrow b']);
  });

  it('partial searches anywhere in the line; without it the rule is anchored at the start', async () => {
    const lines = printLines(['x start y', 'start', 'more']);
    const codec = (partial: string): string => `  - class: observer.LogStaxObserver
    codecs:
      - type: multiline
        lines:
          - {match: start, partial: ${partial}}
          - {match: more, optional: yes}
    filters: []`;
    expect(fieldsOf(await runConfig(config(script(lines), codec('yes')))).map((f) => f.message)).toEqual(['x start y', 'start\nmore']);
    expect(fieldsOf(await runConfig(config(script(lines), codec('no')))).map((f) => f.message)).toEqual(['start\nmore']);
  });

  it("joins lines starting with '::' (the manual's example) and accepts its `filters: - codec:` form", async () => {
    const r = await runConfig(config(script(printLines([':: a', ':: b', 'plain', ':: c'])), `  - class: observer.LogStaxObserver
    filters:
      - codec:
          class: logstax.codecs.MultlineCodec
          lines:
            match: "^::.*$"
            repeat: yes`));
    expect(fieldsOf(r).map((f) => f.message)).toEqual([':: a\n:: b', ':: c']);
  });

  it('keeps a separate block per output stream, so interleaved stdout and stderr do not mix', async () => {
    const body = 'echo "out: 1"; echo "err: 1" >&2; sleep 0.2; echo "out: 2"; echo "err: 2" >&2; sleep 0.2; echo done; echo done >&2\n';
    const r = await runConfig(config(script(body), `  - class: observer.LogStaxObserver
    codecs:
      - type: multiline
        lines:
          - {match: '^(out|err): ', repeat: yes}
          - {match: done}
    filters: []`));
    expect(fieldsOf(r).map((f) => f.message).sort()).toEqual(['err: 1\nerr: 2\ndone', 'out: 1\nout: 2\ndone']);
  });
});

describe('observer.LogStaxObserver: line sources', () => {
  const body = 'echo "out line"; echo "err line" >&2\n';

  it('reads LogLineEvent lines of stdout and stderr by default', async () => {
    const r = await runConfig(config(script(body), `  - class: observer.LogStaxObserver
    filters: []`));
    expect(fieldsOf(r).map((f) => f.message).sort()).toEqual(['err line', 'out line']);
  });

  it('selects events by kind and reads another attribute with field', async () => {
    const onlyErr = await runConfig(config(script(body), `  - class: observer.LogStaxObserver
    events:
      - {name: LogLineEvent, kind: stderr}
    filters: []`));
    expect(fieldsOf(onlyErr).map((f) => f.message)).toEqual(['err line']);
    const bySource = await runConfig(config(script(body), `  - class: observer.LogStaxObserver
    events:
      - {name: LogLineEvent, field: source, kind: [stdout]}
    filters: []`));
    expect(fieldsOf(bySource).map((f) => f.message)).toEqual(['sh']);
  });

  it('takes lines from other events, such as the exit of the program', async () => {
    const r = await runConfig(config(script('exit 3\n'), `  - class: observer.LogStaxObserver
    events:
      - {name: CmdlineExitEvent, field: exitcode}
    filters:
      - {type: grok, match: {message: '%{INT:code:int}'}}`));
    expect(fieldsOf(r)).toEqual([{ message: '3', code: 3 }]);
  });
});

describe('observer.LogStaxObserver: configuration errors', () => {
  const path = script('true\n');
  const fails = async (observer: string): Promise<string> => {
    const r = await runConfig(config(path, observer));
    expect(r.code).toBe(2);
    return r.logs.join('\n');
  };

  it('names an unknown grok pattern with the file, line and a suggestion', async () => {
    const logs = await fails(`  - class: observer.LogStaxObserver
    filters:
      - {type: grok, match: {message: '%{NUBMER:n}'}}`);
    expect(logs).toMatch(/test\.yml:\d+:\d+: observers\[0\]\.filters.*Unknown grok pattern %\{NUBMER\}.*did you mean `NUMBER`/);
  });

  it('rejects unknown codec types, unknown rule options and unknown event sources', async () => {
    expect(await fails(`  - class: observer.LogStaxObserver
    codecs: [{type: multilin}]
    filters: []`)).toContain('unknown codec type `multilin` (did you mean `multiline`?)');
    expect(await fails(`  - class: observer.LogStaxObserver
    codecs: [{type: multiline, lines: [{match: a, repeats: 2}]}]
    filters: []`)).toContain('unknown option `repeats` (did you mean `repeat`?)');
    expect(await fails(`  - class: observer.LogStaxObserver
    events: [{name: LogLinEvent}]
    filters: []`)).toMatch(/observers\[0\]\.events.*Unknown event `LogLinEvent`/);
  });

  it('requires filters', async () => {
    expect(await fails(`  - class: observer.LogStaxObserver
    codecs: [{type: singleline}]`)).toMatch(/filters/);
  });
});

