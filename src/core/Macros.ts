/**
 * The `{{ ... }}` template engine (manual §7.4, original-behavior §3, as amended by
 * PORTING-DECISIONS: trimmed macros, `|` not splitting inside parentheses or quotes, and a literal
 * default as the last alternative).
 */
import { randomUUID } from 'node:crypto';
import { compileExpression, evaluateExpression, formatValue } from './Expression.js';
import { didYouMean } from './closestMatch.js';

export { formatValue };

type Warn = (msg: string) => void;
type Props = Record<string, unknown>;

const NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;
const IDENTIFIER = /^[A-Za-z_]\w*$/;
const CALL = /^([A-Za-z_]\w*)\s*\(/;
const OPENERS: Record<string, string> = { '(': ')', '[': ']', '{': '}' };

/** Calls `onMacro` with the text between each `{{` and the next `}}`; an unterminated `{{` stays text. */
function replaceMacros(text: string, onMacro: (expr: string) => string): string {
  let out = '';
  let pos = 0;
  for (;;) {
    const start = text.indexOf('{{', pos);
    if (start < 0) break;
    const end = text.indexOf('}}', start + 2);
    if (end < 0) break;
    out += text.slice(pos, start) + onMacro(text.slice(start + 2, end));
    pos = end + 2;
  }
  return out + text.slice(pos);
}

/** Splits on `|` outside brackets and quotes, so `eval(a | b)` and `'x|y'` stay whole. */
function splitAlternatives(expr: string): string[] {
  const parts: string[] = [];
  const closers: string[] = [];
  let quote = '';
  let current = '';
  for (const ch of expr) {
    if (quote) {
      if (ch === quote) quote = '';
    } else if (ch === '"' || ch === "'") {
      quote = ch;
    } else if (ch in OPENERS) {
      closers.push(OPENERS[ch]);
    } else if (ch === closers[closers.length - 1]) {
      closers.pop();
    } else if (ch === '|' && closers.length === 0) {
      parts.push(current.trim());
      current = '';
      continue;
    }
    current += ch;
  }
  parts.push(current.trim());
  return parts;
}

/** `name(arg)` when the parenthesis opened after the name is the one closing the text. */
function parseCall(alt: string): { name: string; arg: string } | undefined {
  const head = CALL.exec(alt);
  if (!head || !alt.endsWith(')')) return undefined;
  let depth = 0;
  let quote = '';
  for (let k = head[0].length - 1; k < alt.length; k++) {
    const ch = alt[k];
    if (quote) {
      if (ch === quote) quote = '';
    } else if (ch === '"' || ch === "'") {
      quote = ch;
    } else if (ch === '(') {
      depth += 1;
    } else if (ch === ')') {
      depth -= 1;
      if (depth === 0) return k === alt.length - 1 ? { name: head[1], arg: alt.slice(head[0].length, k) } : undefined;
    }
  }
  return undefined;
}

const isQuoted = (alt: string): boolean => alt.startsWith('"') || alt.startsWith("'");

function unquote(alt: string): string {
  return alt.length >= 2 && alt.endsWith(alt[0]) ? alt.slice(1, -1) : alt.slice(1);
}

function callFunction(name: string, arg: string, props: Props, warn: Warn, macro: string): string {
  switch (name) {
    case 'uuid':
      return randomUUID().replace(/-/g, '');
    case 'date': {
      const format = arg.trim();
      return strftime(isQuoted(format) ? unquote(format) : format);
    }
    case 'safepath':
      return evaluateMacro(arg, props, warn).replace(/\/|\\|\.\./g, '_');
    case 'eval':
      try {
        return formatValue(evaluateExpression(arg.trim(), props));
      } catch (error) {
        warn(`Macro {{${macro}}}: ${error instanceof Error ? error.message : String(error)}`);
        return '';
      }
    default:
      warn(`Macro {{${macro}}}: unknown function "${name}"`);
      return '';
  }
}

function renderAlternative(alt: string, props: Props, warn: Warn, isDefault: boolean, macro: string): string {
  if (alt === '') return '';
  const call = parseCall(alt);
  if (call) return callFunction(call.name, call.arg, props, warn, macro);
  if (isQuoted(alt)) return unquote(alt);
  if (NUMBER.test(alt)) return alt;
  if (Object.hasOwn(props, alt) && props[alt] !== undefined) return formatValue(props[alt]);
  if (isDefault) return alt;
  warn(`Macro {{${macro}}}: "${alt}" is not defined`);
  return '';
}

/**
 * The first alternative with non-blank text wins. The last of several alternatives is a literal
 * default when it is nothing else; a lone undefined name renders empty, since components rendered
 * before the parameters exist rely on that.
 */
function evaluateMacro(expr: string, props: Props, warn: Warn): string {
  const alternatives = splitAlternatives(expr.trim());
  for (let k = 0; k < alternatives.length; k++) {
    const isDefault = alternatives.length > 1 && k === alternatives.length - 1;
    const text = renderAlternative(alternatives[k], props, warn, isDefault, expr.trim());
    if (text.trim() !== '') return text;
  }
  return '';
}

export function renderTemplate(text: string, props: Record<string, unknown>, onWarning?: (msg: string) => void): string {
  const warn: Warn = onWarning ?? (() => undefined);
  return replaceMacros(text, (expr) => evaluateMacro(expr, props, warn));
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (typeof v !== 'object' || v === null) return false;
  const proto = Object.getPrototypeOf(v) as unknown;
  return proto === Object.prototype || proto === null;
}

/** Renders every string value of a config (keys never); returns new arrays and objects. */
export function renderConfig<T>(value: T, props: Record<string, unknown>, onWarning?: (msg: string) => void): T {
  const render = (v: unknown): unknown => {
    if (typeof v === 'string') return renderTemplate(v, props, onWarning);
    if (Array.isArray(v)) return v.map(render);
    if (isPlainObject(v)) return Object.fromEntries(Object.entries(v).map(([key, item]) => [key, render(item)]));
    return v;
  };
  return render(value) as T;
}

function forEachString(value: unknown, visit: (s: string) => void): void {
  if (typeof value === 'string') visit(value);
  else if (Array.isArray(value)) for (const item of value) forEachString(item, visit);
  else if (isPlainObject(value)) for (const item of Object.values(value)) forEachString(item, visit);
}

/** The trimmed texts inside `{{ }}` across all nested values, not split on `|`. */
export function discoverMacros(value: unknown): Set<string> {
  const found = new Set<string>();
  forEachString(value, (s) =>
    replaceMacros(s, (expr) => {
      if (expr.trim() !== '') found.add(expr.trim());
      return '';
    }),
  );
  return found;
}

function collectNames(expr: string, out: Set<string>): void {
  const alternatives = splitAlternatives(expr);
  alternatives.forEach((alt, k) => {
    if (alt === '' || isQuoted(alt) || NUMBER.test(alt) || alt.startsWith('meta:')) return;
    const call = parseCall(alt);
    if (call) {
      if (call.name === 'safepath') collectNames(call.arg, out);
      if (call.name === 'eval') {
        try {
          for (const name of compileExpression(call.arg.trim()).names) out.add(name);
        } catch {
          // An invalid expression depends on nothing; rendering reports it.
        }
      }
      return;
    }
    // A last alternative that cannot be a name is a literal default (a URL, a path).
    if (alternatives.length > 1 && k === alternatives.length - 1 && !IDENTIFIER.test(alt)) return;
    out.add(alt);
  });
}

/** A name a macro reads, for the caller to check against what will be defined. */
export interface MacroName {
  name: string;
  /** The macro as written, without the braces. */
  macro: string;
}

const MACRO_FUNCTIONS = ['uuid', 'date', 'safepath', 'eval'];

/**
 * What can be known about the macros of one string without rendering it: definite mistakes
 * (an unterminated `{{`, an unknown function, an eval() that does not parse) and the names
 * read without a fallback alternative, which render empty when nothing defines them.
 */
export function inspectMacros(text: string): { problems: string[]; names: MacroName[] } {
  const problems: string[] = [];
  const names: MacroName[] = [];
  const visit = (expr: string, macro: string): void => {
    const alternatives = splitAlternatives(expr.trim());
    const fallback = alternatives.length > 1;
    alternatives.forEach((alt, k) => {
      if (alt === '' || isQuoted(alt) || NUMBER.test(alt)) return;
      const call = parseCall(alt);
      if (call) {
        if (!MACRO_FUNCTIONS.includes(call.name)) {
          problems.push(`Macro {{${macro}}}: unknown function \`${call.name}\`${didYouMean(call.name, MACRO_FUNCTIONS)}`);
        } else if (call.name === 'safepath') {
          visit(call.arg, macro);
        } else if (call.name === 'eval') {
          try {
            if (!fallback) for (const name of compileExpression(call.arg.trim()).names) names.push({ name, macro });
          } catch (error) {
            problems.push(`Macro {{${macro}}}: ${error instanceof Error ? error.message : String(error)}`);
          }
        }
        return;
      }
      if (fallback && k === alternatives.length - 1) return;
      if (!fallback) names.push({ name: alt, macro });
    });
  };
  let pos = 0;
  for (;;) {
    const start = text.indexOf('{{', pos);
    if (start < 0) break;
    const end = text.indexOf('}}', start + 2);
    if (end < 0) {
      problems.push(`Unterminated macro \`${text.slice(start, start + 20)}\` (missing \`}}\`)`);
      break;
    }
    const macro = text.slice(start + 2, end).trim();
    if (macro !== '') visit(macro, macro);
    pos = end + 2;
  }
  return { problems, names };
}

/** The property names a config's macros read: looked-up names and the free names of eval()/safepath(). */
export function referencedNames(value: unknown): Set<string> {
  const names = new Set<string>();
  for (const expr of discoverMacros(value)) collectNames(expr, names);
  return names;
}

// ---------------------------------------------------------------------------------------------
// strftime (C locale, as Python's time.strftime on glibc)

const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const COMPOSITES: Record<string, string> = {
  c: '%a %b %e %H:%M:%S %Y',
  D: '%m/%d/%y',
  F: '%Y-%m-%d',
  r: '%I:%M:%S %p',
  R: '%H:%M',
  T: '%H:%M:%S',
  x: '%m/%d/%y',
  X: '%H:%M:%S',
};

/** Day of the year, 0-based; computed on calendar dates so DST shifts cannot skew it. */
function dayOfYear(date: Date): number {
  return (Date.UTC(date.getFullYear(), date.getMonth(), date.getDate()) - Date.UTC(date.getFullYear(), 0, 1)) / 86_400_000;
}

function isoWeek(date: Date): { year: number; week: number } {
  const day = new Date(Date.UTC(date.getFullYear(), date.getMonth(), date.getDate()));
  const weekday = day.getUTCDay() || 7;
  day.setUTCDate(day.getUTCDate() + 4 - weekday);
  const yearStart = Date.UTC(day.getUTCFullYear(), 0, 1);
  return { year: day.getUTCFullYear(), week: Math.ceil(((day.getTime() - yearStart) / 86_400_000 + 1) / 7) };
}

function timeZoneName(date: Date): string {
  const part = new Intl.DateTimeFormat('en-US', { timeZoneName: 'short' }).formatToParts(date).find((p) => p.type === 'timeZoneName');
  return part?.value ?? '';
}

/** Numeric fields: [value, width, default padding]. */
function numericField(code: string, date: Date): [number, number, string] | undefined {
  const hour = date.getHours();
  switch (code) {
    case 'd':
      return [date.getDate(), 2, '0'];
    case 'e':
      return [date.getDate(), 2, ' '];
    case 'm':
      return [date.getMonth() + 1, 2, '0'];
    case 'y':
      return [date.getFullYear() % 100, 2, '0'];
    case 'Y':
      return [date.getFullYear(), 1, '0'];
    case 'C':
      return [Math.floor(date.getFullYear() / 100), 2, '0'];
    case 'G':
      return [isoWeek(date).year, 1, '0'];
    case 'g':
      return [isoWeek(date).year % 100, 2, '0'];
    case 'V':
      return [isoWeek(date).week, 2, '0'];
    case 'H':
      return [hour, 2, '0'];
    case 'k':
      return [hour, 2, ' '];
    case 'I':
      return [hour % 12 || 12, 2, '0'];
    case 'l':
      return [hour % 12 || 12, 2, ' '];
    case 'M':
      return [date.getMinutes(), 2, '0'];
    case 'S':
      return [date.getSeconds(), 2, '0'];
    case 'f':
      return [date.getMilliseconds() * 1000, 6, '0'];
    case 'j':
      return [dayOfYear(date) + 1, 3, '0'];
    case 'U':
      return [Math.floor((dayOfYear(date) + 7 - date.getDay()) / 7), 2, '0'];
    case 'W':
      return [Math.floor((dayOfYear(date) + 7 - ((date.getDay() + 6) % 7)) / 7), 2, '0'];
    case 'w':
      return [date.getDay(), 1, '0'];
    case 'u':
      return [date.getDay() || 7, 1, '0'];
    case 's':
      return [Math.floor(date.getTime() / 1000), 1, '0'];
    default:
      return undefined;
  }
}

function textField(code: string, date: Date): string | undefined {
  switch (code) {
    case 'a':
      return WEEKDAYS[date.getDay()].slice(0, 3);
    case 'A':
      return WEEKDAYS[date.getDay()];
    case 'b':
    case 'h':
      return MONTHS[date.getMonth()].slice(0, 3);
    case 'B':
      return MONTHS[date.getMonth()];
    case 'p':
      return date.getHours() < 12 ? 'AM' : 'PM';
    case 'P':
      return date.getHours() < 12 ? 'am' : 'pm';
    case 'z': {
      const offset = -date.getTimezoneOffset();
      const abs = Math.abs(offset);
      return `${offset < 0 ? '-' : '+'}${String(Math.floor(abs / 60)).padStart(2, '0')}${String(abs % 60).padStart(2, '0')}`;
    }
    case 'Z':
      return timeZoneName(date);
    case 'n':
      return '\n';
    case 't':
      return '\t';
    case '%':
      return '%';
    default:
      return COMPOSITES[code] === undefined ? undefined : strftime(COMPOSITES[code], date);
  }
}

/**
 * Python/glibc strftime of the local time, with the glibc flags `-` (no padding), `_` (spaces),
 * `0` (zeros) and `^` (upper case). Unknown codes are kept as written, as glibc does.
 */
export function strftime(format: string, date: Date = new Date()): string {
  return format.replace(/%([-_0^]?)([A-Za-z%])/g, (whole, flag: string, code: string) => {
    const numeric = numericField(code, date);
    let text: string;
    if (numeric) {
      const [value, width, pad] = numeric;
      const digits = String(Math.abs(value));
      const sign = value < 0 ? '-' : '';
      text = flag === '-' ? sign + digits : sign + digits.padStart(width, flag === '_' ? ' ' : flag === '0' ? '0' : pad);
    } else {
      const field = textField(code, date);
      if (field === undefined) return whole;
      text = field;
    }
    return flag === '^' ? text.toUpperCase() : text;
  });
}
