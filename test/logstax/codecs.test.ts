import { describe, expect, it } from 'vitest';
import type { LogStaxMessage } from '../../src/logstax/LogStaxMessage.js';
import { LogStaxConfigError } from '../../src/logstax/LogStaxConfigError.js';
import { MultilineCodec } from '../../src/logstax/MultilineCodec.js';
import { SingleLineCodec } from '../../src/logstax/SingleLineCodec.js';

/** Feeds the lines and returns the `message` field of every message, `|` marking a flush. */
function run(codec: MultilineCodec, lines: string[], flush = true): string[] {
  const out: string[] = [];
  const take = (messages: readonly LogStaxMessage[]) => {
    for (const m of messages) out.push(m.fields.message as string);
  };
  for (const line of lines) take(codec.push(line));
  if (flush) {
    out.push('|');
    take(codec.flush());
  }
  return out;
}

describe('SingleLineCodec', () => {
  it('turns every line into one message with field `message` and no tags', () => {
    const codec = new SingleLineCodec({ type: 'singleline' });
    const [message] = codec.push('hello');
    expect(message.fields).toEqual({ message: 'hello' });
    expect(message.tags.size).toBe(0);
    expect(codec.push('')).toHaveLength(1);
  });

  it('holds nothing to flush', () => {
    expect(new SingleLineCodec().flush()).toEqual([]);
  });

  it('rejects options it does not have', () => {
    expect(() => new SingleLineCodec({ lines: [] })).toThrow(LogStaxConfigError);
  });
});

describe('MultilineCodec messages', () => {
  it('joins a complete block with newline and exposes codec and line-N fields', () => {
    const codec = new MultilineCodec({ lines: [{ match: 'first' }, { match: 'second' }] });
    expect(codec.push('first line')).toEqual([]);
    const [message] = codec.push('second line');
    expect(message.fields).toEqual({
      codec: 'multiline',
      message: 'first line\nsecond line',
      'line-1': 'first line',
      'line-2': 'second line',
    });
    expect(message.tags.size).toBe(0);
  });

  it('uses the codec-level newline as the join string', () => {
    const codec = new MultilineCodec({ newline: ';', lines: [{ match: 'a' }, { match: 'b' }] });
    expect(run(codec, ['a', 'b'], false)).toEqual(['a;b']);
  });

  it('a rule-level newline joins the lines that rule collects', () => {
    const codec = new MultilineCodec({ newline: ' ', lines: [{ match: 'a' }, { match: 'b', newline: ' + ', repeat: true }] });
    expect(run(codec, ['a', 'b1', 'b2'])).toEqual(['|', 'a + b1 + b2']);
  });
});

describe('MultilineCodec rule options', () => {
  it('match is anchored at the start of the line (Python re.match)', () => {
    const codec = new MultilineCodec({ lines: [{ match: 'b' }] });
    expect(run(codec, ['abc', 'bcd'], false)).toEqual(['bcd']);
  });

  it('partial searches anywhere in the line', () => {
    const codec = new MultilineCodec({ lines: [{ match: 'b', partial: true }] });
    expect(run(codec, ['abc'], false)).toEqual(['abc']);
  });

  it('match defaults to .*, which takes any line', () => {
    const codec = new MultilineCodec({ lines: [{}, {}] });
    expect(run(codec, ['x', 'y', 'z', 'w'])).toEqual(['x\ny', 'z\nw', '|']);
  });

  it('ignorecase matches regardless of case', () => {
    expect(run(new MultilineCodec({ lines: [{ match: 'error' }] }), ['ERROR x'], false)).toEqual([]);
    expect(run(new MultilineCodec({ lines: [{ match: 'error', ignorecase: true }] }), ['ERROR x'], false)).toEqual(['ERROR x']);
    expect(run(new MultilineCodec({ lines: [{ match: 'error', ignorecase: 'yes' }] }), ['ERROR x'], false)).toEqual(['ERROR x']);
  });

  it('repeat: yes collects matching lines until one does not match', () => {
    const codec = new MultilineCodec({ lines: { match: '^::.*$', repeat: true } });
    expect(run(codec, [':: a', ':: b', 'x', ':: c'])).toEqual([':: a\n:: b', '|', ':: c']);
  });

  it('repeat: N moves to the next rule after N lines', () => {
    const codec = new MultilineCodec({ lines: [{ match: 'h' }, { match: 'r', repeat: 2 }, { match: 'e' }] });
    expect(run(codec, ['h', 'r1', 'r2', 'e'], false)).toEqual(['h\nr1\nr2\ne']);
    // A third `r` line is not taken by the repeat and breaks the block off at the `e` rule.
    expect(run(codec, ['h', 'r1', 'r2', 'r3'])).toEqual(['|']);
  });

  it('repeat: N also accepts fewer lines than N', () => {
    const codec = new MultilineCodec({ lines: [{ match: 'h' }, { match: 'r', repeat: 4 }, { match: 'e' }] });
    expect(run(codec, ['h', 'r1', 'e'], false)).toEqual(['h\nr1\ne']);
  });

  it('a repeating rule still needs at least one line unless it is optional', () => {
    const codec = new MultilineCodec({ lines: [{ match: 'h' }, { match: 'r', repeat: true }, { match: 'e' }] });
    expect(run(codec, ['h', 'e'])).toEqual(['|']);
  });

  it('an optional rule may be skipped', () => {
    const codec = new MultilineCodec({ lines: [{ match: 'a' }, { match: 'b', optional: true }, { match: 'c' }] });
    expect(run(codec, ['a', 'c', 'a', 'b', 'c'], false)).toEqual(['a\nc', 'a\nb\nc']);
  });

  it('repeat: 1 and repeat: no mean a single line', () => {
    for (const repeat of [1, false, 'no', 0]) {
      const codec = new MultilineCodec({ lines: [{ match: 'a', repeat }, { match: 'a' }] });
      expect(run(codec, ['a', 'a'], false)).toEqual(['a\na']);
    }
  });

  it('rejects a repeat that is neither yes/no nor a whole number', () => {
    expect(() => new MultilineCodec({ lines: [{ repeat: -1 }] })).toThrow(/lines\[0\]\.repeat: expected yes, no or a whole number/);
    expect(() => new MultilineCodec({ lines: [{ repeat: 'lots' }] })).toThrow(/expected yes, no or a whole number/);
    expect(new MultilineCodec({ lines: [{ repeat: '3' }] }).rules[0].repeat).toBe(3);
  });
});

describe('MultilineCodec incomplete blocks', () => {
  const rules = [{ match: 'start' }, { match: 'middle' }, { match: 'end' }];

  it('drops a block that breaks off', () => {
    expect(run(new MultilineCodec({ lines: rules }), ['start', 'middle', 'other'])).toEqual(['|']);
  });

  it('acceptIncomplete emits a block that breaks off', () => {
    expect(run(new MultilineCodec({ acceptIncomplete: true, lines: rules }), ['start', 'middle', 'other'])).toEqual(['start\nmiddle', '|']);
  });

  it('a rule-level acceptIncomplete decides for blocks that break off at that rule', () => {
    const codec = new MultilineCodec({ lines: [{ match: 'start' }, { match: 'middle' }, { match: 'end', acceptIncomplete: true }] });
    expect(run(codec, ['start', 'other', 'start', 'middle', 'other'], false)).toEqual(['start\nmiddle']);
  });

  it('a line that breaks a block off may start the next block', () => {
    const codec = new MultilineCodec({ lines: [{ match: 'start' }, { match: 'end' }] });
    expect(run(codec, ['start 1', 'start 2', 'end 2'], false)).toEqual(['start 2\nend 2']);
  });

  it('a line that belongs to no rule and starts nothing is discarded', () => {
    const codec = new MultilineCodec({ lines: [{ match: 'start' }, { match: 'end' }] });
    expect(run(codec, ['noise', 'start', 'end', 'noise'])).toEqual(['start\nend', '|']);
  });

  it('flush emits a pending block whose remaining rules are all optional', () => {
    const codec = new MultilineCodec({ lines: [{ match: 'a' }, { match: 'b', optional: true, repeat: true }, { match: 'c', optional: true }] });
    expect(run(codec, ['a', 'b'])).toEqual(['|', 'a\nb']);
    expect(run(codec, ['a'])).toEqual(['|', 'a']);
  });

  it('flush counts a repeating rule that already took a line as satisfied', () => {
    const codec = new MultilineCodec({ lines: [{ match: 'a' }, { match: 'b', repeat: true }] });
    expect(run(codec, ['a', 'b', 'b'])).toEqual(['|', 'a\nb\nb']);
    expect(run(codec, ['a'])).toEqual(['|']);
  });

  it('flush emits an incomplete pending block only with acceptIncomplete', () => {
    const lines = [{ match: 'a' }, { match: 'b' }];
    expect(run(new MultilineCodec({ lines }), ['a'])).toEqual(['|']);
    expect(run(new MultilineCodec({ lines, acceptIncomplete: true }), ['a'])).toEqual(['|', 'a']);
  });

  it('flush resets the state', () => {
    const codec = new MultilineCodec({ lines: [{ match: 'a' }, { match: 'b' }] });
    run(codec, ['a']);
    expect(run(codec, ['b', 'a', 'b'], false)).toEqual(['a\nb']);
    expect(codec.flush()).toEqual([]);
  });
});

describe('MultilineCodec never recurses', () => {
  it('a single rule that matches every line completes one block per line (the original recursed forever)', () => {
    const codec = new MultilineCodec({ lines: [{ match: '.*' }] });
    expect(run(codec, ['a', 'b'])).toEqual(['a', 'b', '|']);
  });

  it('a line completing a block is not offered again as the start of another', () => {
    const codec = new MultilineCodec({ lines: [{ match: 'x' }, { match: 'x' }] });
    expect(run(codec, ['x1', 'x2', 'x3'])).toEqual(['x1\nx2', '|']);
  });

  it('rules that are all optional and match nothing do not loop', () => {
    const codec = new MultilineCodec({ lines: [{ match: 'a', optional: true }, { match: 'b', optional: true, repeat: true }] });
    expect(run(codec, ['zzz', 'a', 'zzz', 'b', 'b', 'zzz'])).toEqual(['a', 'b\nb', '|']);
  });

  it('survives a long random stream over every option combination', () => {
    const options = [
      { lines: [{ match: 'a', repeat: true, optional: true }] },
      { lines: [{ match: 'a', optional: true }, { match: 'b', repeat: 2, optional: true }] },
      { lines: [{ match: '.*', repeat: true }, { match: 'b' }], acceptIncomplete: true },
      { lines: [{ match: 'a' }, { match: '[ab]', repeat: true }, { match: 'c', optional: true }] },
    ];
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31);
    for (const config of options) {
      const codec = new MultilineCodec(config);
      let emitted = 0;
      for (let i = 0; i < 5000; i++) {
        const messages = codec.push('abcz'[next() % 4]);
        expect(messages.length).toBeLessThanOrEqual(2);
        emitted += messages.length;
      }
      emitted += codec.flush().length;
      expect(emitted).toBeGreaterThan(0);
    }
  });
});

describe('MultilineCodec Marathon log blocks (MarathonLogsObserver codec)', () => {
  it('joins a log line with its continuation lines and emits it when the next log line starts', () => {
    const codec = new MultilineCodec({
      newline: ' ',
      lines: [{ match: '^(\\[\\w+\\]\\s+)\\[.*$' }, { match: '^(\\[\\w+\\]\\s+)[^\\[].*$', optional: true, repeat: true }],
    });
    expect(
      run(codec, [
        '[main] [2018-08-10 12:00:00] INFO Computed new deployment plan:',
        '[main]   DeploymentPlan id=abc',
        '[main]   App(/a, ...)',
        '[main] [2018-08-10 12:00:01] INFO single line',
        '[main] [2018-08-10 12:00:02] INFO last line',
      ]),
    ).toEqual([
      '[main] [2018-08-10 12:00:00] INFO Computed new deployment plan: [main]   DeploymentPlan id=abc [main]   App(/a, ...)',
      '[main] [2018-08-10 12:00:01] INFO single line',
      '|',
      '[main] [2018-08-10 12:00:02] INFO last line',
    ]);
  });
});

describe('MultilineCodec configuration', () => {
  it('needs at least one rule', () => {
    expect(() => new MultilineCodec({})).toThrow(/codec\.lines: a multiline codec needs at least one rule/);
    expect(() => new MultilineCodec({ lines: [] })).toThrow(/at least one rule/);
  });

  it('reports unknown rule and codec options with a suggestion', () => {
    expect(() => new MultilineCodec({ lines: [{ mtach: 'x' }] })).toThrow(/codec\.lines\[0\]\.mtach: unknown option `mtach` \(did you mean `match`\?\)/);
    expect(() => new MultilineCodec({ lines: [{}], acceptIncompete: true })).toThrow(/did you mean `acceptIncomplete`/);
  });

  it('reports an invalid rule regex at its match option', () => {
    expect(() => new MultilineCodec({ lines: [{ match: '(' }] }, 'codecs[1]')).toThrow(/codecs\[1\]\.lines\[0\]\.match: invalid regular expression "\("/);
  });

  it('rejects a rule that is not a mapping', () => {
    expect(() => new MultilineCodec({ lines: ['x'] })).toThrow(/expected a rule mapping/);
  });

  it('translates Python rule syntax such as named groups', () => {
    const codec = new MultilineCodec({ lines: [{ match: '(?P<lvl>INFO|WARN) \\Z' }] });
    expect(run(codec, ['INFO '], false)).toEqual(['INFO ']);
  });
});
