/**
 * The one evaluator for every "python expression" a config contains (macro `eval()`, advance
 * conditions, `signalEventCount`, `normalizeto`, tracker `eval`/`value`/`step`, JMX `value`).
 *
 * Python spellings are rewritten to mathjs syntax, parsed once by a locked-down mathjs instance, and
 * the parse tree is compiled by our own small compiler. Names therefore resolve only to the scope
 * and to the built-ins listed here, never to the mathjs namespace or to the host: there is no
 * assignment, no method call, no access to prototypes and no function value a config can reach.
 */
import { createRequire } from 'node:module';
import type {
  AccessorNode,
  ArrayNode,
  BlockNode,
  ConditionalNode,
  ConstantNode,
  FunctionNode,
  MathNode,
  ObjectNode,
  ParenthesisNode,
  RelationalNode,
  SymbolNode,
} from 'mathjs';

type Scope = Record<string, unknown>;
type Compiled = (scope: Scope) => unknown;
type Fn = (...args: unknown[]) => unknown;

interface MathEngine {
  parse: (text: string) => MathNode;
  fns: Record<string, Fn>;
  isMatrix: (v: unknown) => v is { toArray(): unknown };
  isBigNumber: (v: unknown) => v is { toNumber(): number };
  isFraction: (v: unknown) => v is { valueOf(): number };
  isComplex: (v: unknown) => v is { re: number; im: number };
  isUnit: (v: unknown) => boolean;
}

const OPERATOR_FUNCTIONS = [
  'subtract', 'multiply', 'divide', 'pow', 'unaryMinus', 'unaryPlus',
  'bitNot', 'bitAnd', 'bitOr', 'bitXor', 'leftShift', 'rightArithShift',
] as const;
const MATH_BUILTINS = [
  'sqrt', 'cbrt', 'exp', 'expm1', 'log', 'log10', 'log2', 'log1p', 'sign', 'hypot', 'gcd', 'lcm',
  'sin', 'cos', 'tan', 'asin', 'acos', 'atan', 'atan2', 'sinh', 'cosh', 'tanh',
  'mean', 'median', 'std', 'variance', 'prod', 'pow',
] as const;

// The mathjs security guide's lock-down: nothing evaluated against this instance can import, define
// units, re-enter the parser or change the shared configuration.
const LOCKED = [
  'import', 'createUnit', 'evaluate', 'parse', 'simplify', 'simplifyConstant', 'simplifyCore',
  'derivative', 'resolve', 'compile', 'rationalize', 'parser', 'config',
];

let engineInstance: MathEngine | null = null;

/**
 * mathjs takes about a second to load, so it is loaded (synchronously, through require) only
 * when the first expression is compiled: a config without expressions never pays for it.
 */
function engine(): MathEngine {
  if (engineInstance) return engineInstance;
  const mathjs = createRequire(import.meta.url)('mathjs') as typeof import('mathjs');
  // `predictable` keeps results real (sqrt(-1) is NaN, not a Complex); 'Array' keeps lists plain.
  const math = mathjs.create(mathjs.all, { matrix: 'Array', number: 'number', predictable: true });
  // Everything the compiler calls is taken from the instance before it is locked below: mathjs
  // creates functions lazily, and a function created after `config` is replaced loses its settings.
  const all = math as unknown as Record<string, Fn>;
  const fns: Record<string, Fn> = {};
  for (const name of [...OPERATOR_FUNCTIONS, ...MATH_BUILTINS, 'add', 'mod', 'floor', 'ceil', 'abs', 'fix']) fns[name] = all[name]!;
  const parse = math.parse.bind(math) as (text: string) => MathNode;
  const { isMatrix, isBigNumber, isFraction, isComplex, isUnit } = math;
  math.import(
    Object.fromEntries(
      LOCKED.map((name) => [
        name,
        () => {
          throw new Error(`Function ${name} is disabled`);
        },
      ]),
    ),
    { override: true },
  );
  engineInstance = { parse, fns, isMatrix, isBigNumber, isFraction, isComplex, isUnit } as unknown as MathEngine;
  return engineInstance;
}

/** A mathjs function by name, resolved on call so that loading stays lazy. */
function M(name: string): Fn {
  return (...args: unknown[]) => engine().fns[name]!(...args);
}

// ---------------------------------------------------------------------------------------------
// Formatting and Python value semantics

/** Render a value as text the JavaScript way: 10, 0.5, true; null/undefined as ''; lists and maps as JSON. */
export function formatValue(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return String(v);
  if (typeof v === 'function' || typeof v === 'symbol') return '';
  if (v instanceof Date) return v.toISOString();
  try {
    return JSON.stringify(v, (_key, value: unknown) => (typeof value === 'bigint' ? Number(value) : value)) ?? '';
  } catch {
    return String(v);
  }
}

function typeName(v: unknown): string {
  if (v === null || v === undefined) return 'None';
  if (Array.isArray(v)) return 'list';
  return typeof v === 'object' ? 'dict' : typeof v;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (typeof v !== 'object' || v === null) return false;
  const proto = Object.getPrototypeOf(v) as unknown;
  return proto === Object.prototype || proto === null;
}

/** Python truthiness: 0, '', None, empty lists and dicts are false; NaN and other objects are true. */
function truthy(v: unknown): boolean {
  if (v === null || v === undefined) return false;
  if (typeof v === 'boolean') return v;
  if (typeof v === 'number') return v !== 0;
  if (typeof v === 'bigint') return v !== 0n;
  if (typeof v === 'string' || Array.isArray(v)) return v.length > 0;
  if (v instanceof Map || v instanceof Set) return v.size > 0;
  if (isPlainObject(v)) return Object.keys(v).length > 0;
  return true;
}

function isNumeric(v: unknown): v is number | boolean {
  return typeof v === 'number' || typeof v === 'boolean';
}

function numericString(s: string): number | undefined {
  const n = s.trim() === '' ? NaN : Number(s);
  return Number.isNaN(n) ? undefined : n;
}

function pyEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || a === undefined || b === null || b === undefined) {
    return (a === null || a === undefined) && (b === null || b === undefined);
  }
  if (isNumeric(a) && isNumeric(b)) return Number(a) === Number(b);
  // Definitions given on the command line are strings, so '5' == 5 compares the numbers.
  if (typeof a === 'string' && isNumeric(b)) return numericString(a) === Number(b);
  if (isNumeric(a) && typeof b === 'string') return Number(a) === numericString(b);
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((item, k) => pyEqual(item, b[k]));
  }
  if (isPlainObject(a) && isPlainObject(b)) {
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((k) => Object.hasOwn(b, k) && pyEqual(a[k], b[k]));
  }
  return false;
}

type Ordering = 'smaller' | 'larger' | 'smallerEq' | 'largerEq';
const ORDER_SYMBOL: Record<Ordering, string> = { smaller: '<', larger: '>', smallerEq: '<=', largerEq: '>=' };

function pyOrder(op: Ordering, a: unknown, b: unknown): boolean {
  let x: number | string;
  let y: number | string;
  if (typeof a === 'string' && typeof b === 'string') {
    x = a;
    y = b;
  } else {
    const nx = isNumeric(a) ? Number(a) : typeof a === 'string' ? numericString(a) : undefined;
    const ny = isNumeric(b) ? Number(b) : typeof b === 'string' ? numericString(b) : undefined;
    if (nx === undefined || ny === undefined) {
      throw new Error(`'${ORDER_SYMBOL[op]}' not supported between ${typeName(a)} and ${typeName(b)}`);
    }
    x = nx;
    y = ny;
  }
  switch (op) {
    case 'smaller':
      return x < y;
    case 'larger':
      return x > y;
    case 'smallerEq':
      return x <= y;
    case 'largerEq':
      return x >= y;
  }
}

function pyCompare(fn: string, a: unknown, b: unknown): boolean {
  if (fn === 'equal') return pyEqual(a, b);
  if (fn === 'unequal') return !pyEqual(a, b);
  return pyOrder(fn as Ordering, a, b);
}

function pyAdd(a: unknown, b: unknown): unknown {
  if (typeof a === 'string' && typeof b === 'string') return a + b;
  if (Array.isArray(a) && Array.isArray(b)) return [...a, ...b];
  return M('add')(a, b);
}

/** Python's float modulo: the result takes the sign of the divisor. */
function pyMod(a: unknown, b: unknown): unknown {
  if (typeof a !== 'number' || typeof b !== 'number') return M('mod')(a, b);
  const r = a % b;
  return r !== 0 && r < 0 !== b < 0 ? r + b : r;
}

/** Python's `//` (float_floor_div): exact where floor(a / b) would round, e.g. 1 // 0.1 is 9. */
function pyFloorDiv(a: unknown, b: unknown): unknown {
  if (typeof a !== 'number' || typeof b !== 'number') return M('floor')(M('divide')(a, b));
  if (b === 0 || !Number.isFinite(a) || !Number.isFinite(b)) return Math.floor(a / b);
  let mod = a % b;
  let div = (a - mod) / b;
  if (mod !== 0 && mod < 0 !== b < 0) {
    mod += b;
    div -= 1;
  }
  if (div === 0) return 0;
  const floored = Math.floor(div);
  return div - floored > 0.5 ? floored + 1 : floored;
}

function pyContains(container: unknown, item: unknown): boolean {
  if (typeof container === 'string') {
    if (typeof item !== 'string') throw new Error(`'in <string>' requires string as left operand, not ${typeName(item)}`);
    return container.includes(item);
  }
  if (Array.isArray(container)) return container.some((element) => pyEqual(element, item));
  if (container instanceof Map || container instanceof Set) return container.has(item);
  if (typeof container === 'object' && container !== null) {
    return (typeof item === 'string' || typeof item === 'number') && Object.hasOwn(container, String(item));
  }
  throw new Error(`argument of type ${typeName(container)} is not iterable`);
}

// ---------------------------------------------------------------------------------------------
// Attribute and item access: own data only, never functions or prototypes

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

function checkKey(key: string): void {
  if (FORBIDDEN_KEYS.has(key)) throw new Error(`No access to "${key}"`);
}

/** Functions never become values: nothing could call them, and they must not leak out of results. */
function noFunction(value: unknown, key: unknown): unknown {
  if (typeof value === 'function') throw new Error(`No access to method "${formatValue(key)}"`);
  return value;
}

/** An own property, or a getter of the object's class (Python's @property); never a method. */
function readOwn(target: object, key: string, missing: () => Error): unknown {
  checkKey(key);
  let value: unknown;
  if (Object.hasOwn(target, key)) {
    value = (target as Record<string, unknown>)[key];
  } else {
    let found = false;
    for (let proto = Object.getPrototypeOf(target) as object | null; proto && proto !== Object.prototype; proto = Object.getPrototypeOf(proto) as object | null) {
      const getter = Object.getOwnPropertyDescriptor(proto, key)?.get;
      if (getter) {
        value = getter.call(target);
        found = true;
        break;
      }
    }
    if (!found) throw missing();
  }
  return noFunction(value, key);
}

function getAttribute(target: unknown, key: string): unknown {
  if (target === null || target === undefined) throw new Error(`Cannot read attribute "${key}" of None`);
  if (typeof target !== 'object' || Array.isArray(target)) throw new Error(`'${typeName(target)}' value has no attribute "${key}"`);
  if (target instanceof Map) {
    if (!target.has(key)) throw new Error(`No attribute "${key}"`);
    return noFunction(target.get(key), key);
  }
  return readOwn(target, key, () => new Error(`No attribute "${key}"`));
}

function getItem(target: unknown, key: unknown): unknown {
  if (typeof target === 'string' || Array.isArray(target)) {
    const items: readonly unknown[] = typeof target === 'string' ? [...target] : target;
    if (typeof key !== 'number' || !Number.isInteger(key)) throw new Error(`${typeName(target)} indices must be integers, not ${typeName(key)}`);
    const index = key < 0 ? items.length + key : key;
    if (index < 0 || index >= items.length) throw new Error(`Index ${key} out of range`);
    return noFunction(items[index], key);
  }
  if (target instanceof Map) {
    if (!target.has(key)) throw new Error(`No key "${formatValue(key)}"`);
    return noFunction(target.get(key), key);
  }
  if (typeof target === 'object' && target !== null && (typeof key === 'string' || typeof key === 'number')) {
    const name = String(key);
    return readOwn(target, name, () => new Error(`No key "${name}"`));
  }
  throw new Error(`'${typeName(target)}' value is not subscriptable with ${typeName(key)}`);
}

// ---------------------------------------------------------------------------------------------
// Python built-in functions

function toNumberArg(fn: string, v: unknown): number {
  if (isNumeric(v)) return Number(v);
  throw new Error(`${fn}() argument must be a number, not ${typeName(v)}`);
}

function parseIntBase(text: string, base: number): number {
  const invalid = () => new Error(`invalid literal for int() with base ${base}: '${text}'`);
  let s = text.trim().replace(/_/g, '').toLowerCase();
  let sign = 1;
  if (s.startsWith('-') || s.startsWith('+')) {
    if (s.startsWith('-')) sign = -1;
    s = s.slice(1);
  }
  const prefixes: Record<string, number> = { '0x': 16, '0o': 8, '0b': 2 };
  let radix = base;
  const prefixBase = prefixes[s.slice(0, 2)];
  if (prefixBase !== undefined && (base === 0 || base === prefixBase)) {
    radix = prefixBase;
    s = s.slice(2);
  } else if (base === 0) {
    radix = 10;
  }
  if (radix < 2 || radix > 36) throw new Error('int() base must be >= 2 and <= 36, or 0');
  if (s === '' || [...s].some((ch) => !(parseInt(ch, 36) < radix))) throw invalid();
  return sign * parseInt(s, radix);
}

function pyInt(x?: unknown, base?: unknown): number {
  if (x === undefined) return 0;
  if (base !== undefined) {
    if (typeof x !== 'string') throw new Error("int() can't convert non-string with explicit base");
    return parseIntBase(x, toNumberArg('int', base));
  }
  if (typeof x === 'boolean') return x ? 1 : 0;
  if (typeof x === 'number') {
    if (!Number.isFinite(x)) throw new Error(`cannot convert float ${x} to integer`);
    return Math.trunc(x) || 0;
  }
  if (typeof x === 'string') return parseIntBase(x, 10);
  throw new Error(`int() argument must be a string or a number, not ${typeName(x)}`);
}

const FLOAT_TEXT = /^[+-]?(?:\d(?:_?\d)*(?:\.(?:\d(?:_?\d)*)?)?|\.\d(?:_?\d)*)(?:e[+-]?\d(?:_?\d)*)?$/i;

function pyFloat(x?: unknown): number {
  if (x === undefined) return 0;
  if (isNumeric(x)) return Number(x);
  if (typeof x === 'string') {
    const s = x.trim();
    const special = /^([+-]?)(inf|infinity|nan)$/i.exec(s);
    if (special) return special[2].toLowerCase() === 'nan' ? NaN : special[1] === '-' ? -Infinity : Infinity;
    if (FLOAT_TEXT.test(s)) return Number(s.replace(/_/g, ''));
    throw new Error(`could not convert string to float: '${x}'`);
  }
  throw new Error(`float() argument must be a string or a number, not ${typeName(x)}`);
}

function pyLen(x: unknown): number {
  if (typeof x === 'string') return [...x].length;
  if (Array.isArray(x)) return x.length;
  if (x instanceof Map || x instanceof Set) return x.size;
  if (typeof x === 'object' && x !== null) return Object.keys(x).length;
  throw new Error(`object of type ${typeName(x)} has no len()`);
}

function roundHalfEven(v: number): number {
  const floored = Math.floor(v);
  const diff = v - floored;
  if (diff < 0.5) return floored;
  if (diff > 0.5) return floored + 1;
  return floored % 2 === 0 ? floored : floored + 1;
}

/** Python 3 round(): ties go to the even neighbour, decided on the exact binary value (2.675 -> 2.67). */
function pyRound(x: unknown, ndigits?: unknown): number {
  const v = toNumberArg('round', x);
  if (ndigits === undefined || ndigits === null) {
    if (!Number.isFinite(v)) throw new Error(`cannot convert float ${v} to integer`);
    return roundHalfEven(v);
  }
  const nd = toNumberArg('round', ndigits);
  if (!Number.isInteger(nd)) throw new Error('round() ndigits must be an integer');
  if (!Number.isFinite(v)) return v;
  if (nd < 0) {
    const scale = 10 ** -nd;
    return roundHalfEven(v / scale) * scale;
  }
  // toFixed is exact but rounds ties away from zero; beyond its range the double is already exact.
  if (nd >= 100 || Math.abs(v) >= 1e21) return v;
  const sign = v < 0 ? -1 : 1;
  const a = Math.abs(v);
  const isTie = new RegExp(`^\\d+\\.\\d{${nd}}50*$`).test(a.toFixed(100));
  if (!isTie) return sign * Number(a.toFixed(nd));
  const down = a.toFixed(nd + 1).slice(0, -1);
  const lastDigit = Number(down.replace('.', '').slice(-1));
  return sign * Number(lastDigit % 2 === 0 ? down : a.toFixed(nd));
}

function pyExtreme(name: string, larger: boolean, args: unknown[]): unknown {
  const items = args.length === 1 && (Array.isArray(args[0]) || typeof args[0] === 'string') ? [...(args[0] as Iterable<unknown>)] : args;
  if (items.length === 0) throw new Error(`${name}() arg is an empty sequence`);
  let best = items[0];
  for (const item of items.slice(1)) if (pyOrder(larger ? 'larger' : 'smaller', item, best)) best = item;
  return best;
}

function pySum(items: unknown, start: unknown = 0): unknown {
  if (!Array.isArray(items)) throw new Error(`'${typeName(items)}' object is not iterable`);
  return items.reduce<unknown>((total, item) => pyAdd(total, item), start);
}

const numberOr = (fast: (n: number) => number, general: Fn): Fn => (...args) =>
  args.length === 1 && typeof args[0] === 'number' ? fast(args[0]) : general(...args);

const BUILTINS = new Map<string, Fn>([
  ['int', (...args) => pyInt(args[0], args[1])],
  ['float', (...args) => pyFloat(args[0])],
  ['str', (...args) => (args.length ? formatValue(args[0]) : '')],
  ['bool', (...args) => truthy(args[0])],
  ['len', (...args) => pyLen(args[0])],
  ['round', (...args) => pyRound(args[0], args[1])],
  ['min', (...args) => pyExtreme('min', false, args)],
  ['max', (...args) => pyExtreme('max', true, args)],
  ['sum', (...args) => pySum(args[0], args[1])],
  ['abs', numberOr(Math.abs, M('abs'))],
  // Exact like Python's math.floor/ceil; mathjs' own versions snap values within 1e-12 of an integer.
  ['floor', numberOr(Math.floor, M('floor'))],
  ['ceil', numberOr(Math.ceil, M('ceil'))],
  ['trunc', numberOr(Math.trunc, M('fix'))],
  ...MATH_BUILTINS.map((name): [string, Fn] => [name, M(name)]),
]);

const CONSTANTS = new Map<string, number>([
  ['pi', Math.PI],
  ['e', Math.E],
  ['tau', 2 * Math.PI],
  ['Infinity', Infinity],
  ['NaN', NaN],
]);

// ---------------------------------------------------------------------------------------------
// Python -> mathjs source translation

type TokenKind = 'space' | 'string' | 'number' | 'name' | 'op' | 'open' | 'close' | 'sep';
interface Token {
  kind: TokenKind;
  text: string;
}
interface Group {
  open: string;
  items: Item[];
  close: string;
}
type Item = Token | Group;

const OPERATORS = ['>>>', '**', '//', '==', '!=', '<=', '>=', '<<', '>>', '+', '-', '*', '/', '%', '<', '>', '&', '|', '^', '~', '.', '=', '!', '?'];
const OPERATOR_TEXT: Record<string, string> = { '**': '^', '//': ' ./ ', '^': ' ^| ' };
const NUMBER = /0[xX][0-9a-fA-F](?:_?[0-9a-fA-F])*|0[oO][0-7](?:_?[0-7])*|0[bB][01](?:_?[01])*|(?:\d(?:_?\d)*(?:\.(?:\d(?:_?\d)*)?)?|\.\d(?:_?\d)*)(?:[eE][+-]?\d(?:_?\d)*)?/y;
const NAME = /[\p{L}_][\p{L}\p{N}_]*/uy;
const NAME_START = /[\p{L}_]/u;
const SPACE = /(?:\s|\\\r?\n)+/y;
const ESCAPES: Record<string, string> = { n: '\n', r: '\r', t: '\t', a: '\x07', b: '\b', f: '\f', v: '\v', '\\': '\\', "'": "'", '"': '"', '\n': '' };
const PY_LITERALS: Record<string, string> = { True: 'true', False: 'false', None: 'null' };
// mathjs operators spelled as words; as Python names they would silently change the meaning.
const MATHJS_WORDS = new Set(['to', 'mod', 'xor']);

function readString(src: string, start: number, raw: boolean): { value: string; end: number } {
  const quote = src.startsWith(src[start].repeat(3), start) ? src[start].repeat(3) : src[start];
  let i = start + quote.length;
  let value = '';
  while (i < src.length) {
    if (src.startsWith(quote, i)) return { value, end: i + quote.length };
    const ch = src[i];
    if (ch !== '\\') {
      value += ch;
      i += 1;
      continue;
    }
    const next = src[i + 1] ?? '';
    if (raw) {
      value += ch + next;
      i += 2;
      continue;
    }
    const hex = /^(?:x([0-9a-fA-F]{2})|u([0-9a-fA-F]{4})|U([0-9a-fA-F]{8})|([0-7]{1,3}))/.exec(src.slice(i + 1, i + 10));
    if (hex) {
      value += String.fromCodePoint(parseInt(hex[1] ?? hex[2] ?? hex[3] ?? hex[4], hex[4] ? 8 : 16));
      i += 1 + hex[0].length;
    } else if (next in ESCAPES) {
      value += ESCAPES[next];
      i += 2;
    } else {
      value += ch + next;
      i += 2;
    }
  }
  throw new Error('unterminated string literal');
}

function tokenize(src: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const ch = src[i];
    SPACE.lastIndex = i;
    if (SPACE.test(src)) {
      // Newlines become spaces: mathjs would read them as statement separators.
      tokens.push({ kind: 'space', text: ' ' });
      i = SPACE.lastIndex;
      continue;
    }
    if (ch === '#') {
      const newline = src.indexOf('\n', i);
      tokens.push({ kind: 'space', text: ' ' });
      i = newline < 0 ? src.length : newline;
      continue;
    }
    if (ch === '"' || ch === "'") {
      const { value, end } = readString(src, i, false);
      tokens.push({ kind: 'string', text: JSON.stringify(value) });
      i = end;
      continue;
    }
    NUMBER.lastIndex = i;
    const number = /[\d.]/.test(ch) ? NUMBER.exec(src) : null;
    if (number) {
      i = NUMBER.lastIndex;
      if (i < src.length && /[\p{L}\p{N}_]/u.test(src[i])) throw new Error(`invalid number literal "${number[0]}${src[i]}"`);
      let text = number[0].replace(/_/g, '');
      text = /^0[xob]/i.test(text) ? text.toLowerCase() : text.replace(/^\./, '0.').replace(/\.(?!\d)/, '.0');
      tokens.push({ kind: 'number', text });
      continue;
    }
    if (NAME_START.test(ch)) {
      NAME.lastIndex = i;
      const name = (NAME.exec(src) as RegExpExecArray)[0];
      const quoteNext = src[i + name.length];
      if (/^[rRuU]$/.test(name) && (quoteNext === '"' || quoteNext === "'")) {
        const { value, end } = readString(src, i + 1, name.toLowerCase() === 'r');
        tokens.push({ kind: 'string', text: JSON.stringify(value) });
        i = end;
        continue;
      }
      if (MATHJS_WORDS.has(name)) throw new Error(`"${name}" cannot be used as a name`);
      tokens.push({ kind: 'name', text: PY_LITERALS[name] ?? name });
      i += name.length;
      continue;
    }
    if ('([{'.includes(ch) || ')]}'.includes(ch) || ',:;'.includes(ch)) {
      tokens.push({ kind: '([{'.includes(ch) ? 'open' : ')]}'.includes(ch) ? 'close' : 'sep', text: ch });
      i += 1;
      continue;
    }
    const op = OPERATORS.find((candidate) => src.startsWith(candidate, i));
    if (!op) throw new Error(`unexpected character "${ch}"`);
    // A lone '.' is attribute access; mathjs would otherwise read '.*', './' as element-wise operators.
    if (op === '.' && !NAME_START.test(src.slice(i + 1).trimStart()[0] ?? '')) throw new Error('unexpected "."');
    // '>>>' is not Python; mathjs would read it as the `not in` this translation emits.
    if (op === '>>>') throw new Error('unexpected ">>>"');
    tokens.push({ kind: 'op', text: OPERATOR_TEXT[op] ?? op });
    i += op.length;
  }
  return rewriteKeywords(tokens);
}

const isWord = (item: Item | undefined, word: string): boolean => item !== undefined && 'kind' in item && item.kind === 'name' && item.text === word;
const KEYWORDS = new Set(['and', 'or', 'not', 'in', 'is', 'if', 'else']);

/**
 * `is`/`is not` become `==`/`!=`. Membership needs operators that mathjs parses at about Python's
 * comparison level: `in` becomes `to` (mathjs reads `2 in x` as inches) and `not in` becomes `>>>`.
 */
function rewriteKeywords(tokens: Token[]): Token[] {
  const out: Token[] = [];
  const nextWord = (from: number): number => {
    let k = from;
    while (tokens[k]?.kind === 'space') k += 1;
    return k;
  };
  for (let k = 0; k < tokens.length; k++) {
    const token = tokens[k];
    if (isWord(token, 'is')) {
      const after = nextWord(k + 1);
      const negated = isWord(tokens[after], 'not');
      out.push({ kind: 'op', text: negated ? ' != ' : ' == ' });
      if (negated) k = after;
      continue;
    }
    if (isWord(token, 'not')) {
      const after = nextWord(k + 1);
      const previous = [...out].reverse().find((t) => t.kind !== 'space');
      const afterOperand = previous !== undefined && (previous.kind === 'close' || previous.kind === 'number' || previous.kind === 'string' || (previous.kind === 'name' && !KEYWORDS.has(previous.text)));
      if (afterOperand && isWord(tokens[after], 'in')) {
        out.push({ kind: 'op', text: ' >>> ' });
        k = after;
        continue;
      }
    }
    if (isWord(token, 'in')) {
      out.push({ kind: 'op', text: ' to ' });
      continue;
    }
    out.push(token);
  }
  return out;
}

function groupTokens(tokens: Token[]): Item[] {
  const root: Group = { open: '', items: [], close: '' };
  const stack: Group[] = [root];
  const pairs: Record<string, string> = { '(': ')', '[': ']', '{': '}' };
  for (const token of tokens) {
    const top = stack[stack.length - 1];
    if (token.kind === 'open') {
      const group: Group = { open: token.text, items: [], close: '' };
      top.items.push(group);
      stack.push(group);
    } else if (token.kind === 'close') {
      if (stack.length === 1 || pairs[top.open] !== token.text) throw new Error(`unbalanced "${token.text}"`);
      top.close = token.text;
      stack.pop();
    } else {
      top.items.push(token);
    }
  }
  if (stack.length > 1) throw new Error(`unbalanced "${stack[stack.length - 1].open}"`);
  return root.items;
}

const isBlank = (items: Item[]): boolean => items.every((item) => 'kind' in item && item.kind === 'space');

function renderList(items: Item[]): string {
  let out = '';
  let segment: Item[] = [];
  for (const item of items) {
    if ('kind' in item && item.kind === 'sep') {
      out += renderSegment(segment) + item.text;
      segment = [];
    } else {
      segment.push(item);
    }
  }
  return out + renderSegment(segment);
}

/** `A if C else B` is Python's lowest-precedence operator; it becomes a parenthesised mathjs `C ? A : B`. */
function renderSegment(items: Item[]): string {
  const ifAt = items.findIndex((item) => isWord(item, 'if'));
  if (ifAt < 0) {
    if (items.some((item) => isWord(item, 'else'))) throw new Error('"else" without "if"');
    return renderNot(items);
  }
  const elseAt = items.findIndex((item, k) => k > ifAt && isWord(item, 'else'));
  if (elseAt < 0) throw new Error('"if" without "else"');
  const [value, condition, otherwise] = [items.slice(0, ifAt), items.slice(ifAt + 1, elseAt), items.slice(elseAt + 1)];
  if (isBlank(value) || isBlank(condition) || isBlank(otherwise)) throw new Error('incomplete conditional expression');
  return `((${renderSegment(condition)}) ? (${renderSegment(value)}) : (${renderSegment(otherwise)}))`;
}

/** Python's `not` binds looser than comparisons (mathjs' binds tighter), so its operand is parenthesised. */
function renderNot(items: Item[]): string {
  let out = '';
  for (let k = 0; k < items.length; k++) {
    const item = items[k];
    if (!isWord(item, 'not')) {
      out += 'kind' in item ? item.text : item.open + renderList(item.items) + item.close;
      continue;
    }
    let end = k + 1;
    while (end < items.length && !isWord(items[end], 'and') && !isWord(items[end], 'or')) end += 1;
    const operand = items.slice(k + 1, end);
    if (isBlank(operand)) throw new Error('missing operand after "not"');
    out += ` not (${renderNot(operand)})`;
    k = end - 1;
  }
  return out;
}

function translatePython(source: string): string {
  const text = renderList(groupTokens(tokenize(source)));
  if (text.trim() === '') throw new Error('empty expression');
  return text;
}

// ---------------------------------------------------------------------------------------------
// Compiler from the mathjs tree to closures over the scope

function lookup(scope: Scope, name: string): unknown {
  if (Object.hasOwn(scope, name)) {
    return noFunction(scope[name], name);
  }
  if (CONSTANTS.has(name)) return CONSTANTS.get(name);
  throw new Error(`Undefined name "${name}"`);
}

const COMPARISONS = new Set(['equal', 'unequal', 'smaller', 'larger', 'smallerEq', 'largerEq']);
const BITWISE = new Set(['bitAnd', 'bitOr', 'bitXor']);
const isComparison = (node: MathNode): boolean =>
  node.type === 'RelationalNode' || (node.type === 'OperatorNode' && ['to', 'rightLogShift', ...COMPARISONS].includes((node as unknown as OperatorShape).fn));
const BINARY: Record<string, Fn> = { add: pyAdd, mod: pyMod, dotDivide: pyFloorDiv };

// mathjs' OperatorNode type is generic over its operator map; the compiler needs only these fields.
interface OperatorShape {
  op: string;
  fn: string;
  implicit: boolean;
  isPercentage?: boolean;
  args: MathNode[];
}

function compileOperator(node: MathNode): Compiled {
  const op = node as unknown as OperatorShape;
  if (op.implicit) throw new Error(`missing operator in "${node.toString()}"`);
  if (op.isPercentage) throw new Error('percent literals are not supported');
  if (BITWISE.has(op.fn) && op.args.some(isComparison)) {
    // Python binds & | ^ tighter than comparisons and mathjs looser: `a & 1 == 1` would differ silently.
    throw new Error(`parenthesise "${op.op.trim()}" when it is mixed with a comparison`);
  }
  const args = op.args.map(compileNode);
  const [left, right] = args;
  switch (op.fn) {
    case 'and':
      return (s) => {
        const v = left(s);
        return truthy(v) ? right(s) : v;
      };
    case 'or':
      return (s) => {
        const v = left(s);
        return truthy(v) ? v : right(s);
      };
    case 'not':
      return (s) => !truthy(left(s));
    case 'to':
      return (s) => pyContains(right(s), left(s));
    case 'rightLogShift':
      return (s) => !pyContains(right(s), left(s));
  }
  if (COMPARISONS.has(op.fn)) return (s) => pyCompare(op.fn, left(s), right(s));
  const fn = BINARY[op.fn] ?? ((OPERATOR_FUNCTIONS as readonly string[]).includes(op.fn) ? M(op.fn) : undefined);
  if (!fn) throw new Error(`operator "${op.op.trim()}" is not supported`);
  return args.length === 1 ? (s) => fn(left(s)) : (s) => fn(left(s), right(s));
}

function compileAccessor(node: AccessorNode): Compiled {
  const dimensions = node.index.dimensions;
  if (dimensions.length !== 1 || dimensions[0].type === 'RangeNode') throw new Error('only single indexes are supported (no slices)');
  const target = compileNode(node.object);
  const optional = node.optionalChaining;
  const dimension = dimensions[0];
  if (dimension.type === 'ConstantNode' && typeof (dimension as ConstantNode<string>).value === 'string') {
    const key = (dimension as ConstantNode<string>).value;
    checkKey(key);
    const read = node.index.dotNotation ? getAttribute : getItem;
    return (s) => {
      const t = target(s);
      return optional && (t === null || t === undefined) ? undefined : read(t, key);
    };
  }
  const index = compileNode(dimension);
  return (s) => {
    const t = target(s);
    return optional && (t === null || t === undefined) ? undefined : getItem(t, index(s));
  };
}

function compileNode(node: MathNode): Compiled {
  switch (node.type) {
    case 'ConstantNode': {
      const value = (node as ConstantNode<string | number | boolean | null>).value;
      return () => value;
    }
    case 'SymbolNode': {
      const name = (node as SymbolNode).name;
      return (s) => lookup(s, name);
    }
    case 'ParenthesisNode':
      return compileNode((node as ParenthesisNode).content);
    case 'ArrayNode': {
      const items = (node as ArrayNode).items.map(compileNode);
      return (s) => items.map((item) => item(s));
    }
    case 'ObjectNode': {
      const properties = (node as ObjectNode).properties;
      // mathjs builds the key map with plain assignment, so a "__proto__" key shows up as a changed prototype.
      if (Object.getPrototypeOf(properties) !== Object.prototype) checkKey('__proto__');
      const entries = Object.entries(properties).map(([key, value]): [string, Compiled] => {
        checkKey(key);
        return [key, compileNode(value)];
      });
      return (s) => Object.fromEntries(entries.map(([key, value]) => [key, value(s)]));
    }
    case 'AccessorNode':
      return compileAccessor(node as AccessorNode);
    case 'FunctionNode': {
      const call = node as FunctionNode<MathNode>;
      if (call.fn.type !== 'SymbolNode') throw new Error('only built-in functions can be called (no methods)');
      const name = (call.fn as SymbolNode).name;
      const fn = BUILTINS.get(name);
      if (!fn) throw new Error(`unknown function "${name}"`);
      const args = call.args.map(compileNode);
      return (s) => fn(...args.map((arg) => arg(s)));
    }
    case 'OperatorNode':
      return compileOperator(node);
    case 'RelationalNode': {
      // Python chains compare each middle operand once and stop at the first false link.
      const relation = node as RelationalNode;
      const params = relation.params.map(compileNode);
      return (s) => {
        let left = params[0](s);
        for (let k = 0; k < relation.conditionals.length; k++) {
          const right = params[k + 1](s);
          if (!pyCompare(relation.conditionals[k], left, right)) return false;
          left = right;
        }
        return true;
      };
    }
    case 'ConditionalNode': {
      const conditional = node as ConditionalNode;
      const [condition, yes, no] = [conditional.condition, conditional.trueExpr, conditional.falseExpr].map(compileNode);
      return (s) => (truthy(condition(s)) ? yes(s) : no(s));
    }
    case 'BlockNode': {
      const blocks = (node as BlockNode).blocks.map((block) => compileNode(block.node));
      return (s) => blocks.reduce<unknown>((_previous, block) => block(s), undefined);
    }
    case 'AssignmentNode':
    case 'FunctionAssignmentNode':
      throw new Error('assignment is not supported (use == to compare)');
    default:
      throw new Error(`${node.type} is not supported`);
  }
}

/** Root names of the free variables, in order of first use; function names and constants excluded. */
function freeNames(tree: MathNode): string[] {
  const names = new Set<string>();
  tree.traverse((node, path, parent) => {
    if (node.type !== 'SymbolNode') return;
    if (parent?.type === 'FunctionNode' && path === 'fn') return;
    const name = (node as SymbolNode).name;
    if (!CONSTANTS.has(name)) names.add(name);
  });
  return [...names];
}

/** Results leave as plain JS data: no mathjs types, no functions, no references into the scope. */
function toPlain(value: unknown, known?: WeakMap<object, unknown>): unknown {
  if (value === null || value === undefined || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  if (typeof value === 'bigint') return Number(value);
  if (typeof value !== 'object') return undefined;
  const { isMatrix, isBigNumber, isFraction, isComplex, isUnit } = engine();
  if (isMatrix(value)) return toPlain(value.toArray(), known);
  if (isBigNumber(value)) return value.toNumber();
  if (isFraction(value)) return value.valueOf();
  if (isComplex(value)) return value.im === 0 ? value.re : String(value);
  if (isUnit(value)) return String(value);
  if (value instanceof Date) return new Date(value.getTime());
  // Created only for containers: most results are numbers or text, evaluated once per event.
  const seen = known ?? new WeakMap<object, unknown>();
  if (seen.has(value)) return seen.get(value);
  if (Array.isArray(value)) {
    const out: unknown[] = [];
    seen.set(value, out);
    for (const item of value) out.push(toPlain(item, seen));
    return out;
  }
  const out: Record<string, unknown> = {};
  seen.set(value, out);
  const entries = value instanceof Map ? [...value.entries()].map(([k, v]): [string, unknown] => [String(k), v]) : Object.entries(value);
  for (const [key, item] of entries) {
    if (!FORBIDDEN_KEYS.has(key) && typeof item !== 'function') out[key] = toPlain(item, seen);
  }
  return out;
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

// ---------------------------------------------------------------------------------------------
// Public API

/** A config expression, compiled once; evaluate it against any number of scopes. */
export class Expression {
  readonly source: string;
  /** Free variable names (attribute paths give their root: `event.line` -> `event`). */
  readonly names: string[];
  readonly #run: Compiled;

  constructor(source: string | number | boolean) {
    this.source = String(source);
    try {
      const tree = engine().parse(translatePython(this.source));
      this.names = freeNames(tree);
      this.#run = compileNode(tree);
    } catch (error) {
      throw new Error(`Invalid expression "${this.source}": ${message(error)}`);
    }
  }

  evaluate(scope: Record<string, unknown>): unknown {
    try {
      return toPlain(this.#run(scope));
    } catch (error) {
      throw new Error(`Expression "${this.source}" failed: ${message(error)}`);
    }
  }
}

const CACHE_LIMIT = 1000;
const cache = new Map<string, Expression>();

/** The compiled Expression for a source text, shared by every caller that uses the same text. */
export function compileExpression(source: string | number | boolean): Expression {
  const key = String(source);
  let expression = cache.get(key);
  if (!expression) {
    expression = new Expression(key);
    // Rendered configs can produce unbounded distinct texts; the oldest entry goes first.
    if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value as string);
    cache.set(key, expression);
  }
  return expression;
}

export function evaluateExpression(source: string | number | boolean, scope: Record<string, unknown>): unknown {
  return compileExpression(source).evaluate(scope);
}
