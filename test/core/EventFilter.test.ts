import { describe, it, expect, vi, beforeEach, afterEach } from 'vitest';
import { Event } from '../../src/core/Event.js';
import { EventFilter, resetSingleRegistry } from '../../src/core/EventFilter.js';

// Explicit trace ids far above the process-wide counter, so they never collide with fresh ids.
const T1 = 1_000_001;
const T2 = 1_000_002;

function ev(name: string, attrs: Record<string, unknown> = {}, trace?: number | number[]): Event {
  return new Event(name, attrs, trace);
}

/** A session with no trace filtering unless `traceids` is given; `fired` collects the callbacks. */
function track(expression: string, traceids: number | Iterable<number> | null = null) {
  const fired: Event[] = [];
  const session = new EventFilter(expression).start(traceids, (e) => fired.push(e));
  return { fired, session };
}

/** True when `expression` accepts the event built from `attrs` (no selectors, no tracing). */
function accepts(expression: string, name: string, attrs: Record<string, unknown> = {}): boolean {
  const { fired, session } = track(expression);
  session.handle(ev(name, attrs));
  return fired.length === 1;
}

function timeouts(): number {
  return process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
}

beforeEach(() => resetSingleRegistry());

describe('EventFilter parsing', () => {
  it('lists the event names of the terms without * and without duplicates', () => {
    const filter = new EventFilter('TickEvent[count=1] * LogLineEvent, TickEvent:last');
    expect(filter.eventNames).toEqual(['TickEvent', 'LogLineEvent']);
    expect(filter.expression).toBe('TickEvent[count=1] * LogLineEvent, TickEvent:last');
    expect(filter.negated).toBe(false);
  });

  it('names the events a subscriber needs, or null when any event can match', () => {
    expect(new EventFilter('TickEvent[count=1] LogLineEvent:last').subscriptionEvents).toEqual(['TickEvent', 'LogLineEvent']);
    expect(new EventFilter('TickEvent *').subscriptionEvents).toBeNull();
    expect(new EventFilter(':not(TickEvent)').subscriptionEvents).toBeNull();
  });

  it('keeps an alias as written in eventNames and matches the aliased event', () => {
    const filter = new EventFilter('HTTPRequestEvent');
    expect(filter.eventNames).toEqual(['HTTPRequestEvent']);
    expect(accepts('HTTPRequestEvent', 'HTTPRequestStartEvent')).toBe(true);
  });

  it('matches subclasses of the named event', () => {
    expect(accepts('CmdlineExitEvent', 'CmdlineExitZeroEvent')).toBe(true);
    expect(accepts('HTTPResponseEndEvent', 'HTTPResponseErrorEvent')).toBe(true);
    expect(accepts('Event', 'TickEvent')).toBe(true);
    expect(accepts('CmdlineExitZeroEvent', 'CmdlineExitEvent')).toBe(false);
  });

  it('matches any event with *', () => {
    expect(accepts('*', 'TickEvent')).toBe(true);
    expect(accepts('*', 'LogLineEvent')).toBe(true);
  });

  it('builds the term id from name, raw attributes and raw selectors', () => {
    const filter = new EventFilter('TickEvent:single LogLineEvent[line=a]:NoTrace');
    expect(filter.terms.map((t) => t.id)).toEqual(['TickEvent:::single', 'LogLineEvent:line=a::NoTrace']);
  });

  it('allows whitespace between the event name and its attribute brackets (the manual example)', () => {
    expect(accepts('HTTPResponseEndEvent [body~=foo]', 'HTTPResponseEndEvent', { body: 'xfooy' })).toBe(true);
    expect(accepts('HTTPResponseEndEvent [body~=foo]', 'HTTPResponseEndEvent', { body: 'bar' })).toBe(false);
  });

  it('accepts every example of the manual', () => {
    for (const expr of ['HTTPRequestEvent', 'HTTPRequestEvent[method=post]', 'HTTPResponseEndEvent:last', 'HTTPResponseEndEvent [body~=foo]', '*:first']) {
      expect(() => new EventFilter(expr)).not.toThrow();
    }
  });

  it('attaches a selector written after a space to the preceding term', () => {
    const filter = new EventFilter('TickEvent :first LogLineEvent[kind=x] :notrace:nth(2)');
    expect(filter.terms.map((t) => [t.name, t.selector.kind, t.notrace])).toEqual([
      ['TickEvent', 'first', false],
      ['LogLineEvent', 'nth', true],
    ]);
  });

  it('treats selectors case-insensitively', () => {
    const { fired, session } = track('TickEvent:FIRST');
    session.handle(ev('TickEvent'));
    session.handle(ev('TickEvent'));
    expect(fired).toHaveLength(1);
  });
});

describe('OR of terms', () => {
  it('accepts an event matching any term, separated by whitespace', () => {
    const { fired, session } = track('TickEvent LogLineEvent');
    session.handle(ev('TickEvent'));
    session.handle(ev('LogLineEvent', { line: 'x' }));
    session.handle(ev('StartEvent'));
    expect(fired.map((e) => e.event)).toEqual(['TickEvent', 'LogLineEvent']);
  });

  it('accepts commas as term separators', () => {
    const { fired, session } = track('TickEvent,LogLineEvent ,  StartEvent');
    for (const name of ['TickEvent', 'LogLineEvent', 'StartEvent', 'TeardownEvent']) session.handle(ev(name));
    expect(fired.map((e) => e.event)).toEqual(['TickEvent', 'LogLineEvent', 'StartEvent']);
  });

  it('lets only the first accepting term act', () => {
    // The :first term takes every TickEvent, so the plain second term never sees one.
    const { fired, session } = track('TickEvent:first TickEvent');
    session.handle(ev('TickEvent'));
    session.handle(ev('TickEvent'));
    expect(fired).toHaveLength(1);
  });

  it('falls through to a later term when an earlier one rejects the attributes', () => {
    const { fired, session } = track('TickEvent[count=1]:first TickEvent[count=2]');
    session.handle(ev('TickEvent', { count: 2 }));
    session.handle(ev('TickEvent', { count: 2 }));
    expect(fired).toHaveLength(2);
  });
});

describe('attribute operators', () => {
  it('= compares for equality', () => {
    expect(accepts('LogLineEvent[line=hello]', 'LogLineEvent', { line: 'hello' })).toBe(true);
    expect(accepts('LogLineEvent[line=hello]', 'LogLineEvent', { line: 'Hello' })).toBe(false);
  });

  it('== is the same as =', () => {
    expect(accepts('TickEvent[count==3]', 'TickEvent', { count: 3 })).toBe(true);
    expect(accepts('TickEvent[count==3]', 'TickEvent', { count: 4 })).toBe(false);
  });

  it('!= accepts different values', () => {
    expect(accepts('LogLineEvent[kind!=stderr]', 'LogLineEvent', { kind: 'stdout' })).toBe(true);
    expect(accepts('LogLineEvent[kind!=stderr]', 'LogLineEvent', { kind: 'stderr' })).toBe(false);
  });

  it('> compares numbers', () => {
    expect(accepts('TickEvent[count>10]', 'TickEvent', { count: 11 })).toBe(true);
    expect(accepts('TickEvent[count>10]', 'TickEvent', { count: 10 })).toBe(false);
  });

  it('>= compares numbers', () => {
    expect(accepts('TickEvent[count>=10]', 'TickEvent', { count: 10 })).toBe(true);
    expect(accepts('TickEvent[count>=10]', 'TickEvent', { count: 9 })).toBe(false);
  });

  it('< compares numbers', () => {
    expect(accepts('TickEvent[count<10]', 'TickEvent', { count: 9 })).toBe(true);
    expect(accepts('TickEvent[count<10]', 'TickEvent', { count: 10 })).toBe(false);
  });

  it('<= compares numbers', () => {
    expect(accepts('TickEvent[count<=10]', 'TickEvent', { count: 10 })).toBe(true);
    expect(accepts('TickEvent[count<=10]', 'TickEvent', { count: 11 })).toBe(false);
  });

  it('orders strings lexicographically when the value is not a number', () => {
    expect(accepts('LogLineEvent[line>b]', 'LogLineEvent', { line: 'c' })).toBe(true);
    expect(accepts('LogLineEvent[line>b]', 'LogLineEvent', { line: 'a' })).toBe(false);
    // Both sides are not numbers, so "10" < "9" as text.
    expect(accepts('LogLineEvent[line<9]', 'LogLineEvent', { line: '10' })).toBe(true);
  });

  it('~= searches the regex anywhere in the value as text', () => {
    expect(accepts('LogLineEvent[line~=wor]', 'LogLineEvent', { line: 'hello world' })).toBe(true);
    expect(accepts('TickEvent[count~=^4]', 'TickEvent', { count: 42 })).toBe(true);
    expect(accepts('LogLineEvent[line~=xyz]', 'LogLineEvent', { line: 'hello world' })).toBe(false);
  });

  it('~== matches the regex anchored at the start, not as a full match', () => {
    expect(accepts('LogLineEvent[line~==hel]', 'LogLineEvent', { line: 'hello world' })).toBe(true);
    expect(accepts('LogLineEvent[line~==wor]', 'LogLineEvent', { line: 'hello world' })).toBe(false);
    expect(accepts('LogLineEvent[line~==hello$]', 'LogLineEvent', { line: 'hello world' })).toBe(false);
  });

  it('~== stays anchored on every event (the sticky regex is reset)', () => {
    const { fired, session } = track('LogLineEvent[line~==ab]');
    session.handle(ev('LogLineEvent', { line: 'abab' }));
    session.handle(ev('LogLineEvent', { line: 'abab' }));
    session.handle(ev('LogLineEvent', { line: 'xab' }));
    expect(fired).toHaveLength(2);
  });

  it('<~ tests membership in an array', () => {
    const expr = 'MarathonDeploymentSuccessEvent[instances<~/app-1]';
    expect(accepts(expr, 'MarathonDeploymentSuccessEvent', { instances: ['/app-1', '/app-2'] })).toBe(true);
    expect(accepts(expr, 'MarathonDeploymentSuccessEvent', { instances: ['/app-2'] })).toBe(false);
  });

  it('<~ tests membership in a set and compares numbers as text', () => {
    expect(accepts('LogStaxMessageEvent[tags<~error]', 'LogStaxMessageEvent', { tags: new Set(['error', 'x']) })).toBe(true);
    expect(accepts('MetricUpdateEvent[value<~3]', 'MetricUpdateEvent', { value: [1, 2, 3] })).toBe(true);
  });

  it('<~ tests for a key of an object or Map', () => {
    expect(accepts('ParameterUpdateEvent[changes<~instances]', 'ParameterUpdateEvent', { changes: { instances: 1 } })).toBe(true);
    expect(accepts('ParameterUpdateEvent[changes<~instances]', 'ParameterUpdateEvent', { changes: { other: 1 } })).toBe(false);
    expect(accepts('ParameterUpdateEvent[changes<~instances]', 'ParameterUpdateEvent', { changes: new Map([['instances', 1]]) })).toBe(true);
  });

  it('<~ follows dict paths', () => {
    const expr = "LogStaxMessageEvent[fields.'nested'<~key]";
    expect(accepts(expr, 'LogStaxMessageEvent', { fields: { nested: { key: 1 } } })).toBe(true);
    expect(accepts(expr, 'LogStaxMessageEvent', { fields: { nested: { other: 1 } } })).toBe(false);
  });

  it('<~ tests its own attribute and value when it is not the last condition', () => {
    const expr = 'LogStaxMessageEvent[tags<~a, fields<~b, kind=x]';
    expect(accepts(expr, 'LogStaxMessageEvent', { tags: ['a'], fields: { b: 1 }, kind: 'x' })).toBe(true);
    expect(accepts(expr, 'LogStaxMessageEvent', { tags: ['b'], fields: { b: 1 }, kind: 'x' })).toBe(false);
    expect(accepts(expr, 'LogStaxMessageEvent', { tags: ['a'], fields: { a: 1 }, kind: 'x' })).toBe(false);
  });

  it('<~ strips the quotes of a quoted value', () => {
    expect(accepts("LogStaxMessageEvent[tags<~'a b']", 'LogStaxMessageEvent', { tags: ['a b'] })).toBe(true);
  });

  it('<~ fails on a value that is not a container', () => {
    expect(accepts('LogLineEvent[line<~a]', 'LogLineEvent', { line: 'abc' })).toBe(false);
  });

  it('ANDs several conditions of one term', () => {
    const expr = 'LogLineEvent[kind=stdout, line~=ok]';
    expect(accepts(expr, 'LogLineEvent', { kind: 'stdout', line: 'all ok' })).toBe(true);
    expect(accepts(expr, 'LogLineEvent', { kind: 'stderr', line: 'all ok' })).toBe(false);
    expect(accepts(expr, 'LogLineEvent', { kind: 'stdout', line: 'bad' })).toBe(false);
  });

  it('tolerates spaces around operators and values instead of dropping the condition', () => {
    const expr = 'TickEvent[ count = 5 , delta >= 0.5 ]';
    expect(accepts(expr, 'TickEvent', { count: 5, delta: 1 })).toBe(true);
    expect(accepts(expr, 'TickEvent', { count: 6, delta: 1 })).toBe(false);
  });

  it('accepts regex classes, counts and groups in unquoted values', () => {
    const expr = 'LogLineEvent[line~=^[0-9]{1,3}$, kind~=(out|err)]';
    expect(accepts(expr, 'LogLineEvent', { line: '123', kind: 'stdout' })).toBe(true);
    expect(accepts(expr, 'LogLineEvent', { line: '1234', kind: 'stdout' })).toBe(false);
  });

  it("accepts Python's (?P<name>...) regex groups", () => {
    expect(accepts('LogLineEvent[line~=(?P<n>\\d+)ms]', 'LogLineEvent', { line: 'took 12ms' })).toBe(true);
  });

  it('reads quoted values verbatim, commas and brackets included', () => {
    expect(accepts("LogLineEvent[line='a, b]']", 'LogLineEvent', { line: 'a, b]' })).toBe(true);
    expect(accepts('LogLineEvent[line=" padded "]', 'LogLineEvent', { line: ' padded ' })).toBe(true);
  });
});

describe('literal rules', () => {
  it('reads an all-digit value as a number that also matches the same text', () => {
    expect(accepts('MetricUpdateEvent[value=5]', 'MetricUpdateEvent', { value: 5 })).toBe(true);
    expect(accepts('LogLineEvent[line=5]', 'LogLineEvent', { line: '5' })).toBe(true);
    expect(accepts('LogLineEvent[line=5]', 'LogLineEvent', { line: '5.0' })).toBe(false);
    expect(accepts('MetricUpdateEvent[value=5]', 'MetricUpdateEvent', { value: 6 })).toBe(false);
  });

  it('reads decimal values as numbers, so 5.0 matches 5', () => {
    expect(accepts('MetricUpdateEvent[value=5.0]', 'MetricUpdateEvent', { value: 5 })).toBe(true);
    expect(accepts('MetricUpdateEvent[value<0.5]', 'MetricUpdateEvent', { value: 0.25 })).toBe(true);
    expect(accepts('MetricUpdateEvent[value>-1]', 'MetricUpdateEvent', { value: 0 })).toBe(true);
  });

  it('reads a quoted value as a string', () => {
    expect(accepts("MetricUpdateEvent[value='5']", 'MetricUpdateEvent', { value: '5' })).toBe(true);
    expect(accepts('MetricUpdateEvent[value="5"]', 'MetricUpdateEvent', { value: 5 })).toBe(false);
  });

  it('compares true/false/yes/no with boolean values', () => {
    expect(accepts('FlagUpdateEvent[value=true]', 'FlagUpdateEvent', { value: true })).toBe(true);
    expect(accepts('FlagUpdateEvent[value=yes]', 'FlagUpdateEvent', { value: true })).toBe(true);
    expect(accepts('FlagUpdateEvent[value=no]', 'FlagUpdateEvent', { value: false })).toBe(true);
    expect(accepts('FlagUpdateEvent[value=False]', 'FlagUpdateEvent', { value: true })).toBe(false);
    expect(accepts('FlagUpdateEvent[value!=true]', 'FlagUpdateEvent', { value: false })).toBe(true);
  });

  it('compares true/false/yes/no as text with string values', () => {
    expect(accepts('FlagUpdateEvent[value=true]', 'FlagUpdateEvent', { value: 'true' })).toBe(true);
    expect(accepts('FlagUpdateEvent[value=yes]', 'FlagUpdateEvent', { value: 'true' })).toBe(false);
  });

  it('reads any other unquoted value as a string', () => {
    expect(accepts('HTTPRequestStartEvent[verb=post]', 'HTTPRequestStartEvent', { verb: 'post' })).toBe(true);
    expect(accepts('MetricUpdateEvent[value=abc]', 'MetricUpdateEvent', { value: 0 })).toBe(false);
  });
});

describe('attribute paths', () => {
  it('follows a.b through nested objects', () => {
    const expr = 'ParameterUpdateEvent[parameters.instances>=10]';
    expect(accepts(expr, 'ParameterUpdateEvent', { parameters: { instances: 10 } })).toBe(true);
    expect(accepts(expr, 'ParameterUpdateEvent', { parameters: { instances: 9 } })).toBe(false);
  });

  it("looks up quoted segments as dict keys, dots inside the quotes included", () => {
    const fields = { logStaxField1: 'v1', 'a.b': 2 };
    expect(accepts("LogStaxMessageEvent[fields.'logStaxField1'=v1]", 'LogStaxMessageEvent', { fields })).toBe(true);
    expect(accepts("LogStaxMessageEvent[fields.'a.b'=2]", 'LogStaxMessageEvent', { fields })).toBe(true);
  });

  it('looks up keys of a Map', () => {
    expect(accepts("JMXMeasurement[fields.'heap'>100]", 'JMXMeasurement', { fields: new Map([['heap', 200]]) })).toBe(true);
  });

  it('fails the check, without throwing, for a missing attribute or dict key', () => {
    expect(accepts('LogLineEvent[nope=1]', 'LogLineEvent', { line: 'x' })).toBe(false);
    expect(accepts('LogLineEvent[nope!=1]', 'LogLineEvent', { line: 'x' })).toBe(false);
    expect(accepts("LogStaxMessageEvent[fields.'missing'=1]", 'LogStaxMessageEvent', { fields: {} })).toBe(false);
    expect(accepts('LogLineEvent[line.deeper=1]', 'LogLineEvent', { line: 'x' })).toBe(false);
    expect(accepts('LogLineEvent[nope~=x]', 'LogLineEvent', { line: 'x' })).toBe(false);
  });

  it('fails the check, without throwing, when the types cannot be compared', () => {
    expect(accepts('ParameterUpdateEvent[parameters>5]', 'ParameterUpdateEvent', { parameters: { a: 1 } })).toBe(false);
    expect(accepts('ParameterUpdateEvent[parameters=5]', 'ParameterUpdateEvent', { parameters: null })).toBe(false);
  });

  it('fails the check, without throwing, when reading the value throws', () => {
    const hostile = { toString: () => { throw new Error('boom'); } };
    expect(accepts('LogLineEvent[line~=x]', 'LogLineEvent', { line: hostile })).toBe(false);
  });
});

describe('trace filtering', () => {
  it('accepts events of every trace when traceids is null', () => {
    const { fired, session } = track('TickEvent', null);
    session.handle(ev('TickEvent', {}, T1));
    session.handle(ev('TickEvent'));
    expect(fired).toHaveLength(2);
    expect(session.traceids).toBeNull();
  });

  it('accepts only events sharing a trace id with the session', () => {
    const { fired, session } = track('TickEvent', T1);
    session.handle(ev('TickEvent', {}, T1));
    session.handle(ev('TickEvent', {}, T2));
    session.handle(ev('TickEvent', {}, [T2, T1]));
    expect(fired).toHaveLength(2);
    expect(session.traceids).toEqual(new Set([T1]));
  });

  it('takes any iterable of trace ids', () => {
    const { fired, session } = track('TickEvent', [T1, T2]);
    session.handle(ev('TickEvent', {}, T2));
    expect(fired).toHaveLength(1);
  });

  it('accepts nothing with an empty trace set', () => {
    const { fired, session } = track('TickEvent', []);
    session.handle(ev('TickEvent', {}, T1));
    session.handle(ev('TickEvent'));
    expect(fired).toHaveLength(0);
  });

  it('extends the trace set with addTraceId', () => {
    const { fired, session } = track('TickEvent', []);
    session.handle(ev('TickEvent', {}, T1));
    session.addTraceId(T1);
    session.handle(ev('TickEvent', {}, T1));
    expect(fired).toHaveLength(1);
    expect(session.traceids).toEqual(new Set([T1]));
  });

  it('turns an untraced session into a traced one on addTraceId', () => {
    const { fired, session } = track('TickEvent', null);
    session.addTraceId(T1);
    session.handle(ev('TickEvent', {}, T2));
    session.handle(ev('TickEvent', {}, T1));
    expect(fired).toHaveLength(1);
    expect(session.traceids).toEqual(new Set([T1]));
  });

  it(':notrace accepts events outside the session trace', () => {
    const { fired, session } = track('TickEvent:notrace LogLineEvent', []);
    session.handle(ev('TickEvent', {}, T1));
    session.handle(ev('LogLineEvent', {}, T1));
    expect(fired.map((e) => e.event)).toEqual(['TickEvent']);
  });
});

describe('selectors', () => {
  it(':first fires for the first accepted event only', () => {
    const { fired, session } = track('TickEvent:first');
    const first = ev('TickEvent');
    session.handle(first);
    session.handle(ev('TickEvent'));
    expect(fired).toEqual([first]);
  });

  it(':first is one session-wide flag shared by all terms', () => {
    const { fired, session } = track('TickEvent:first LogLineEvent:first');
    session.handle(ev('TickEvent'));
    session.handle(ev('LogLineEvent'));
    expect(fired.map((e) => e.event)).toEqual(['TickEvent']);
  });

  it(':first is per session', () => {
    const filter = new EventFilter('TickEvent:first');
    const fired: Event[] = [];
    const a = filter.start(null, (e) => fired.push(e));
    const b = filter.start(null, (e) => fired.push(e));
    a.handle(ev('TickEvent'));
    b.handle(ev('TickEvent'));
    expect(fired).toHaveLength(2);
  });

  it(':last fires nothing until finalize, then the last accepted event', () => {
    const { fired, session } = track('TickEvent:last');
    session.handle(ev('TickEvent'));
    const last = ev('TickEvent');
    session.handle(last);
    session.handle(ev('LogLineEvent'));
    expect(fired).toHaveLength(0);
    session.finalize();
    expect(fired).toEqual([last]);
  });

  it(':last fires once even when finalize is called twice', () => {
    const { fired, session } = track('TickEvent:last');
    session.handle(ev('TickEvent'));
    session.finalize();
    session.finalize();
    expect(fired).toHaveLength(1);
  });

  it('finalize fires nothing when :last saw no event', () => {
    const { fired, session } = track('TickEvent:last');
    session.finalize();
    expect(fired).toHaveLength(0);
  });

  it(':nth(n) fires for the n-th accepted event only', () => {
    const { fired, session } = track('TickEvent:nth(3)');
    const events = [1, 2, 3, 4, 5].map((count) => ev('TickEvent', { count }));
    for (const e of events) session.handle(e);
    expect(fired).toEqual([events[2]]);
  });

  it(':nth(n,grp) shares one counter between the terms of a group', () => {
    const { fired, session } = track('TickEvent:nth(3,g) LogLineEvent:nth(3,g)');
    session.handle(ev('TickEvent'));
    session.handle(ev('LogLineEvent'));
    const third = ev('TickEvent');
    session.handle(third);
    session.handle(ev('LogLineEvent'));
    expect(fired).toEqual([third]);
  });

  it(':nth without a group counts each term separately', () => {
    const { fired, session } = track('TickEvent:nth(2) LogLineEvent:nth(2)');
    session.handle(ev('TickEvent'));
    session.handle(ev('LogLineEvent'));
    session.handle(ev('TickEvent'));
    session.handle(ev('LogLineEvent'));
    expect(fired.map((e) => e.event)).toEqual(['TickEvent', 'LogLineEvent']);
  });

  it(':nth counters are per session', () => {
    const filter = new EventFilter('TickEvent:nth(2)');
    const fired: Event[] = [];
    const a = filter.start(null, (e) => fired.push(e));
    const b = filter.start(null, (e) => fired.push(e));
    a.handle(ev('TickEvent'));
    b.handle(ev('TickEvent'));
    expect(fired).toHaveLength(0);
    a.handle(ev('TickEvent'));
    expect(fired).toHaveLength(1);
  });

  it(':single fires once across all sessions and filters of the process', () => {
    const fired: Event[] = [];
    const a = new EventFilter('TickEvent:single').start(null, (e) => fired.push(e));
    const first = ev('TickEvent');
    a.handle(first);
    a.handle(ev('TickEvent'));
    const b = new EventFilter('TickEvent:single').start(null, (e) => fired.push(e));
    b.handle(ev('TickEvent'));
    expect(fired).toEqual([first, first]);
  });

  it(':single fires at start() for a term that already matched elsewhere', () => {
    track('TickEvent:single').session.handle(ev('TickEvent'));
    const { fired } = track('TickEvent:single');
    expect(fired.map((e) => e.event)).toEqual(['TickEvent']);
  });

  it(':single is keyed by the whole term, so different attributes are different singles', () => {
    track('TickEvent[count=1]:single').session.handle(ev('TickEvent', { count: 1 }));
    const { fired, session } = track('TickEvent[count=2]:single');
    expect(fired).toHaveLength(0);
    session.handle(ev('TickEvent', { count: 2 }));
    expect(fired).toHaveLength(1);
  });

  it('resetSingleRegistry forgets every :single match', () => {
    track('TickEvent:single').session.handle(ev('TickEvent'));
    resetSingleRegistry();
    expect(track('TickEvent:single').fired).toHaveLength(0);
  });

  it('a term with only :notrace fires for every accepted event', () => {
    const { fired, session } = track('TickEvent:notrace', [T1]);
    session.handle(ev('TickEvent'));
    session.handle(ev('TickEvent'));
    expect(fired).toHaveLength(2);
  });
});

describe(':after', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it(':after(1.5s) fires 1.5 seconds after the last accepted event', () => {
    vi.useFakeTimers();
    const { fired, session } = track('TickEvent:after(1.5s)');
    session.handle(ev('TickEvent', { count: 1 }));
    vi.advanceTimersByTime(1000);
    const second = ev('TickEvent', { count: 2 });
    session.handle(second);
    vi.advanceTimersByTime(1499);
    expect(fired).toHaveLength(0);
    vi.advanceTimersByTime(1);
    expect(fired).toEqual([second]);
    vi.advanceTimersByTime(10_000);
    expect(fired).toHaveLength(1);
  });

  it(':after(500ms) takes milliseconds', () => {
    vi.useFakeTimers();
    const { fired, session } = track('TickEvent:after(500ms)');
    session.handle(ev('TickEvent'));
    vi.advanceTimersByTime(499);
    expect(fired).toHaveLength(0);
    vi.advanceTimersByTime(1);
    expect(fired).toHaveLength(1);
  });

  it(':after fires with a real timer', async () => {
    const { fired, session } = track('TickEvent:after(30ms)');
    session.handle(ev('TickEvent'));
    await new Promise((resolve) => setTimeout(resolve, 80));
    expect(fired).toHaveLength(1);
  });

  it(':after timers never keep the process alive (they are unref-ed)', () => {
    const before = timeouts();
    const { session } = track('TickEvent:after(1h)');
    session.handle(ev('TickEvent'));
    expect(timeouts()).toBe(before);
    session.finalize();
  });

  it('finalize fires a pending :after at once and cancels its timer', () => {
    vi.useFakeTimers();
    const { fired, session } = track('TickEvent:after(2s)');
    const e = ev('TickEvent');
    session.handle(e);
    session.finalize();
    expect(fired).toEqual([e]);
    vi.advanceTimersByTime(10_000);
    expect(fired).toEqual([e]);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('finalize fires a pending :after before the :last event', () => {
    const { fired, session } = track('TickEvent:after(1h) LogLineEvent:last');
    session.handle(ev('LogLineEvent'));
    session.handle(ev('TickEvent'));
    session.finalize();
    expect(fired.map((e) => e.event)).toEqual(['TickEvent', 'LogLineEvent']);
  });

  it('finalize fires nothing for an :after that already fired', () => {
    vi.useFakeTimers();
    const { fired, session } = track('TickEvent:after(1s)');
    session.handle(ev('TickEvent'));
    vi.advanceTimersByTime(1000);
    session.finalize();
    expect(fired).toHaveLength(1);
  });

  it('reports an exception thrown by an :after callback as a warning instead of crashing', () => {
    vi.useFakeTimers();
    const warn = vi.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    try {
      const session = new EventFilter('TickEvent:after(1s)').start(null, () => {
        throw new Error('callback failed');
      });
      session.handle(ev('TickEvent'));
      vi.advanceTimersByTime(1000);
      expect(warn).toHaveBeenCalledWith(expect.objectContaining({ message: 'callback failed' }), 'EventFilterWarning');
    } finally {
      warn.mockRestore();
    }
  });
});

describe(':not(...)', () => {
  it('fires for every event the inner expression does not match', () => {
    const { fired, session } = track(':not(TickEvent)');
    session.handle(ev('TickEvent'));
    session.handle(ev('LogLineEvent'));
    session.handle(ev('StartEvent'));
    expect(fired.map((e) => e.event)).toEqual(['LogLineEvent', 'StartEvent']);
  });

  it('negates attribute conditions and OR-ed terms', () => {
    const { fired, session } = track(':not(LogLineEvent[kind=stderr] TickEvent)');
    session.handle(ev('LogLineEvent', { kind: 'stderr' }));
    session.handle(ev('LogLineEvent', { kind: 'stdout' }));
    session.handle(ev('TickEvent'));
    expect(fired.map((e) => e.kind)).toEqual(['stdout']);
  });

  it('is reported by the negated flag and case-insensitive', () => {
    const filter = new EventFilter('  :NOT(TickEvent) ');
    expect(filter.negated).toBe(true);
    expect(filter.eventNames).toEqual(['TickEvent']);
  });

  it('still applies the session trace', () => {
    const { fired, session } = track(':not(TickEvent)', [T1]);
    session.handle(ev('LogLineEvent', {}, T2));
    session.handle(ev('LogLineEvent', {}, T1));
    expect(fired).toHaveLength(1);
  });

  it('ignores the session trace when a term inside has :notrace', () => {
    const { fired, session } = track(':not(TickEvent:notrace)', [T1]);
    session.handle(ev('LogLineEvent', {}, T2));
    session.handle(ev('TickEvent', {}, T2));
    expect(fired.map((e) => e.event)).toEqual(['LogLineEvent']);
  });
});

describe('errors', () => {
  const error = (expression: string) => {
    try {
      new EventFilter(expression);
    } catch (err) {
      return (err as Error).message;
    }
    throw new Error(`"${expression}" was accepted`);
  };

  it('rejects an expression with no term', () => {
    expect(error('')).toBe('Invalid event filter "": no event name found (expected something like "EventName[attr=value]:selector")');
    expect(error(' , ')).toContain('no event name found');
  });

  it('rejects a value that is not a string', () => {
    expect(() => new EventFilter(42 as unknown as string)).toThrow('Invalid event filter: expected a string, got number');
  });

  it('rejects an unknown event name and suggests the closest known one', () => {
    expect(error('TickEvnt')).toBe('Invalid event filter "TickEvnt": unknown event "TickEvnt"; did you mean TickEvent?');
    expect(error('httprequeststartevent')).toContain('did you mean HTTPRequestStartEvent?');
  });

  it('rejects an unknown event name without a suggestion when nothing is close', () => {
    expect(error('TickEvent Zzzzzzzzzzzzzz')).toBe('Invalid event filter "TickEvent Zzzzzzzzzzzzzz": unknown event "Zzzzzzzzzzzzzz"');
  });

  it('rejects characters that are neither terms nor separators', () => {
    expect(error('TickEvent | LogLineEvent')).toBe('Invalid event filter "TickEvent | LogLineEvent": expected an event name at "| LogLineEvent"');
    expect(error('TickEvent[count=1]x')).toContain('unexpected "x" after "TickEvent[count=1]"');
  });

  it('rejects an unknown selector and suggests the closest one', () => {
    expect(error('TickEvent:frist')).toBe(
      'Invalid event filter "TickEvent:frist": unknown selector ":frist"; did you mean :first?; valid selectors are :first, :last, :nth(n), :nth(n,grp), :single, :after(T), :notrace',
    );
  });

  it('rejects a ":" without a selector name', () => {
    expect(error('TickEvent:')).toContain('expected a selector name after ":"');
  });

  it('rejects a selector with a missing ")"', () => {
    expect(error('TickEvent:nth(2')).toContain('missing ")" in selector ":nth(2"');
  });

  it('rejects an argument to a selector that takes none', () => {
    expect(error('TickEvent:first(2)')).toContain('selector ":first" takes no argument');
    expect(error('TickEvent:notrace(x)')).toContain('selector ":notrace" takes no argument');
  });

  it('rejects two selectors that would compete in one term', () => {
    expect(error('TickEvent:first:last')).toContain('selectors ":first" and ":last" cannot be combined in one term');
  });

  it('rejects an invalid :after time', () => {
    expect(error('TickEvent:after(soon)')).toBe('Invalid event filter "TickEvent:after(soon)": event selector `:after(soon)` contains an invalid time expression');
    expect(error('TickEvent:after()')).toContain('contains an invalid time expression');
    expect(error('TickEvent:after(-1s)')).toContain('contains an invalid time expression');
  });

  it('rejects :after without a time', () => {
    expect(error('TickEvent:after')).toContain('selector ":after" needs a time');
  });

  it('rejects an :after delay beyond what a Node timer can wait', () => {
    expect(error('TickEvent:after(1000h)')).toContain('is longer than the 24-day timer limit');
  });

  it('rejects :nth without a positive count or with an empty group', () => {
    for (const bad of ['TickEvent:nth', 'TickEvent:nth(0)', 'TickEvent:nth(x)', 'TickEvent:nth(1,)', 'TickEvent:nth(1,a,b)']) {
      expect(error(bad)).toContain('needs a positive count and an optional group');
    }
  });

  it('rejects an unknown operator', () => {
    expect(error('TickEvent[count=>5]')).toBe(
      'Invalid event filter "TickEvent[count=>5]": unknown operator "=>" in condition "count=>5" (use =, ==, !=, >, >=, <, <=, ~=, ~== or <~)',
    );
  });

  it('rejects a condition without an operator', () => {
    expect(error('TickEvent[count]')).toContain('condition "count" has no operator');
  });

  it('rejects a condition without a value', () => {
    expect(error('TickEvent[count=]')).toContain('condition "count=" has no value');
  });

  it('rejects a condition without an attribute name', () => {
    expect(error('TickEvent[=5]')).toContain('condition "=5" has no attribute name');
  });

  it('rejects an attribute path ending with a dot', () => {
    expect(error('TickEvent[a.=5]')).toContain('attribute path in "a.=5" ends with "."');
  });

  it('rejects a missing "]"', () => {
    expect(error('TickEvent[count=5')).toContain('missing "]" after "[count=5"');
  });

  it('rejects an unclosed quote', () => {
    expect(error("LogLineEvent[line='abc]")).toContain(`unclosed ' in condition "line='abc"`);
  });

  it('rejects text after a quoted value', () => {
    expect(error("LogLineEvent[line='a'b]")).toContain('unexpected "b]" after the value of condition "line=\'a\'"');
  });

  it('rejects an invalid regular expression', () => {
    expect(error('LogLineEvent[line~=*a]')).toContain('invalid regular expression in condition "line~=*a": Invalid regular expression');
  });

  it('rejects unbalanced brackets in an unquoted value', () => {
    expect(error('LogLineEvent[line~=(a]')).toContain('unbalanced brackets in condition "line~=(a" (quote the value to use them freely)');
  });

  it('rejects :not that does not wrap the whole expression', () => {
    expect(error(':not(TickEvent) LogLineEvent')).toContain('`:not(...)` must wrap the whole expression');
    expect(error('TickEvent:not(LogLineEvent)')).toContain('`:not(...)` must wrap the whole expression');
  });

  it('rejects nested :not', () => {
    expect(error(':not(:not(TickEvent))')).toContain('`:not(...)` cannot be nested');
  });

  it('rejects selectors other than :notrace inside :not', () => {
    expect(error(':not(TickEvent:first)')).toContain('selector ":first" cannot be used inside :not(...); only :notrace can');
  });

  it('puts a multi-line expression on one line in the message', () => {
    expect(error('TickEvent\n  Nope')).toMatch(/^Invalid event filter "TickEvent Nope": unknown event "Nope"/);
  });
});
