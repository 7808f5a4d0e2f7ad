import { Tracker } from './Tracker.js';
import type { EventFilter, EventFilterSession } from '../../core/EventFilter.js';
import type { Expression } from '../../core/Expression.js';
import type { Event } from '../../core/Event.js';
import type { OptionSpec } from '../../core/Options.js';
import { isPlainObject, type ConfigObject } from '../../core/config/ConfigLoader.js';
import { subscriptionEvents } from './subscriptionEvents.js';

const FILTER_KEYS = ['all_tags', 'tags', 'some_tags', 'all_fields', 'some_fields', 'fields'];
const RULE_KEYS = ['metric', 'value', 'traceIdFrom', 'filter', ...FILTER_KEYS];

interface Rule {
  metric: string;
  value: Expression;
  allTags: string[];
  someTags: string[];
  allFields: string[];
  someFields: string[];
  fields: Record<string, unknown>;
  traceSession: EventFilterSession;
  traceids: number[] | null;
  parameters: Record<string, unknown>;
}

function list(v: unknown): string[] {
  if (v === undefined || v === null) return [];
  return (Array.isArray(v) ? v : [v]).map(String);
}

/** Turns fields of LogStaxMessageEvents into metric samples. */
export class LogStaxTracker extends Tracker {
  static readonly className = 'tracker.LogStaxTracker';
  static readonly description = 'Forwards the values of LogStax message fields as metrics.';
  static readonly publishes = ['MetricUpdateEvent'] as const;
  static readonly options: OptionSpec = {
    collect: {
      type: 'array',
      required: true,
      description:
        'Rules `{metric, value, traceIdFrom, filter: {all_tags|tags, some_tags, all_fields, some_fields, fields: {k: v}}}`; `value` is an expression over definitions, parameters and message fields; the filter keys may also sit directly on the rule',
    },
  };

  private rules: Rule[] = [];

  override async init(): Promise<void> {
    const cfg = this.render();
    if (!Array.isArray(cfg.collect) || cfg.collect.length === 0) throw this.configError('`collect` must be a non-empty list of rules', 'collect');
    const traceFilters: EventFilter[] = [];
    this.rules = cfg.collect.map((raw, i) => this.readRule(raw, i, traceFilters));
    // Order 1: the rule's trace ids must be current before other subscribers react.
    this.ctx.bus.subscribe((e) => this.onEvent(e), { order: 1, events: subscriptionEvents(['LogStaxMessageEvent', 'ParameterUpdateEvent'], traceFilters) });
  }

  private readRule(raw: unknown, i: number, traceFilters: EventFilter[]): Rule {
    if (!isPlainObject(raw)) throw this.configError(`collect[${i}] must be a mapping`, `collect[${i}]`);
    for (const k of Object.keys(raw)) if (!RULE_KEYS.includes(k)) throw this.configError(`Unknown key \`${k}\` in collect[${i}] (expected ${RULE_KEYS.join(', ')})`, `collect[${i}].${k}`);
    let filter: ConfigObject = raw;
    if (raw.filter !== undefined) {
      if (!isPlainObject(raw.filter)) throw this.configError(`collect[${i}].filter must be a mapping`, `collect[${i}].filter`);
      for (const k of Object.keys(raw.filter)) if (!FILTER_KEYS.includes(k)) throw this.configError(`Unknown key \`${k}\` in collect[${i}].filter (expected ${FILTER_KEYS.join(', ')})`, `collect[${i}].filter.${k}`);
      filter = { ...raw, ...raw.filter };
    }
    const metric = this.checkMetric(raw.metric, `collect[${i}].metric`);
    const value = this.expressionOption(raw.value ?? 'None', `collect[${i}].value`);
    const traceFilter = this.filterOption(raw.traceIdFrom ?? 'ParameterUpdateEvent', `collect[${i}].traceIdFrom`);
    traceFilters.push(traceFilter);
    const fields = filter.fields === undefined ? {} : filter.fields;
    if (!isPlainObject(fields)) throw this.configError(`collect[${i}].fields must map field names to values`, `collect[${i}].fields`);
    const rule: Rule = {
      metric,
      value,
      allTags: [...list(filter.all_tags), ...list(filter.tags)],
      someTags: list(filter.some_tags),
      allFields: list(filter.all_fields),
      someFields: list(filter.some_fields),
      fields,
      traceids: null,
      parameters: {},
      traceSession: undefined as unknown as EventFilterSession,
    };
    rule.traceSession = traceFilter.start(null, (e) => {
      rule.traceids = [...e.traceids];
    });
    return rule;
  }

  /** The names the value uses: message fields win over parameters, which win over definitions. */
  private scope(r: Rule, fields: Record<string, unknown>): Record<string, unknown> {
    const scope: Record<string, unknown> = {};
    const definitions = this.ctx.definitions;
    for (const name of r.value.names) {
      if (name in fields) scope[name] = fields[name];
      else if (Object.hasOwn(r.parameters, name)) scope[name] = r.parameters[name];
      else if (definitions.has(name)) scope[name] = definitions.get(name);
    }
    return scope;
  }

  private onEvent(e: Event): void {
    if (e.event === 'ParameterUpdateEvent') for (const r of this.rules) r.parameters = e.parameters as Record<string, unknown>;
    for (const r of this.rules) r.traceSession.handle(e);
    if (e.event !== 'LogStaxMessageEvent') return;
    const tags = e.tags as Set<string>;
    const fields = e.fields as Record<string, unknown>;
    for (const r of this.rules) {
      if (!r.allTags.every((t) => tags.has(t))) continue;
      if (r.someTags.length && !r.someTags.some((t) => tags.has(t))) continue;
      if (!r.allFields.every((f) => f in fields)) continue;
      if (r.someFields.length && !r.someFields.some((f) => f in fields)) continue;
      if (!fieldsMatch(r.fields, fields)) continue;
      let value: unknown;
      try {
        value = r.value.evaluate(this.scope(r, fields));
      } catch (err) {
        this.logger.warn(`Expression evaluation "${r.value.source}" failed: ${err instanceof Error ? err.message : String(err)}`);
        continue;
      }
      this.trackMetric(r.metric, value, r.traceids ?? e.traceids);
    }
  }
}

/**
 * Every expected field is present with that value. Text and numbers compare by their text
 * (grok captures are text unless typed, so `fields: {code: 50}` matches the capture "50").
 */
function fieldsMatch(expected: Record<string, unknown>, fields: Record<string, unknown>): boolean {
  for (const k of Object.keys(expected)) {
    if (!(k in fields)) return false;
    const actual = fields[k];
    const want = expected[k];
    if (actual !== want && (actual === null || want === null || typeof actual === 'object' || String(actual) !== String(want))) return false;
  }
  return true;
}
