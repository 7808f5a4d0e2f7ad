import { describe, expect, it } from 'vitest';
import { BasicFilter } from '../../src/logstax/BasicFilter.js';
import { FieldTemplate } from '../../src/logstax/FieldTemplate.js';
import { GrokCompiler } from '../../src/logstax/GrokCompiler.js';
import { GrokFilter } from '../../src/logstax/GrokFilter.js';
import { LogStaxConfigError } from '../../src/logstax/LogStaxConfigError.js';
import { LogStaxMessage } from '../../src/logstax/LogStaxMessage.js';

const line = (text: string) => LogStaxMessage.fromLine(text);

describe('GrokFilter', () => {
  it('adds the captures of a matching field and reports a match', () => {
    const message = line('GET 200');
    expect(new GrokFilter({ type: 'grok', match: { message: '%{WORD:verb} %{INT:status:int}' } }).filter(message)).toBe(true);
    expect(message.fields).toEqual({ message: 'GET 200', verb: 'GET', status: 200 });
  });

  it('leaves a message that does not match untouched and reports no match', () => {
    const message = line('nothing here');
    expect(new GrokFilter({ match: { message: '%{INT:n}' }, add_tag: ['x'] }).filter(message)).toBe(false);
    expect(message.fields).toEqual({ message: 'nothing here' });
    expect([...message.tags]).toEqual([]);
  });

  it('adds no failure tag by default, but tag_on_failure adds the given tags on no match', () => {
    const message = line('nothing here');
    new GrokFilter({ match: { message: '%{INT:n}' }, tag_on_failure: ['_grokparsefailure'] }).filter(message);
    expect([...message.tags]).toEqual(['_grokparsefailure']);
    const matched = line('5');
    new GrokFilter({ match: { message: '%{INT:n}' }, tag_on_failure: ['_grokparsefailure'] }).filter(matched);
    expect(matched.tags.size).toBe(0);
  });

  it('does not replace an existing field unless it is listed in overwrite', () => {
    const kept = line('hello world');
    new GrokFilter({ match: { message: '%{WORD:message} %{WORD:second}' } }).filter(kept);
    expect(kept.fields).toEqual({ message: 'hello world', second: 'world' });

    const replaced = line('hello world');
    new GrokFilter({ match: { message: '%{WORD} %{GREEDYDATA:message}' }, overwrite: ['message'] }).filter(replaced);
    expect(replaced.fields).toEqual({ message: 'world' });
  });

  it('matches a missing field as the empty string', () => {
    const message = line('x');
    expect(new GrokFilter({ match: { absent: '^$' }, add_tag: ['empty'] }).filter(message)).toBe(true);
    expect(message.hasTag('empty')).toBe(true);
  });

  it('matches a non-string field by its text', () => {
    const message = new LogStaxMessage({ n: 42 });
    new GrokFilter({ match: { n: '%{INT:digits}' } }).filter(message);
    expect(message.fields.digits).toBe('42');
  });

  it('tries a list of patterns for one field in order and stops at the first match', () => {
    const filter = new GrokFilter({ match: { message: ['^%{INT:num:int}$', '^%{WORD:word}$', '^%{WORD:late}'] } });
    const a = line('17');
    const b = line('abc');
    expect(filter.filter(a)).toBe(true);
    expect(filter.filter(b)).toBe(true);
    expect(a.fields).toEqual({ message: '17', num: 17 });
    expect(b.fields).toEqual({ message: 'abc', word: 'abc' });
  });

  it('matches several fields; any one matching counts, and each match adds its captures', () => {
    const filter = new GrokFilter({ match: { a: 'x=%{INT:x}', b: 'y=%{INT:y}' }, add_tag: ['hit'] });
    const both = new LogStaxMessage({ a: 'x=1', b: 'y=2' });
    const one = new LogStaxMessage({ a: 'nope', b: 'y=2' });
    expect(filter.filter(both)).toBe(true);
    expect(filter.filter(one)).toBe(true);
    expect(both.fields).toMatchObject({ x: '1', y: '2' });
    expect(one.fields).toMatchObject({ y: '2' });
    expect(one.hasField('x')).toBe(false);
    expect(one.hasTag('hit')).toBe(true);
  });

  it('add_field adds fields whose keys and values may reference fields as %{field}', () => {
    const message = line('alice 3');
    new GrokFilter({
      match: { message: '%{WORD:user} %{INT:n:int}' },
      add_field: { source: 'grok', greeting: 'hi %{user} (%{n})', 'by_%{user}': '%{missing}', count: 1 },
    }).filter(message);
    expect(message.fields).toMatchObject({ source: 'grok', greeting: 'hi alice (3)', by_alice: '%{missing}', count: 1 });
  });

  it('remove_field removes fields and remove_tag removes tags, separately', () => {
    const message = new LogStaxMessage({ message: 'v 1', source: 'x', keep: 'y' }, ['bar', 'baz', 'source']);
    new GrokFilter({
      match: { message: 'v %{INT:n}' },
      add_tag: ['foo', 'bar'],
      remove_tag: ['bar', 'baz'],
      remove_field: ['source'],
    }).filter(message);
    expect([...message.tags].sort()).toEqual(['foo', 'source']);
    expect(message.fields).toEqual({ message: 'v 1', keep: 'y', n: '1' });
  });

  it('removing an absent tag or field is not an error', () => {
    const message = line('1');
    expect(() => new GrokFilter({ match: { message: '%{INT}' }, remove_tag: ['nope'], remove_field: ['nope'] }).filter(message)).not.toThrow();
  });

  it('applies add_tag, remove_tag, add_field, remove_field in that order', () => {
    const message = line('1');
    new GrokFilter({
      match: { message: '%{INT}' },
      add_tag: ['t'],
      remove_tag: ['t'],
      add_field: { f: 'v' },
      remove_field: ['f'],
    }).filter(message);
    expect(message.tags.size).toBe(0);
    expect(message.hasField('f')).toBe(false);
  });

  it('tags may reference fields', () => {
    const message = line('level=warn');
    new GrokFilter({ match: { message: 'level=%{WORD:level}' }, add_tag: ['lvl_%{level}'] }).filter(message);
    expect(message.hasTag('lvl_warn')).toBe(true);
  });

  it('accepts a single string where a list is expected', () => {
    const message = line('1');
    new GrokFilter({ match: { message: '%{INT}' }, add_tag: 'one' }).filter(message);
    expect(message.hasTag('one')).toBe(true);
  });

  it('pattern_definitions adds custom patterns for this filter only', () => {
    const message = line('id=AB-12');
    new GrokFilter({ match: { message: 'id=%{TICKET:ticket}' }, pattern_definitions: { TICKET: '[A-Z]+-\\d+' } }).filter(message);
    expect(message.fields.ticket).toBe('AB-12');
    expect(() => new GrokFilter({ match: { message: '%{TICKET}' } })).toThrow(/Unknown grok pattern %\{TICKET\}/);
  });

  it('uses the compiler it is given', () => {
    const compiler = new GrokCompiler({ MINE: 'x+' });
    const message = line('xxx');
    expect(new GrokFilter({ match: { message: '%{MINE:m}' } }, 'grok', compiler).filter(message)).toBe(true);
    expect(message.fields.m).toBe('xxx');
  });

  it('reports a bad pattern as a config error located at the match entry', () => {
    try {
      new GrokFilter({ match: { message: ['%{INT}', '%{NOPE}'] } }, 'filters[2]');
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(LogStaxConfigError);
      expect((e as LogStaxConfigError).path).toBe('filters[2].match.message[1]');
      expect((e as Error).message).toMatch(/Unknown grok pattern %\{NOPE\}/);
    }
  });

  it('requires match and rejects unknown options with a suggestion', () => {
    expect(() => new GrokFilter({})).toThrow(/needs `match/);
    expect(() => new GrokFilter({ match: { message: 'x' }, add_tags: ['x'] })).toThrow(/unknown option `add_tags` \(did you mean `add_tag`\?\)/);
    expect(() => new GrokFilter({ match: 'x' })).toThrow(/grok\.match: expected a mapping/);
  });
});

describe('BasicFilter', () => {
  it('always matches and applies the add/remove options', () => {
    const message = new LogStaxMessage({ message: 'm', old: 1 }, ['gone']);
    expect(
      new BasicFilter({ type: 'basic', add_tag: ['new'], remove_tag: ['gone'], add_field: { a: '%{message}!' }, remove_field: ['old'] }).filter(message),
    ).toBe(true);
    expect([...message.tags]).toEqual(['new']);
    expect(message.fields).toEqual({ message: 'm', a: 'm!' });
  });

  it('rejects grok-only options', () => {
    expect(() => new BasicFilter({ match: { message: 'x' } })).toThrow(/unknown option `match`/);
  });
});

describe('LogStaxMessage and FieldTemplate', () => {
  it('keeps any field name, even one that collides with Object.prototype', () => {
    const message = new LogStaxMessage();
    expect(message.hasField('constructor')).toBe(false);
    message.addField('__proto__', 'x').addField('constructor', 'y');
    expect(message.getField('__proto__')).toBe('x');
    expect(Object.keys(message.fields)).toEqual(['__proto__', 'constructor']);
  });

  it('copies the fields and tags it is given', () => {
    const fields = { a: 1 };
    const message = new LogStaxMessage(fields, ['t']);
    message.addField('b', 2);
    expect(fields).toEqual({ a: 1 });
    expect(message.hasTag('t')).toBe(true);
  });

  it('renders references, leaving missing and null ones literal', () => {
    const template = new FieldTemplate('%{a}-%{b}-%{c}-%{d}');
    expect(template.render({ a: 'x', b: 2, c: null, d: { k: [1] } })).toBe('x-2-%{c}-{"k":[1]}');
    expect(new FieldTemplate('plain').render({ plain: 'x' })).toBe('plain');
  });
});
