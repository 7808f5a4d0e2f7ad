import { Observer } from './Observer.js';
import { Event } from '../../core/Event.js';
import type { OptionSpec } from '../../core/Options.js';
import { isPlainObject, type ConfigObject } from '../../core/config/ConfigLoader.js';
import { LogStaxPipeline } from '../../logstax/LogStaxPipeline.js';
import { LogStaxConfigError } from '../../logstax/LogStaxConfigError.js';
import type { LogStaxMessage } from '../../logstax/LogStaxMessage.js';
import { EVENT_CATALOG, isKnownEventName } from '../../core/EventCatalog.js';
import { didYouMean } from '../../core/closestMatch.js';

interface LineSource {
  name: string;
  kinds: string[] | null;
  field: string;
}

/** One output stream (program and kind) with its own codec state. */
interface Stream {
  pipeline: LogStaxPipeline;
  /** Trace ids of the stream's latest line: what a block flushed later belongs to. */
  traceids: number[];
}

const SOURCE_KEYS = ['name', 'field', 'kind'];
const DEFAULT_SOURCES: LineSource[] = [{ name: 'LogLineEvent', kinds: null, field: 'line' }];

/**
 * Logstash-like processing of log lines: codecs turn lines into messages, grok filters
 * extract fields and tags. Each processed message is handed to `emit`.
 */
export class LogStaxObserver extends Observer {
  static readonly className: string = 'observer.LogStaxObserver';
  static readonly description: string = 'Logstash-like observer: turns lines of events (LogLineEvent by default) into messages with fields and tags, using codecs and grok filters.';
  static readonly publishes: readonly string[] = ['LogStaxMessageEvent'];
  static readonly options: OptionSpec = {
    filters: { type: 'array', required: true, description: 'Filters applied to every message: `{type: grok, match: {field: pattern}, overwrite, add_field, remove_field, add_tag, remove_tag}` or `{type: basic, ...}` (no condition); the manual\'s `- codec: {...}` entries are accepted as codecs' },
    codecs: { type: 'array', default: [{ type: 'singleline' }], description: 'Codecs that turn lines into messages: `{type: singleline}` or `{type: multiline, lines: [{match, ignorecase, partial, repeat, optional}], acceptIncomplete, newline}`' },
    events: { type: 'array', default: [{ name: 'LogLineEvent', field: 'line' }], description: 'Line sources, tried in order: `[{name: EventName, field: attribute, kind: stdout|[stdout, stderr]}]`' },
  };

  private sources: LineSource[] = DEFAULT_SOURCES;
  /** Program name, then kind: each output stream keeps its own multi-line state. */
  private readonly streams = new Map<string, Map<string, Stream>>();
  private pipelineConfig: ConfigObject = {};

  /** The pipeline configuration; MarathonLogsObserver supplies its own fixed one. */
  protected pipelineSettings(cfg: ConfigObject): ConfigObject {
    return { filters: cfg.filters, codecs: cfg.codecs };
  }

  override async init(): Promise<void> {
    await super.init();
    const cfg = this.render();
    this.pipelineConfig = this.pipelineSettings(cfg);
    try {
      // Built once up front so that pattern and option errors stop the run before it starts.
      new LogStaxPipeline(this.pipelineConfig);
    } catch (err) {
      if (err instanceof LogStaxConfigError) throw this.configError(err.path === '' ? err.message : err.message.slice(err.path.length + 2), err.path || undefined);
      throw this.configError(err instanceof Error ? err.message : String(err));
    }
    if (cfg.events !== undefined) this.sources = this.readSources(cfg.events);
    const names = [...new Set(this.sources.map((s) => s.name))];
    this.ctx.bus.subscribe((e) => this.onEvent(e), { events: names, order: 6 });
    // A block still open when its program exits is complete now, not at the end of the test.
    this.ctx.bus.subscribe((e) => this.flushSource(String(e.source ?? '')), { events: ['CmdlineExitEvent'], order: 6 });
    this.ctx.bus.subscribe(() => this.flushAll(), { events: ['TeardownEvent'], order: 1 });
  }

  private readSources(events: unknown): LineSource[] {
    if (!Array.isArray(events) || events.length === 0) throw this.configError('`events` must be a non-empty list of `{name, field, kind}`', 'events');
    return events.map((spec, i) => {
      if (!isPlainObject(spec)) throw this.configError(`events[${i}] must be a mapping`, `events[${i}]`);
      for (const k of Object.keys(spec)) if (!SOURCE_KEYS.includes(k)) throw this.configError(`Unknown key \`${k}\` in events[${i}]${didYouMean(k, SOURCE_KEYS) || ' (expected name, field, kind)'}`, `events[${i}].${k}`);
      const name = String(spec.name ?? 'LogLineEvent');
      if (!isKnownEventName(name)) throw this.configError(`Unknown event \`${name}\`${didYouMean(name, Object.keys(EVENT_CATALOG))}`, `events[${i}].name`);
      const kind = spec.kind;
      return { name, field: String(spec.field ?? 'line'), kinds: kind === undefined || kind === null ? null : (Array.isArray(kind) ? kind : [kind]).map(String) };
    });
  }

  private stream(source: string, kind: string): Stream {
    let byKind = this.streams.get(source);
    if (!byKind) {
      byKind = new Map();
      this.streams.set(source, byKind);
    }
    let stream = byKind.get(kind);
    if (!stream) {
      stream = { pipeline: new LogStaxPipeline(this.pipelineConfig), traceids: [] };
      byKind.set(kind, stream);
    }
    return stream;
  }

  /** The first source spec that yields a line wins. */
  private onEvent(e: Event): void {
    for (const src of this.sources) {
      if (src.name !== e.event && !e.isA(src.name)) continue;
      if (src.kinds !== null && !src.kinds.includes(String(e.kind))) continue;
      const line = e[src.field];
      if (line === undefined || line === null) continue;
      const stream = this.stream(String(e.source ?? ''), String(e.kind ?? ''));
      stream.traceids = this.traceIdsOf(e);
      const messages = stream.pipeline.push(typeof line === 'string' ? line : String(line));
      // A message is as old as the line that completed it, however long it waited in the queue.
      for (let i = 0; i < messages.length; i++) this.emit(messages[i]!, stream.traceids, e.ts);
      return;
    }
  }

  /**
   * A line from a process launched for a test case carries that test case's trace ids; a
   * line of a program started on its own (`atstart`) carries only its own id, and then
   * belongs to the latest ParameterUpdateEvent, as in the original.
   */
  private traceIdsOf(e: Event): number[] {
    return e.traceids.length > 1 || this.lastTraceIds.length === 0 ? e.traceids : [...e.traceids, ...this.lastTraceIds];
  }

  private flushSource(source: string): void {
    const byKind = this.streams.get(source);
    if (!byKind) return;
    for (const stream of byKind.values()) for (const m of stream.pipeline.flush()) this.emit(m, stream.traceids);
  }

  private flushAll(): void {
    for (const source of this.streams.keys()) this.flushSource(source);
  }

  /**
   * Publishes a finished message; subclasses turn messages into their own events. The
   * message is not used after this, so the event takes its tags and fields as they are.
   * `ts` is the time of the line that completed it (now, for blocks flushed at the end).
   */
  protected emit(message: LogStaxMessage, traceids: number[], ts?: number): void {
    this.ctx.bus.publish(new Event('LogStaxMessageEvent', { tags: message.tags, fields: message.fields }, traceids, ts));
  }
}
