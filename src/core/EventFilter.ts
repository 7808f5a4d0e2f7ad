/**
 * The event filter DSL: `EventName[attr=value, ...]:selector ...`, modelled on CSS selectors.
 *
 * An expression is a list of terms separated by whitespace or commas; an event is taken by the first
 * term that accepts it (OR). `:not(EXPR)` as the whole expression inverts the match. Differences from
 * the original, all deliberate (PORTING-DECISIONS "fix defects"):
 * - every syntax problem, unknown event name, unknown selector or operator is a constructor error
 *   instead of a silently dropped condition or a failure at the first event;
 * - spaces around operators are allowed, values are trimmed, `:after` takes decimals (`1.5s`, `500ms`);
 * - each `<~` condition tests its own attribute and value and follows dict paths;
 * - a missing attribute or a type mismatch fails the check instead of throwing out of `handle()`;
 * - the `:after` timer is cancelled when `finalize()` fires it, so it never fires twice.
 */
import type { Event } from './Event.js';
import { EVENT_ALIASES, EVENT_CATALOG, isKnownEventName } from './EventCatalog.js';
import { parseTimeExpr } from './parseTimeExpr.js';

export type Selector =
  | { readonly kind: 'every' }
  | { readonly kind: 'first' }
  | { readonly kind: 'last' }
  | { readonly kind: 'single' }
  | { readonly kind: 'after'; readonly seconds: number }
  | { readonly kind: 'nth'; readonly n: number; readonly group: string };

export interface FilterTerm {
  /** `NAME:ATTRS:FLAGS` as written (e.g. `FooEvent:::single`); keys `:nth` counters and `:single`. */
  readonly id: string;
  /** An event name, an alias, or `*`. */
  readonly name: string;
  readonly checks: ReadonlyArray<(event: Event) => boolean>;
  readonly selector: Selector;
  readonly notrace: boolean;
}

type Fail = (message: string) => never;

const OPERATORS = new Set(['=', '==', '!=', '>', '>=', '<', '<=', '~=', '~==', '<~']);
const OPERATOR_LIST = '=, ==, !=, >, >=, <, <=, ~=, ~== or <~';
const SELECTORS = ['first', 'last', 'nth', 'single', 'after', 'notrace'];
const SELECTOR_LIST = ':first, :last, :nth(n), :nth(n,grp), :single, :after(T), :notrace';
/** Node runs longer timeouts after 1 ms instead, so longer `:after` delays are refused. */
const MAX_TIMER_MS = 2 ** 31 - 1;
const NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;
const TRUE_WORD = /^(?:true|yes)$/i;
const FALSE_WORD = /^(?:false|no)$/i;
const MISSING = Symbol('missing');
const OPENERS: Record<string, string> = { '(': ')', '[': ']', '{': '}' };

/** Events already taken by a `:single` term, keyed by term id, shared by every filter in the process. */
const singleRegistry = new Map<string, Event>();

/** Forget every `:single` match (for tests: the registry otherwise lives as long as the process). */
export function resetSingleRegistry(): void {
  singleRegistry.clear();
}

export class EventFilter {
  readonly expression: string;
  /** Event names used in the terms, as written (aliases included), without `*`. */
  readonly eventNames: string[];
  /** True for `:not(EXPR)`: the filter then takes every event EXPR does not match, whatever its name. */
  readonly negated: boolean;
  readonly terms: readonly FilterTerm[];

  constructor(expression: string) {
    if (typeof expression !== 'string') {
      throw new Error(`Invalid event filter: expected a string, got ${expression === null ? 'null' : typeof expression}`);
    }
    this.expression = expression;
    const fail: Fail = (message) => {
      throw new Error(`Invalid event filter "${expression.replace(/\s+/g, ' ')}": ${message}`);
    };
    const { negated, text } = unwrapNot(expression, fail);
    this.negated = negated;
    this.terms = new TermParser(text, fail).parseTerms();
    if (this.terms.length === 0) fail('no event name found (expected something like "EventName[attr=value]:selector")');
    if (negated) {
      for (const term of this.terms) {
        if (term.selector.kind !== 'every') fail(`selector ":${term.selector.kind}" cannot be used inside :not(...); only :notrace can`);
      }
    }
    this.eventNames = [...new Set(this.terms.map((t) => t.name).filter((n) => n !== '*'))];
  }

  /**
   * The event names a bus subscriber needs to receive for this filter (ancestors and aliases
   * match as usual), or null when it can match any event (`*` or `:not(...)`).
   */
  get subscriptionEvents(): string[] | null {
    if (this.negated || this.terms.some((t) => t.name === '*')) return null;
    return this.eventNames;
  }

  start(traceids: number | Iterable<number> | null | undefined, callback: (event: Event) => void): EventFilterSession {
    return new EventFilterSession(this, traceids, callback);
  }
}

export class EventFilterSession {
  readonly #filter: EventFilter;
  readonly #callback: (event: Event) => void;
  #traceids: Set<number> | null;
  /** Shared by all terms and selectors, as in the original: `A:first B:first` fires once in total. */
  #found: Event | null = null;
  #last: Event | null = null;
  #pendingAfter: { timer: NodeJS.Timeout; event: Event } | null = null;
  readonly #counters = new Map<string, number>();

  constructor(filter: EventFilter, traceids: number | Iterable<number> | null | undefined, callback: (event: Event) => void) {
    this.#filter = filter;
    this.#callback = callback;
    this.#traceids = traceids == null ? null : typeof traceids === 'number' ? new Set([traceids]) : new Set(traceids);
    // A `:single` term that already matched in any session accepts at once (callback before start() returns).
    for (const term of filter.terms) {
      const seen = term.selector.kind === 'single' ? singleRegistry.get(term.id) : undefined;
      if (seen) callback(seen);
    }
  }

  /** The trace ids an event must share (unless `:notrace`); null means no trace filtering. */
  get traceids(): Set<number> | null {
    return this.#traceids;
  }

  addTraceId(id: number): void {
    if (this.#traceids === null) this.#traceids = new Set([id]);
    else this.#traceids.add(id);
  }

  handle(event: Event): void {
    const terms = this.#filter.terms;
    if (this.#filter.negated) {
      if (terms.some((term) => matchesTerm(term, event))) return;
      if (this.#inTrace(event, terms.some((term) => term.notrace))) this.#callback(event);
      return;
    }
    // A plain loop: this runs for every event a filter sees, and closures would be allocated per call.
    for (let i = 0; i < terms.length; i++) {
      const term = terms[i]!;
      if (this.#inTrace(event, term.notrace) && matchesTerm(term, event)) {
        this.#act(term, event);
        return;
      }
    }
  }

  /** Fires a pending `:after` now (its timer is cancelled), then the event recorded by `:last`. */
  finalize(): void {
    const pending = this.#pendingAfter;
    if (pending) {
      clearTimeout(pending.timer);
      this.#pendingAfter = null;
      this.#callback(pending.event);
    }
    const last = this.#last;
    if (last) {
      this.#last = null;
      this.#callback(last);
    }
  }

  #inTrace(event: Event, notrace: boolean): boolean {
    const wanted = this.#traceids;
    if (notrace || wanted === null) return true;
    // Over the event's short id list with Set lookups: iterating the Set would allocate an iterator.
    const ids = event.traceids;
    for (let i = 0; i < ids.length; i++) if (wanted.has(ids[i]!)) return true;
    return false;
  }

  #act(term: FilterTerm, event: Event): void {
    const selector = term.selector;
    switch (selector.kind) {
      case 'first':
        if (this.#found === null) {
          this.#found = event;
          this.#callback(event);
        }
        return;
      case 'last':
        this.#found = event;
        this.#last = event;
        return;
      case 'single':
        if (singleRegistry.has(term.id)) return;
        // Registered before the callback so that a re-entrant publish cannot fire it twice.
        singleRegistry.set(term.id, event);
        this.#found = event;
        this.#callback(event);
        return;
      case 'after':
        this.#found = event;
        this.#startAfter(selector.seconds, event);
        return;
      case 'nth': {
        const count = (this.#counters.get(selector.group) ?? 0) + 1;
        this.#counters.set(selector.group, count);
        if (count === selector.n) {
          this.#found = event;
          this.#callback(event);
        }
        return;
      }
      case 'every':
        this.#callback(event);
    }
  }

  #startAfter(seconds: number, event: Event): void {
    if (this.#pendingAfter) clearTimeout(this.#pendingAfter.timer);
    const timer = setTimeout(() => {
      this.#pendingAfter = null;
      try {
        this.#callback(event);
      } catch (err) {
        // Thrown inside a timer it would crash the process; the bus also survives a throwing subscriber.
        process.emitWarning(err instanceof Error ? err : String(err), 'EventFilterWarning');
      }
    }, seconds * 1000);
    // A pending `:after` must never keep the process alive.
    timer.unref();
    this.#pendingAfter = { timer, event };
  }
}

function matchesTerm(term: FilterTerm, event: Event): boolean {
  if (term.name !== '*' && term.name !== event.event && !event.isA(term.name)) return false;
  const checks = term.checks;
  try {
    for (let i = 0; i < checks.length; i++) if (!checks[i]!(event)) return false;
    return true;
  } catch {
    // A throwing getter or toString on an attribute is a failed check, never an error out of handle().
    return false;
  }
}

function unwrapNot(expression: string, fail: Fail): { negated: boolean; text: string } {
  const trimmed = expression.trim();
  if (!/^:not\(/i.test(trimmed)) return { negated: false, text: expression };
  if (!trimmed.endsWith(')')) fail('`:not(...)` must wrap the whole expression, as in ":not(TickEvent)"');
  const inner = trimmed.slice(':not('.length, -1);
  if (/^\s*:not\(/i.test(inner)) fail('`:not(...)` cannot be nested');
  return { negated: true, text: inner };
}

interface RawValue {
  text: string;
  quoted: boolean;
}

class TermParser {
  #pos = 0;

  constructor(
    private readonly text: string,
    private readonly fail: Fail,
  ) {}

  parseTerms(): FilterTerm[] {
    const terms: FilterTerm[] = [];
    for (;;) {
      this.#match(/[\s,]*/y);
      if (this.#pos >= this.text.length) return terms;
      const start = this.#pos;
      terms.push(this.#parseTerm());
      const next = this.text[this.#pos];
      if (next !== undefined && !/[\s,]/.test(next)) {
        this.fail(`unexpected "${this.#rest()}" after "${this.text.slice(start, this.#pos)}"`);
      }
    }
  }

  #parseTerm(): FilterTerm {
    const name = this.#match(/\*|\w+/y);
    if (name === null) this.fail(`expected an event name at "${this.#rest()}"`);
    if (!isKnownEventName(name)) this.fail(`unknown event "${name}"${suggest(name, KNOWN_EVENTS)}`);

    let rawAttrs = '';
    let checks: Array<(event: Event) => boolean> = [];
    // Whitespace before `[` is allowed: the manual writes `HTTPResponseEndEvent [body~=foo]`.
    if (this.#peekPastSpace() === '[') {
      this.#match(/\s*\[/y);
      const attrStart = this.#pos;
      checks = this.#parseConditions();
      rawAttrs = this.text.slice(attrStart, this.#pos - 1);
    }

    let rawFlags = '';
    const flags: Array<{ name: string; params: string | undefined }> = [];
    while (this.#peekPastSpace() === ':') {
      this.#match(/\s*/y);
      const flagStart = this.#pos;
      this.#pos += 1;
      const flag = this.#match(/\w+/y);
      if (flag === null) this.fail(`expected a selector name after ":" at "${this.#rest()}"`);
      let params: string | undefined;
      if (this.text[this.#pos] === '(') {
        const close = this.text.indexOf(')', this.#pos);
        if (close < 0) this.fail(`missing ")" in selector "${this.text.slice(flagStart)}"`);
        params = this.text.slice(this.#pos + 1, close);
        this.#pos = close + 1;
      }
      rawFlags += this.text.slice(flagStart, this.#pos);
      // Selectors and their parameters are case-insensitive (the original lowercased both).
      flags.push({ name: flag.toLowerCase(), params: params?.toLowerCase() });
    }

    const id = `${name}:${rawAttrs}:${rawFlags}`;
    return { id, name, checks, ...compileSelectors(flags, id, this.fail) };
  }

  #parseConditions(): Array<(event: Event) => boolean> {
    const checks: Array<(event: Event) => boolean> = [];
    const open = this.#pos;
    for (;;) {
      this.#match(/\s*/y);
      const ch = this.text[this.#pos];
      if (ch === undefined) this.fail(`missing "]" after "[${this.text.slice(open)}"`);
      if (ch === ']' || ch === ',') {
        this.#pos += 1;
        if (ch === ']') return checks;
      } else {
        checks.push(this.#parseCondition());
      }
    }
  }

  #parseCondition(): (event: Event) => boolean {
    const start = this.#pos;
    const condition = (): string => this.text.slice(start).split(/[,\]]/)[0]!.trim();
    const path = this.#parsePath(condition);
    this.#match(/\s*/y);
    const op = this.#match(/[=~!<>]+/y);
    if (op === null) this.fail(`condition "${condition()}" has no operator (use ${OPERATOR_LIST})`);
    if (!OPERATORS.has(op)) this.fail(`unknown operator "${op}" in condition "${condition()}" (use ${OPERATOR_LIST})`);
    this.#match(/\s*/y);
    const value = this.#parseValue(condition);
    this.#match(/\s*/y);
    const next = this.text[this.#pos];
    if (next !== undefined && next !== ',' && next !== ']') {
      this.fail(`unexpected "${this.#rest()}" after the value of condition "${this.text.slice(start, this.#pos).trim()}"`);
    }
    return compileCheck(path, op, value, this.text.slice(start, this.#pos).trim(), this.fail);
  }

  /** `a.b.c`, with `'key'` or `"key"` segments for dictionary keys that are not plain words. */
  #parsePath(condition: () => string): string[] {
    const segments: string[] = [];
    for (;;) {
      const quote = this.text[this.#pos];
      let segment: string | null;
      if (quote === "'" || quote === '"') {
        segment = this.#readQuoted(quote, condition);
      } else {
        segment = this.#match(/\w+/y);
      }
      if (segment === null) {
        this.fail(segments.length === 0 ? `condition "${condition()}" has no attribute name` : `attribute path in "${condition()}" ends with "."`);
      }
      segments.push(segment);
      if (this.text[this.#pos] !== '.') return segments;
      this.#pos += 1;
    }
  }

  #parseValue(condition: () => string): RawValue {
    const quote = this.text[this.#pos];
    if (quote === "'" || quote === '"') return { text: this.#readQuoted(quote, condition), quoted: true };
    // Unquoted values end at a `,` or `]` outside balanced brackets, so regex classes and counts like
    // `[0-9]{1,3}` work; a backslash protects the next character.
    const start = this.#pos;
    const closers: string[] = [];
    for (; this.#pos < this.text.length; this.#pos += 1) {
      const c = this.text[this.#pos]!;
      const opener = OPENERS[c];
      if (c === '\\') {
        this.#pos += 1;
      } else if (closers.length === 0 && (c === ',' || c === ']')) {
        break;
      } else if (opener !== undefined) {
        closers.push(opener);
      } else if (c === closers.at(-1)) {
        closers.pop();
      }
    }
    this.#pos = Math.min(this.#pos, this.text.length);
    if (closers.length > 0) this.fail(`unbalanced brackets in condition "${condition()}" (quote the value to use them freely)`);
    const text = this.text.slice(start, this.#pos).trim();
    if (text === '') this.fail(`condition "${condition()}" has no value`);
    return { text, quoted: false };
  }

  #readQuoted(quote: string, condition: () => string): string {
    const close = this.text.indexOf(quote, this.#pos + 1);
    if (close < 0) this.fail(`unclosed ${quote} in condition "${condition()}"`);
    const text = this.text.slice(this.#pos + 1, close);
    this.#pos = close + 1;
    return text;
  }

  #peekPastSpace(): string | undefined {
    const re = /\s*/y;
    re.lastIndex = this.#pos;
    re.exec(this.text);
    return this.text[re.lastIndex];
  }

  /** Consumes and returns the sticky `re` at the cursor, or null (cursor unchanged). */
  #match(re: RegExp): string | null {
    re.lastIndex = this.#pos;
    const m = re.exec(this.text);
    if (m === null) return null;
    this.#pos = re.lastIndex;
    return m[0];
  }

  #rest(): string {
    const rest = this.text.slice(this.#pos);
    return rest.length > 20 ? `${rest.slice(0, 20)}...` : rest;
  }
}

function compileSelectors(
  flags: ReadonlyArray<{ name: string; params: string | undefined }>,
  id: string,
  fail: Fail,
): { selector: Selector; notrace: boolean } {
  let selector: Selector = { kind: 'every' };
  let notrace = false;
  const noParams = (name: string, params: string | undefined): void => {
    if (params !== undefined) fail(`selector ":${name}" takes no argument`);
  };
  for (const { name, params } of flags) {
    if (name === 'not') fail('`:not(...)` must wrap the whole expression, as in ":not(TickEvent)"');
    if (!SELECTORS.includes(name)) fail(`unknown selector ":${name}"${suggest(`:${name}`, SELECTORS.map((n) => `:${n}`))}; valid selectors are ${SELECTOR_LIST}`);
    if (name === 'notrace') {
      noParams(name, params);
      notrace = true;
      continue;
    }
    // Only one of them could act (the original silently applied the first by precedence).
    if (selector.kind !== 'every') fail(`selectors ":${selector.kind}" and ":${name}" cannot be combined in one term`);
    switch (name) {
      case 'after':
        selector = { kind: 'after', seconds: afterSeconds(params, fail) };
        break;
      case 'nth':
        selector = nthSelector(params, id, fail);
        break;
      default:
        noParams(name, params);
        selector = { kind: name as 'first' | 'last' | 'single' };
    }
  }
  return { selector, notrace };
}

function afterSeconds(params: string | undefined, fail: Fail): number {
  if (params === undefined) fail('selector ":after" needs a time, as in ":after(2s)" or ":after(500ms)"');
  const seconds = parseTimeExpr(params.trim());
  if (seconds === null || !Number.isFinite(seconds) || seconds < 0) {
    fail(`event selector \`:after(${params})\` contains an invalid time expression`);
  }
  if (seconds * 1000 > MAX_TIMER_MS) fail(`event selector \`:after(${params})\` is longer than the 24-day timer limit`);
  return seconds;
}

function nthSelector(params: string | undefined, id: string, fail: Fail): Selector {
  const parts = (params ?? '').split(',').map((p) => p.trim());
  const [count, group] = parts;
  if (params === undefined || parts.length > 2 || !/^\d+$/.test(count!) || Number(count) < 1 || group === '') {
    fail(`selector ":nth${params === undefined ? '' : `(${params})`}" needs a positive count and an optional group, as in ":nth(3)" or ":nth(3,grp)"`);
  }
  return { kind: 'nth', n: Number(count), group: group ?? id };
}

interface Literal {
  text: string;
  number: number | null;
  bool: boolean | null;
}

function toLiteral(value: RawValue): Literal {
  if (value.quoted) return { text: value.text, number: null, bool: null };
  const { text } = value;
  return {
    text,
    // Decimals are numbers too, so `[a=5.0]` matches 5 (the original compared it as the string "5.0").
    number: NUMBER.test(text) ? Number(text) : null,
    bool: TRUE_WORD.test(text) ? true : FALSE_WORD.test(text) ? false : null,
  };
}

function compileCheck(path: string[], op: string, value: RawValue, condition: string, fail: Fail): (event: Event) => boolean {
  // Each check closes over its own path and value (the original's `<~` late-bound the last ones).
  const read = (event: Event): unknown => lookup(event, path);
  if (op === '~=' || op === '~==') {
    let re: RegExp;
    try {
      // Configs written for the original may use Python's `(?P<name>...)` group syntax.
      // `~==` is anchored at the start only (sticky), as in the original's re.match: the manual's
      // "exact match" wording was never true, and a full match is spelled with a trailing `$`.
      re = new RegExp(value.text.replace(/\(\?P</g, '(?<'), op === '~==' ? 'y' : '');
    } catch (err) {
      fail(`invalid regular expression in condition "${condition}": ${(err as Error).message}`);
    }
    return (event) => {
      const v = read(event);
      if (v === MISSING) return false;
      re.lastIndex = 0;
      return re.test(String(v));
    };
  }
  if (op === '<~') return (event) => contains(read(event), value.text);
  const literal = toLiteral(value);
  const test = comparison(op);
  return (event) => {
    const v = read(event);
    return v !== MISSING && test(v, literal);
  };
}

function comparison(op: string): (v: unknown, lit: Literal) => boolean {
  switch (op) {
    case '=':
    case '==':
      return equals;
    case '!=':
      return (v, lit) => !equals(v, lit);
    case '>':
      return (v, lit) => (order(v, lit) ?? NaN) > 0;
    case '>=':
      return (v, lit) => (order(v, lit) ?? NaN) >= 0;
    case '<':
      return (v, lit) => (order(v, lit) ?? NaN) < 0;
    default:
      return (v, lit) => (order(v, lit) ?? NaN) <= 0;
  }
}

/**
 * `[a=5]` matches the number 5 and also the text "5": log lines and rendered macros are text,
 * and `LogLineEvent[line=3]` failing on the line "3" (as the original's typed check did) is a trap.
 */
function equals(v: unknown, lit: Literal): boolean {
  if (typeof v === 'number') return v === lit.number;
  if (typeof v === 'boolean') return v === lit.bool;
  if (typeof v === 'string') return v === lit.text;
  return false;
}

/** Numeric when both sides are numbers (or booleans against true/false/yes/no), else by string. */
function order(v: unknown, lit: Literal): number | null {
  if (typeof v === 'number' && lit.number !== null) return v - lit.number;
  if (typeof v === 'boolean' && lit.bool !== null) return Number(v) - Number(lit.bool);
  if (typeof v === 'string' || typeof v === 'number') {
    const s = String(v);
    return s < lit.text ? -1 : s > lit.text ? 1 : 0;
  }
  return null;
}

/** Follows `path` from the event through own properties and Map keys; MISSING when a step is absent. */
function lookup(event: Event, path: readonly string[]): unknown {
  let current: unknown = event;
  for (const key of path) {
    if (current instanceof Map) {
      if (!current.has(key)) return MISSING;
      current = current.get(key);
    } else if (typeof current === 'object' && current !== null && Object.hasOwn(current, key)) {
      current = (current as Record<string, unknown>)[key];
    } else {
      return MISSING;
    }
  }
  return current === undefined ? MISSING : current;
}

/** `<~`: an element of an array or set (compared as text), or a key of a Map or object. */
function contains(container: unknown, item: string): boolean {
  if (Array.isArray(container) || container instanceof Set) {
    for (const element of container) if (isScalar(element) && String(element) === item) return true;
    return false;
  }
  if (container instanceof Map) {
    for (const key of container.keys()) if (String(key) === item) return true;
    return false;
  }
  return typeof container === 'object' && container !== null && Object.hasOwn(container, item);
}

function isScalar(value: unknown): boolean {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint';
}

const KNOWN_EVENTS = [...Object.keys(EVENT_CATALOG), ...Object.keys(EVENT_ALIASES)];

/** `; did you mean X?` for the closest candidate within a few edits, else nothing. */
function suggest(word: string, candidates: readonly string[]): string {
  const lower = word.toLowerCase();
  let best: string | null = null;
  let bestDistance = Math.max(2, Math.ceil(word.length / 3)) + 1;
  for (const candidate of candidates) {
    const distance = editDistance(lower, candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best === null ? '' : `; did you mean ${best}?`;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= b.length; j += 1) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length]!;
}
