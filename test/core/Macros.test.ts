import { describe, it, expect } from 'vitest';
import { discoverMacros, formatValue, referencedNames, renderConfig, renderTemplate, strftime } from '../../src/core/Macros.js';

function render(text: string, props: Record<string, unknown> = {}): { out: string; warnings: string[] } {
  const warnings: string[] = [];
  const out = renderTemplate(text, props, (msg) => warnings.push(msg));
  return { out, warnings };
}
const r = (text: string, props: Record<string, unknown> = {}): string => render(text, props).out;

describe('renderTemplate: properties', () => {
  it('replaces a macro with the definition or parameter of that name', () => {
    expect(r('benchmark_users --users={{users}}', { users: 10 })).toBe('benchmark_users --users=10');
  });

  it('trims whitespace inside the braces', () => {
    expect(r('{{ users }}', { users: 5 })).toBe('5');
    expect(r('{{ a | b }}', { b: 'x' })).toBe('x');
  });

  it('formats values the JavaScript way', () => {
    expect(r('{{n}}', { n: 10 })).toBe('10');
    expect(r('{{n}}', { n: 0.5 })).toBe('0.5');
    expect(r('{{n}}', { n: 0.1 + 0.2 })).toBe('0.30000000000000004');
    expect(r('{{b}}', { b: true })).toBe('true');
    expect(r('[{{v}}]', { v: null })).toBe('[]');
    expect(r('{{xs}}', { xs: [1, 2] })).toBe('[1,2]');
    expect(r('{{o}}', { o: { a: 1 } })).toBe('{"a":1}');
  });

  it('reads metadata with meta:NAME', () => {
    expect(r('metrics/{{meta:version}}-results.json', { 'meta:version': '1.2' })).toBe('metrics/1.2-results.json');
  });

  it('leaves a lone undefined name empty, with a warning', () => {
    const { out, warnings } = render('--users={{users}}');
    expect(out).toBe('--users=');
    expect(warnings).toEqual([expect.stringContaining('"users" is not defined')]);
  });

  it('renders several macros in one string', () => {
    expect(r('{{a}}-{{b}}-{{a}}', { a: 1, b: 2 })).toBe('1-2-1');
  });
});

describe('renderTemplate: alternatives and defaults', () => {
  it('the last alternative is a literal default: {{reporter_url|http://127.0.0.1:4000}}', () => {
    expect(r('{{reporter_url|http://127.0.0.1:4000}}')).toBe('http://127.0.0.1:4000');
    expect(r('{{reporter_url|http://127.0.0.1:4000}}', { reporter_url: 'http://x' })).toBe('http://x');
  });

  it('an undefined name that is not the last alternative renders empty and warns', () => {
    const { out, warnings } = render('{{reporter_url|http://127.0.0.1:4000}}');
    expect(out).toBe('http://127.0.0.1:4000');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('"reporter_url" is not defined');
  });

  it('a defined last alternative is looked up, not taken literally', () => {
    expect(r('{{a|b}}', { b: 7 })).toBe('7');
    expect(r('{{a|fast}}')).toBe('fast');
  });

  it('the first alternative whose text is non-blank wins', () => {
    expect(r('{{a|b|c}}', { a: '', b: '  ', c: 'x' })).toBe('x');
    expect(r('{{a|b}}', { a: ' y ', b: 'x' })).toBe(' y ');
    expect(r('{{a|b}}', { a: null, b: 'x' })).toBe('x');
  });

  it('quoted literals, with either quote', () => {
    expect(r("{{a|'fallback'}}")).toBe('fallback');
    expect(r('{{a|"fallback"}}')).toBe('fallback');
    expect(r("{{'a|b'}}")).toBe('a|b');
  });

  it('numeric literals, including negative numbers and decimals', () => {
    expect(r('{{instances|1}}')).toBe('1');
    expect(r('{{-1}}')).toBe('-1');
    expect(r('{{x|-1}}')).toBe('-1');
    expect(r('{{x|0.25}}')).toBe('0.25');
    expect(r('{{x|2|3}}')).toBe('2');
  });

  it('does not split on | inside parentheses or quotes', () => {
    expect(r('{{eval(a | b)}}', { a: 4, b: 1 })).toBe('5');
    expect(r('{{safepath(x|y)}}', { y: 'a/b' })).toBe('a_b');
    expect(r('{{missing|"a|b"}}')).toBe('a|b');
  });

  it('empty alternatives never throw', () => {
    expect(r('[{{}}]')).toBe('[]');
    expect(r('[{{a|}}]')).toBe('[]');
    expect(r('[{{|}}]')).toBe('[]');
    expect(r('[{{a|}}]', { a: 'v' })).toBe('[v]');
  });

  it('a macro that resolves to a number still renders to a string', () => {
    const out = renderConfig({ repeat: '{{n}}' }, { n: 5 });
    expect(out.repeat).toBe('5');
  });
});

describe('renderTemplate: functions', () => {
  it('uuid() gives 32 lowercase hex digits, fresh each time', () => {
    const a = r('{{uuid()}}');
    expect(a).toMatch(/^[0-9a-f]{32}$/);
    expect(r('{{uuid()}}')).not.toBe(a);
    expect(r('user-{{uuid()}}')).toMatch(/^user-[0-9a-f]{32}$/);
  });

  it('date(FMT) formats the local time with strftime', () => {
    expect(r('metrics/{{date(%Y%m%d)}}-results.json')).toMatch(/^metrics\/\d{8}-results\.json$/);
    expect(r('{{date(%Y)}}')).toBe(String(new Date().getFullYear()));
  });

  it('date() strips quotes around the format', () => {
    expect(r("{{date('%Y')}}")).toBe(String(new Date().getFullYear()));
    expect(r('{{date("%Y")}}')).toBe(String(new Date().getFullYear()));
  });

  it('safepath() replaces /, \\ and .. with _', () => {
    expect(r('{{safepath(name)}}', { name: 'a/b/../c' })).toBe('a_b___c');
    expect(r('{{safepath(name)}}', { name: 'x\\y' })).toBe('x_y');
    expect(r('metrics/{{safepath(test_name)}}-results.json', { test_name: '../etc/passwd' })).toBe('metrics/__etc_passwd-results.json');
  });

  it('safepath() takes a macro expression, alternatives included', () => {
    expect(r("{{safepath(missing|'a/b')}}")).toBe('a_b');
    expect(r('{{safepath(eval(a + b))}}', { a: 1, b: 2 })).toBe('3');
  });

  it('eval(apps * tasks) gives 12', () => {
    expect(r('{{eval(apps * tasks)}}', { apps: 3, tasks: 4 })).toBe('12');
  });

  it('eval(apps/tasks) gives 0.75', () => {
    expect(r('{{eval(apps/tasks)}}', { apps: 3, tasks: 4 })).toBe('0.75');
  });

  it('eval(instances * 3) with Python spellings', () => {
    expect(r('{{eval(instances * 3)}}', { instances: 2 })).toBe('6');
    expect(r('{{eval(2 ** n)}}', { n: 3 })).toBe('8');
    expect(r("{{eval('on' if flag else 'off')}}", { flag: true })).toBe('on');
  });

  it('eval() formats results the JavaScript way', () => {
    expect(r('{{eval(a * 1.0)}}', { a: 10 })).toBe('10');
    expect(r('{{eval(a > 1)}}', { a: 10 })).toBe('true');
  });

  it('eval() failure renders empty with a warning, and the next alternative is used', () => {
    const failed = render('{{eval(apps * tasks)}}', { apps: 3 });
    expect(failed.out).toBe('');
    expect(failed.warnings).toEqual([expect.stringContaining('Undefined name "tasks"')]);
    expect(r('{{eval(apps *)|1}}')).toBe('1');
  });

  it('an unknown function renders empty with a warning', () => {
    const { out, warnings } = render('{{nope(1)}}');
    expect(out).toBe('');
    expect(warnings).toEqual([expect.stringContaining('unknown function "nope"')]);
  });
});

describe('renderTemplate: braces', () => {
  it('leaves single braces untouched', () => {
    expect(r('{a} {"json": 1}')).toBe('{a} {"json": 1}');
  });

  it('leaves an unterminated {{ as is', () => {
    expect(r('x {{a', { a: 1 })).toBe('x {{a');
    expect(r('{{a}} {{b', { a: 1 })).toBe('1 {{b');
  });

  it('matches the shortest text between {{ and }}', () => {
    expect(r('{{{x}}}', { x: 1 })).toBe('}');
  });
});

describe('renderConfig', () => {
  it('renders values, never keys, and keeps non-string scalars', () => {
    const config = {
      '{{prefix}}_run': 'always',
      cmdline: 'run --n={{n}}',
      count: 3,
      enabled: true,
      nothing: null,
      list: ['{{n}}', 4, { deep: '{{meta:x}}' }],
    };
    const out = renderConfig(config, { n: 7, prefix: 'p', 'meta:x': 'm' });
    expect(out).toEqual({
      '{{prefix}}_run': 'always',
      cmdline: 'run --n=7',
      count: 3,
      enabled: true,
      nothing: null,
      list: ['7', 4, { deep: 'm' }],
    });
  });

  it('returns new objects and leaves the input unchanged', () => {
    const config = { a: { b: '{{n}}' }, xs: ['{{n}}'] };
    const out = renderConfig(config, { n: 1 });
    expect(out).not.toBe(config);
    expect(out.a).not.toBe(config.a);
    expect(out.xs).not.toBe(config.xs);
    expect(config.a.b).toBe('{{n}}');
  });

  it('passes warnings to the callback', () => {
    const warnings: string[] = [];
    renderConfig({ a: '{{missing}}' }, {}, (m) => warnings.push(m));
    expect(warnings).toHaveLength(1);
  });
});

describe('discoverMacros', () => {
  it('returns the raw expression texts across nested values, not split on |', () => {
    const found = discoverMacros({ url: '{{u}}/v2', body: '{{instances|1}} {{meta:x}} {{uuid()}}', list: [{ x: '{{ spaced }}' }], n: 5 });
    expect(found).toEqual(new Set(['u', 'instances|1', 'meta:x', 'uuid()', 'spaced']));
  });

  it('ignores keys', () => {
    expect(discoverMacros({ '{{k}}': 'v' })).toEqual(new Set());
  });
});

describe('referencedNames', () => {
  it('lists property names of every alternative', () => {
    expect(referencedNames({ cmd: '--users={{users}} --x={{a|b}}' })).toEqual(new Set(['users', 'a', 'b']));
  });

  it('lists the free names inside eval() and safepath()', () => {
    expect(referencedNames({ value: '{{eval(apps * tasks)}}', path: '{{safepath(test_name)}}' })).toEqual(new Set(['apps', 'tasks', 'test_name']));
    expect(referencedNames('{{eval(log(parameter1) + event.x)}}')).toEqual(new Set(['parameter1', 'event']));
  });

  it('excludes function names, literals, meta:X and literal defaults', () => {
    expect(
      referencedNames(["{{uuid()}} {{date(%Y)}} {{'q'}} {{1}} {{meta:version}}", '{{reporter_url|http://127.0.0.1:4000}}']),
    ).toEqual(new Set(['reporter_url']));
  });

  it('ignores invalid eval expressions', () => {
    expect(referencedNames('{{eval(1 +)}}')).toEqual(new Set());
  });
});

describe('strftime', () => {
  // Friday 10 August 2018, 14:05:09.123 local time.
  const date = new Date(2018, 7, 10, 14, 5, 9, 123);

  it('date and time fields', () => {
    expect(strftime('%Y-%m-%d %H:%M:%S', date)).toBe('2018-08-10 14:05:09');
    expect(strftime('%y', date)).toBe('18');
    expect(strftime('%C', date)).toBe('20');
  });

  it('month and weekday names', () => {
    expect(strftime('%b %B %a %A %h', date)).toBe('Aug August Fri Friday Aug');
  });

  it('12-hour clock and AM/PM', () => {
    expect(strftime('%I %p %P %l', date)).toBe('02 PM pm  2');
    expect(strftime('%I %p', new Date(2018, 0, 1, 0, 30))).toBe('12 AM');
  });

  it('day of year, week numbers and weekday numbers', () => {
    expect(strftime('%j', date)).toBe('222');
    expect(strftime('%U %W', date)).toBe('31 32');
    expect(strftime('%w %u', date)).toBe('5 5');
    expect(strftime('%G %g %V', date)).toBe('2018 18 32');
    expect(strftime('%j', new Date(2018, 0, 1))).toBe('001');
  });

  it('%f is microseconds', () => {
    expect(strftime('%f', date)).toBe('123000');
  });

  it('%e pads the day with a space', () => {
    expect(strftime('[%e]', new Date(2018, 7, 5))).toBe('[ 5]');
  });

  it('composites %T %D %F %R %r %c %x %X', () => {
    expect(strftime('%T', date)).toBe('14:05:09');
    expect(strftime('%D', date)).toBe('08/10/18');
    expect(strftime('%F', date)).toBe('2018-08-10');
    expect(strftime('%R', date)).toBe('14:05');
    expect(strftime('%r', date)).toBe('02:05:09 PM');
    expect(strftime('%c', date)).toBe('Fri Aug 10 14:05:09 2018');
    expect(strftime('%x %X', date)).toBe('08/10/18 14:05:09');
  });

  it('%s is epoch seconds', () => {
    expect(strftime('%s', date)).toBe(String(Math.floor(date.getTime() / 1000)));
  });

  it('%z is the UTC offset and %Z the zone name', () => {
    const offset = -date.getTimezoneOffset();
    const sign = offset < 0 ? '-' : '+';
    const abs = Math.abs(offset);
    expect(strftime('%z', date)).toBe(`${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}${String(abs % 60).padStart(2, '0')}`);
    expect(strftime('%Z', date)).not.toBe('');
  });

  it('%% %n %t', () => {
    expect(strftime('100%% %n%t', date)).toBe('100% \n\t');
  });

  it('glibc flags - _ 0 ^', () => {
    expect(strftime('%-d/%-m %-H', new Date(2018, 0, 5, 7))).toBe('5/1 7');
    expect(strftime('%_m', date)).toBe(' 8');
    expect(strftime('%0e', new Date(2018, 7, 5))).toBe('05');
    expect(strftime('%^a %^B', date)).toBe('FRI AUGUST');
  });

  it('keeps unknown codes as written', () => {
    expect(strftime('%Q %', date)).toBe('%Q %');
  });

  it('defaults to now', () => {
    expect(strftime('%Y')).toBe(String(new Date().getFullYear()));
  });
});

describe('formatValue (re-exported)', () => {
  it('numbers shortest round-trip, booleans, null', () => {
    expect(formatValue(10)).toBe('10');
    expect(formatValue(1.5)).toBe('1.5');
    expect(formatValue(false)).toBe('false');
    expect(formatValue(undefined)).toBe('');
  });
});
