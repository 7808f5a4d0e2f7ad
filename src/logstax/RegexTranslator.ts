import { PatternError } from './PatternError.js';

export type GrokType = 'int' | 'float';

/** A field-producing capture that the grok expander marks as `(?<\u0001N>...)`. */
export interface NamedCaptureSpec {
  name: string;
  type: GrokType | null;
}

/** A JS capture group index and the field it fills. */
export interface RegexCapture {
  group: number;
  name: string;
  type: GrokType | null;
}

export interface TranslatedRegex {
  source: string;
  flags: string;
  captures: RegexCapture[];
}

/** Marks expander-generated group names; it cannot occur in a name a user writes. */
export const CAPTURE_MARK = '\u0001';

type GroupKind = 'plain' | 'capture' | 'atomic' | 'lookahead' | 'lookbehind';

interface GroupNode {
  t: 'group';
  kind: GroupKind;
  /** The opening text of a lookaround, e.g. `(?<!`. */
  open: string;
  name: string | null;
  type: GrokType | null;
  alternatives: Node[][];
  referenced: boolean;
  insideLookbehind: boolean;
  index: number;
}

interface BackrefNode {
  t: 'backref';
  ref: number | string;
  target: GroupNode | null;
}

type Node = { t: 'text'; s: string } | { t: 'dot' } | GroupNode | BackrefNode;

const POSIX_CLASSES: Readonly<Record<string, string>> = {
  alnum: 'a-zA-Z0-9',
  alpha: 'a-zA-Z',
  blank: ' \\t',
  cntrl: '\\x00-\\x1f\\x7f',
  digit: '0-9',
  graph: '\\x21-\\x7e',
  lower: 'a-z',
  print: '\\x20-\\x7e',
  punct: '!-\\/:-@\\[-`{-~',
  space: '\\s',
  upper: 'A-Z',
  word: '\\w',
  xdigit: '0-9A-Fa-f',
};

const UNSUPPORTED_ESCAPES = 'GgKRXQENOyYpPU';
const LITERAL_SPECIALS = '\\^$.*+?()[]{}|/';

/**
 * Rewrites an Oniguruma / Python `regex` pattern (the dialect grok patterns are written in)
 * into one JavaScript RegExp source without the `u` flag.
 *
 * It parses the pattern into a small tree first because two rewrites change group numbering:
 * atomic groups and possessive quantifiers become `(?:(?=(X))\N)`, the exact JS emulation
 * (a lookahead never backtracks into its match), and named groups become plain numbered
 * groups, so field names can contain any character and the match result needs no `groups`
 * object. Unnamed groups that no backreference uses become non-capturing.
 */
export class RegexTranslator {
  private pos = 0;
  private sourceGroups = 0;
  private lookbehindDepth = 0;
  private readonly byNumber = new Map<number, GroupNode>();
  private readonly byName = new Map<string, GroupNode>();
  private readonly backrefs: BackrefNode[] = [];
  private readonly flags = new Set<string>();
  private dotAll = false;
  private nextIndex = 0;

  private constructor(
    private readonly src: string,
    private readonly specs: readonly NamedCaptureSpec[],
  ) {}

  static translate(source: string, specs: readonly NamedCaptureSpec[] = []): TranslatedRegex {
    return new RegexTranslator(source, specs).run();
  }

  private run(): TranslatedRegex {
    const tree = this.parseAlternatives();
    if (this.pos < this.src.length) throw this.error('unbalanced parenthesis');
    for (const ref of this.backrefs) {
      const target = typeof ref.ref === 'number' ? this.byNumber.get(ref.ref) : this.byName.get(ref.ref);
      if (target === undefined) throw this.error(`backreference to an unknown group ${String(ref.ref)}`);
      target.referenced = true;
      ref.target = target;
    }
    const captures: RegexCapture[] = [];
    this.number(tree, captures);
    return { source: this.emitAlternatives(tree), flags: [...this.flags].sort().join(''), captures };
  }

  // ---- parsing ----

  private parseAlternatives(): Node[][] {
    const alternatives: Node[][] = [[]];
    while (this.pos < this.src.length) {
      const c = this.src[this.pos];
      if (c === ')') break;
      if (c === '|') {
        this.pos++;
        alternatives.push([]);
        continue;
      }
      this.parseQuantifiedAtom(alternatives[alternatives.length - 1]);
    }
    return alternatives;
  }

  private parseQuantifiedAtom(sequence: Node[]): void {
    const atom = this.parseAtom();
    if (atom === null) return;
    let quantifier = this.parseQuantifier();
    if (quantifier === '') {
      sequence.push(atom);
      return;
    }
    const next = this.src[this.pos];
    if (next === '?') {
      quantifier += '?';
      this.pos++;
    } else if (next === '+') {
      this.pos++;
      sequence.push(this.group('atomic', '', [[atom, { t: 'text', s: quantifier }]]));
      return;
    }
    sequence.push(atom, { t: 'text', s: quantifier });
  }

  /** `*`, `+`, `?` or a valid `{n}`, `{n,}`, `{n,m}`, `{,m}`; '' when none follows. */
  private parseQuantifier(): string {
    const c = this.src[this.pos];
    if (c === '*' || c === '+' || c === '?') {
      this.pos++;
      return c;
    }
    if (c !== '{') return '';
    const m = /^\{(\d*)(,?)(\d*)\}/.exec(this.src.slice(this.pos, this.pos + 24));
    if (m === null || (m[1] === '' && m[3] === '') || (m[2] === '' && m[3] !== '')) return '';
    this.pos += m[0].length;
    return m[1] === '' ? `{0,${m[3]}}` : m[0];
  }

  private parseAtom(): Node | null {
    const c = this.src[this.pos];
    switch (c) {
      case '\\':
        return this.parseEscape();
      case '[':
        return { t: 'text', s: this.parseClass() };
      case '(':
        return this.parseGroup();
      case '.':
        this.pos++;
        return { t: 'dot' };
      case '*':
      case '+':
      case '?':
        throw this.error('nothing to repeat');
      case '^':
      case '$':
        this.pos++;
        return { t: 'text', s: c };
      default:
        this.pos++;
        return { t: 'text', s: LITERAL_SPECIALS.includes(c) ? `\\${c}` : c };
    }
  }

  private parseEscape(): Node {
    const c = this.src[this.pos + 1];
    if (c === undefined) throw this.error('pattern ends with a backslash');
    this.pos += 2;
    switch (c) {
      case 'A':
        return { t: 'text', s: '(?<![\\s\\S])' };
      case 'Z':
      case 'z':
        return { t: 'text', s: '(?![\\s\\S])' };
      case 'h':
        return { t: 'text', s: '[0-9A-Fa-f]' };
      case 'H':
        return { t: 'text', s: '[^0-9A-Fa-f]' };
      case 'k': {
        const name = this.readDelimitedName();
        return this.backref(/^[0-9]+$/.test(name) ? Number(name) : name);
      }
      case '0':
        return { t: 'text', s: `\\0${this.readWhile(/[0-7]/, 2)}` };
      default:
        break;
    }
    if (c >= '1' && c <= '9') return this.backref(Number(c + this.readWhile(/[0-9]/, 1)));
    return { t: 'text', s: this.translateSimpleEscape(c) };
  }

  /** Escapes that mean the same thing inside and outside a character class. */
  private translateSimpleEscape(c: string): string {
    if (c === 'e') return '\\x1b';
    if (c === 'a') return '\\x07';
    if (c === 'x' && this.src[this.pos] === '{') {
      const end = this.src.indexOf('}', this.pos);
      const hex = end < 0 ? '' : this.src.slice(this.pos + 1, end);
      if (!/^[0-9A-Fa-f]{1,4}$/.test(hex)) throw this.error(`unsupported escape \\x{${hex}}`);
      this.pos = end + 1;
      return `\\u${hex.padStart(4, '0')}`;
    }
    if (UNSUPPORTED_ESCAPES.includes(c)) throw this.error(`unsupported escape \\${c}`);
    return `\\${c}`;
  }

  private parseClass(): string {
    let out = '[';
    this.pos++;
    if (this.src[this.pos] === '^') {
      out += '^';
      this.pos++;
    }
    // A `]` first in the class is a literal in Oniguruma and Python; in JS it would close it.
    if (this.src[this.pos] === ']') {
      out += '\\]';
      this.pos++;
    }
    for (;;) {
      const c = this.src[this.pos];
      if (c === undefined) throw this.error('unterminated character class');
      if (c === ']') {
        this.pos++;
        return `${out}]`;
      }
      if (c === '\\') {
        const e = this.src[this.pos + 1];
        if (e === undefined) throw this.error('pattern ends with a backslash');
        this.pos += 2;
        if (e === 'h') out += '0-9A-Fa-f';
        else if (e === 'H') throw this.error('\\H inside a character class is not supported');
        else out += this.translateSimpleEscape(e);
        continue;
      }
      if (c === '[') {
        const posix = /^\[:(\^?)([a-z]+):\]/.exec(this.src.slice(this.pos, this.pos + 12));
        if (posix !== null) {
          const range = POSIX_CLASSES[posix[2]];
          if (range === undefined || posix[1] === '^') throw this.error(`unsupported POSIX class ${posix[0]}`);
          out += range;
          this.pos += posix[0].length;
        } else {
          out += '\\[';
          this.pos++;
        }
        continue;
      }
      out += c;
      this.pos++;
    }
  }

  private parseGroup(): Node | null {
    const src = this.src;
    const start = this.pos;
    if (src[start + 1] !== '?') {
      this.pos++;
      return this.parseGroupBody(this.capture(null, null));
    }
    const c = src[start + 2];
    const c3 = src[start + 3];
    if (c === ':') return this.openGroup(3, this.group('plain', '', []));
    if (c === '>') return this.openGroup(3, this.group('atomic', '', []));
    if (c === '=' || c === '!') return this.openGroup(3, this.group('lookahead', `(?${c}`, []));
    if (c === '<' && (c3 === '=' || c3 === '!')) {
      this.pos += 4;
      this.lookbehindDepth++;
      const node = this.parseGroupBody(this.group('lookbehind', `(?<${c3}`, []));
      this.lookbehindDepth--;
      return node;
    }
    if (c === '<' || c === "'" || (c === 'P' && c3 === '<')) {
      this.pos += c === 'P' ? 3 : 2;
      return this.parseGroupBody(this.namedCapture(this.readDelimitedName()));
    }
    if (c === 'P' && c3 === '=') {
      const end = src.indexOf(')', start);
      if (end < 0) throw this.error('unterminated (?P=name)');
      this.pos = end + 1;
      return this.backref(src.slice(start + 4, end));
    }
    if (c === '#') {
      const end = src.indexOf(')', start);
      if (end < 0) throw this.error('unterminated comment group');
      this.pos = end + 1;
      return null;
    }
    const flags = /^\(\?([a-zA-Z]*)(?:-([a-zA-Z]*))?([:)])/.exec(src.slice(start, start + 16));
    if (flags !== null && flags[3] === ')') {
      this.applyInlineFlags(flags[1], flags[2] ?? '');
      this.pos += flags[0].length;
      return null;
    }
    if (flags !== null) throw this.error(`scoped inline flags ${flags[0]}...) are not supported; put (?${flags[1]}) at the start of the pattern`);
    throw this.error(`unsupported group syntax ${src.slice(start, start + 3)}`);
  }

  private applyInlineFlags(on: string, off: string): void {
    for (const f of on + off) {
      if (!'imsxauL'.includes(f)) throw this.error(`unknown inline flag ${f}`);
      if (f === 'x') throw this.error('the verbose flag (?x) is not supported');
    }
    // Python spells dot-all `s` and multi-line `m`; Unicode/locale/ASCII flags change nothing here.
    if (on.includes('i')) this.flags.add('i');
    if (on.includes('m')) this.flags.add('m');
    if (on.includes('s')) this.dotAll = true;
    if (off.includes('i')) this.flags.delete('i');
    if (off.includes('m')) this.flags.delete('m');
    if (off.includes('s')) this.dotAll = false;
  }

  private openGroup(length: number, node: GroupNode): GroupNode {
    this.pos += length;
    return this.parseGroupBody(node);
  }

  private parseGroupBody(node: GroupNode): GroupNode {
    node.alternatives = this.parseAlternatives();
    if (this.src[this.pos] !== ')') throw this.error('missing closing parenthesis');
    this.pos++;
    return node;
  }

  private namedCapture(name: string): GroupNode {
    if (name.startsWith(CAPTURE_MARK)) {
      const spec = this.specs[Number(name.slice(1))];
      if (spec === undefined) throw this.error('internal capture marker out of range');
      return this.capture(spec.name, spec.type);
    }
    return this.capture(name, null);
  }

  private capture(name: string | null, type: GrokType | null): GroupNode {
    const node = this.group('capture', '', []);
    node.name = name;
    node.type = type;
    this.byNumber.set(++this.sourceGroups, node);
    if (name !== null && !this.byName.has(name)) this.byName.set(name, node);
    return node;
  }

  private group(kind: GroupKind, open: string, alternatives: Node[][]): GroupNode {
    return {
      t: 'group',
      kind,
      open,
      name: null,
      type: null,
      alternatives,
      referenced: false,
      insideLookbehind: this.lookbehindDepth > 0,
      index: 0,
    };
  }

  private backref(ref: number | string): BackrefNode {
    const node: BackrefNode = { t: 'backref', ref, target: null };
    this.backrefs.push(node);
    return node;
  }

  /** The name after `\k` or `(?P` / `(?`: `<name>` or `'name'`; a numeric name is a group number. */
  private readDelimitedName(): string {
    const open = this.src[this.pos];
    const close = open === '<' ? '>' : open === "'" ? "'" : '';
    const end = close === '' ? -1 : this.src.indexOf(close, this.pos + 1);
    if (end <= this.pos + 1) throw this.error('malformed group name');
    const name = this.src.slice(this.pos + 1, end);
    this.pos = end + 1;
    return name;
  }

  private readWhile(re: RegExp, max: number): string {
    let out = '';
    while (out.length < max && this.pos < this.src.length && re.test(this.src[this.pos])) out += this.src[this.pos++];
    return out;
  }

  // ---- numbering and emission ----

  /** Assigns JS group indexes in the order their opening parentheses will be emitted. */
  private number(alternatives: Node[][], captures: RegexCapture[]): void {
    for (const sequence of alternatives) {
      for (const node of sequence) {
        if (node.t !== 'group') continue;
        const capturing =
          (node.kind === 'atomic' && !node.insideLookbehind) ||
          (node.kind === 'capture' && (node.name !== null || node.referenced));
        if (capturing) node.index = ++this.nextIndex;
        if (node.kind === 'capture' && node.name !== null) {
          captures.push({ group: node.index, name: node.name, type: node.type });
        }
        this.number(node.alternatives, captures);
      }
    }
  }

  private emitAlternatives(alternatives: Node[][]): string {
    return alternatives.map((sequence) => sequence.map((node) => this.emit(node)).join('')).join('|');
  }

  private emit(node: Node): string {
    switch (node.t) {
      case 'text':
        return node.s;
      case 'dot':
        // Python's `.` only stops at \n; JS's would also stop at \r and break CRLF log lines.
        return this.dotAll ? '[\\s\\S]' : '[^\\n]';
      case 'backref': {
        const target = node.target as GroupNode;
        return `(?:\\${target.index})`;
      }
      case 'group': {
        const body = this.emitAlternatives(node.alternatives);
        switch (node.kind) {
          case 'plain':
            return `(?:${body})`;
          case 'capture':
            return node.index > 0 ? `(${body})` : `(?:${body})`;
          case 'atomic':
            // Backtracking inside a lookbehind is irrelevant to what it accepts.
            return node.insideLookbehind ? `(?:${body})` : `(?:(?=(${body}))\\${node.index})`;
          default:
            return `${node.open}${body})`;
        }
      }
    }
  }

  private error(detail: string): PatternError {
    return new PatternError(`Invalid regular expression "${this.src}": ${detail}`, detail);
  }
}
