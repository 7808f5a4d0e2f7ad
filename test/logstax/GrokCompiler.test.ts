import { describe, expect, it } from 'vitest';
import { GrokCompiler } from '../../src/logstax/GrokCompiler.js';
import { PatternError } from '../../src/logstax/PatternError.js';

describe('GrokCompiler references', () => {
  const grok = new GrokCompiler();

  it('%{PATTERN} matches without producing a field', () => {
    expect(grok.compile('%{WORD} end').match('hello end')).toEqual({});
  });

  it('%{PATTERN:name} produces a string field', () => {
    expect(grok.compile('%{WORD:w}').match('hello')).toEqual({ w: 'hello' });
  });

  it('%{PATTERN:name:int} and :float convert the value', () => {
    expect(grok.compile('%{INT:a:int} %{NUMBER:b:float} %{NUMBER:c:int}').match('-42 3.5 7.9')).toEqual({ a: -42, b: 3.5, c: 7 });
  });

  it('a typed capture that is not a number keeps its text', () => {
    expect(grok.compile('%{WORD:n:int}').match('abc')).toEqual({ n: 'abc' });
  });

  it('an unknown type is a clear error', () => {
    expect(() => grok.compile('%{INT:n:long}')).toThrow(/Unknown grok type "long"/);
  });

  it('field names may contain dots, dashes and brackets', () => {
    expect(grok.compile('%{WORD:http.verb} %{INT:status-code:int} %{WORD:[a][b]}').match('GET 200 x')).toEqual({
      'http.verb': 'GET',
      'status-code': 200,
      '[a][b]': 'x',
    });
  });

  it('searches anywhere in the text, like pygrok 1.0.0', () => {
    expect(grok.compile('you said %{NUMBER:n}').match('xx you said 4.5 yy')).toEqual({ n: '4.5' });
  });

  it('returns null when the pattern does not occur', () => {
    expect(grok.compile('%{INT:n}').match('no digits')).toBeNull();
  });

  it('named groups that did not participate are null', () => {
    expect(grok.compile('(?:%{INT:num}|%{WORD:word})').match('abc')).toEqual({ num: null, word: 'abc' });
  });

  it('a field captured twice takes the first participating group', () => {
    expect(grok.compile('(?:n=%{INT:v:int}|w=%{WORD:v})').match('w=abc')).toEqual({ v: 'abc' });
    expect(grok.compile('(?:n=%{INT:v:int}|w=%{WORD:v})').match('n=5')).toEqual({ v: 5 });
  });

  it('nested references resolve recursively and keep their inner field names', () => {
    const custom = new GrokCompiler({ INNER: '%{INT:inner:int}', OUTER: '<%{INNER}>', TOP: '%{OUTER:outer}' });
    expect(custom.compile('%{TOP}').match('a <12> b')).toEqual({ outer: '<12>', inner: 12 });
  });

  it('custom definitions may replace a base pattern', () => {
    const custom = new GrokCompiler({ WORD: '[a-z]+' });
    expect(custom.compile('%{WORD:w}').match('ABC def')).toEqual({ w: 'def' });
  });

  it('an unknown pattern is an error naming it, with a suggestion', () => {
    expect(() => grok.compile('%{NUMBR:n}')).toThrow(PatternError);
    expect(() => grok.compile('%{NUMBR:n}')).toThrow(/Unknown grok pattern %\{NUMBR\}.*did you mean `NUMBER`/);
  });

  it('an unknown pattern inside a definition names the definition that uses it', () => {
    const custom = new GrokCompiler({ OUTER: 'x %{MISSING}' });
    expect(() => custom.compile('%{OUTER}')).toThrow(/Unknown grok pattern %\{MISSING\} \(used by %\{OUTER\}\)/);
  });

  it('a reference cycle is an error that shows the cycle', () => {
    const custom = new GrokCompiler({ A: 'a%{B}', B: 'b%{C}', C: 'c%{A}' });
    expect(() => custom.compile('%{A}')).toThrow('Grok pattern cycle %{A} -> %{B} -> %{C} -> %{A}');
    const self = new GrokCompiler({ SELF: '(?:x|%{SELF:s})' });
    expect(() => self.compile('%{SELF}')).toThrow(/cycle %\{SELF\} -> %\{SELF\}/);
  });

  it('a pattern used twice side by side is not a cycle', () => {
    expect(grok.compile('%{INT:a} %{INT:b}').match('1 2')).toEqual({ a: '1', b: '2' });
  });

  it('a malformed reference is an error', () => {
    expect(() => grok.compile('%{INT:}')).toThrow(/Malformed grok reference %\{INT:\}/);
    expect(() => grok.compile('%{bad name}')).toThrow(/Malformed/);
  });

  it('an invalid custom pattern name is rejected', () => {
    expect(() => new GrokCompiler({ 'BAD-NAME': 'x' })).toThrow(/Invalid grok pattern name/);
  });

  it('invalid regular expression syntax is an error naming the grok pattern', () => {
    expect(() => grok.compile('%{WORD:w} (unclosed')).toThrow(/Invalid grok pattern "%\{WORD:w\} \(unclosed": missing closing parenthesis/);
    expect(() => grok.compile('a**')).toThrow(/nothing to repeat/);
  });

  it('compiles each distinct pattern once and caches it', () => {
    const custom = new GrokCompiler();
    const first = custom.compile('%{WORD:w} %{INT:n:int}');
    expect(custom.compile('%{WORD:w} %{INT:n:int}')).toBe(first);
    expect(custom.compile('%{WORD:w}  %{INT:n:int}')).not.toBe(first);
  });

  it('shares one compiler for the base library', () => {
    expect(GrokCompiler.shared).toBe(GrokCompiler.shared);
    expect(GrokCompiler.shared.patternNames).toContain('COMBINEDAPACHELOG');
  });

  it('lists the fields a pattern produces', () => {
    expect(grok.compile('%{SYSLOGPROG} (?<rest>.*)').fieldNames).toEqual(['program', 'pid', 'rest']);
  });
});

describe('GrokCompiler Oniguruma syntax', () => {
  const grok = new GrokCompiler();

  it('(?<name>...) named groups produce fields', () => {
    expect(grok.compile('^%{IP:host} - (?<user>%{WORD}|-)').match('10.0.0.1 - bob rest')).toEqual({ host: '10.0.0.1', user: 'bob' });
  });

  it("(?P<name>...) and (?'name'...) named groups produce fields too", () => {
    expect(grok.compile("(?P<a>\\d+)-(?'b'\\d+)").match('12-34')).toEqual({ a: '12', b: '34' });
  });

  it('backreferences by number and by name follow group renumbering', () => {
    expect(grok.compile('(a|b)-%{WORD:w}-\\1').match('b-xyz-b')).toEqual({ w: 'xyz' });
    expect(grok.compile('(a|b)-%{WORD:w}-\\1').match('b-xyz-a')).toBeNull();
    expect(grok.compile('(?<q>[\'"]).*?\\k<q>').match('say "hi" now')).toEqual({ q: '"' });
    expect(grok.compile('(?P<q>x)(?P=q)').match('xx')).toEqual({ q: 'x' });
    expect(grok.compile('%{WORD:w} \\k<w>').match('echo echo')).toEqual({ w: 'echo' });
    expect(grok.compile('%{WORD:w} \\k<w>').match('echo other')).toBeNull();
  });

  it('a backreference to a missing group is an error', () => {
    expect(() => grok.compile('(a)\\2')).toThrow(/unknown group 2/);
    expect(() => grok.compile('\\k<nope>')).toThrow(/unknown group nope/);
  });

  it('(?>...) atomic groups do not give back what they matched', () => {
    expect(grok.compile('^(?>a+)a').match('aaa')).toBeNull();
    expect(grok.compile('^(?:a+)a').match('aaa')).toEqual({});
    expect(grok.compile('^(?>(?<x>a|ab))c').match('abc')).toBeNull();
    expect(grok.compile('^(?>(?<x>ab|a))c').match('abc')).toEqual({ x: 'ab' });
  });

  it('possessive quantifiers behave atomically', () => {
    expect(grok.compile('^a++a').match('aaa')).toBeNull();
    expect(grok.compile('^a*+b').match('aab')).toEqual({});
    expect(grok.compile('^"[^"]*+"').match('"x"')).toEqual({});
    expect(grok.compile('^(?<d>\\d){2,3}+\\d').match('1234')).toEqual({ d: '3' });
    expect(grok.compile('^(?<d>\\d){2,3}+\\d').match('123')).toBeNull();
  });

  it('\\A and \\Z / \\z anchor at the ends of the whole text', () => {
    expect(grok.compile('\\A%{WORD:w}').match('abc def')).toEqual({ w: 'abc' });
    expect(grok.compile('%{WORD:w}\\Z').match('abc def')).toEqual({ w: 'def' });
    expect(grok.compile('%{WORD:w}\\z').match('abc def')).toEqual({ w: 'def' });
    expect(grok.compile('(?m)\\Ab').match('a\nb')).toBeNull();
  });

  it('`.` stops only at \\n, so CRLF lines still match up to their end', () => {
    expect(grok.compile('%{GREEDYDATA:rest}$').match('x\r')).toEqual({ rest: 'x\r' });
  });

  it('inline flags at the start apply to the whole pattern', () => {
    expect(grok.compile('(?i)error %{INT:n}').match('ERROR 5')).toEqual({ n: '5' });
    expect(grok.compile('(?s)a.b').match('a\nb')).toEqual({});
    expect(grok.compile('(?m)^b$').match('a\nb\nc')).toEqual({});
    expect(() => grok.compile('(?i:x)')).toThrow(/scoped inline flags/);
    expect(() => grok.compile('(?x) a')).toThrow(/verbose/);
  });

  it('Oniguruma escapes \\h, \\x{..} and POSIX classes are translated', () => {
    expect(grok.compile('^\\h+$').match('c0ffee')).toEqual({});
    expect(grok.compile('^[\\h-]+$').match('c0-ff')).toEqual({});
    expect(grok.compile('^\\x{41}$').match('A')).toEqual({});
    expect(grok.compile('^[[:digit:][:upper:]]+$').match('A1B2')).toEqual({});
    expect(() => grok.compile('\\p{L}')).toThrow(/unsupported escape/);
  });

  it('a leading ] in a class is a literal, as in Oniguruma and Python', () => {
    expect(grok.compile('^[]x]+$').match(']x]')).toEqual({});
    expect(grok.compile('^[^]]+$').match('abc')).toEqual({});
  });

  it('literal braces that are not quantifiers stay literal', () => {
    expect(grok.compile('@.+{%{IP:ip}:%{INT:port}').match('C@3a{HTTP}{0.0.0.0:8080}')).toEqual({ ip: '0.0.0.0', port: '8080' });
    expect(grok.compile('^a{,2}$').match('aa')).toEqual({});
  });

  it('comments (?#...) are dropped', () => {
    expect(grok.compile('a(?# comment )b').match('ab')).toEqual({});
  });

  it('lookbehind and lookahead keep working', () => {
    expect(grok.compile('(?<=\\$)%{INT:amount}(?!%)').match('5% or $12')).toEqual({ amount: '12' });
  });
});
