import { Observer } from './Observer.js';
import { Event } from '../../core/Event.js';
import type { OptionSpec } from '../../core/Options.js';
import { isPlainObject, type ConfigObject } from '../../core/config/ConfigLoader.js';
import { LogStaxPipeline } from '../../logstax/LogStaxPipeline.js';
import { LogStaxConfigError } from '../../logstax/LogStaxConfigError.js';
import type { LogStaxMessage } from '../../logstax/LogStaxMessage.js';
import { isKnownEventName } from '../../core/EventCatalog.js';

interface LineSource {
  name: string;
  kinds: string[] | null;
  field: string;
}

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
    filters: { type: 'array', required: true, description: 'Filters applied to every message: `{type: grok, match: {field: pattern}, overwrite, add_field, remove_field, add_tag, remove_tag}`; the manual\'s `- codec: {...}` entries are accepted as codecs' },
    codecs: { type: 'array', default: [{ type: 'singleline' }], description: 'Codecs that turn lines into messages: `{type: singleline}` or `{type: multiline, lines: [{match, ignorecase, partial, repeat, optional}], acceptIncomplete, newline}`' },
    events: { type: 'array', default: [{ name: 'LogLineEvent', field: 'line' }], description: 'Line sources: `[{name: EventName, field: attribute, kind: stdout|[stdout, stderr]}]`' },
  };

  private sources: LineSource[] = DEFAULT_SOURCES;
  private readonly pipelines = new Map<string, LogStaxPipeline>();
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
      // Built once up front so pattern and option errors stop the run before it starts.
      this.pipelines.set('', new LogStaxPipeline(this.pipelineConfig));
    } catch (err) {
      if (err instanceof LogStaxConfigError) throw this.configError(err.message, err.path.split(/[.[]/)[0] || undefined);
      throw this.configError(err instanceof Error ? err.message : String(err));
    }
    if (cfg.events !== undefined) this.sources = this.readSources(cfg.events);
    const names = [...new Set(this.sources.map((s) => s.name))];
    this.ctx.bus.subscribe((e) => this.onEvent(e), { events: names, order: 6 });
    this.ctx.bus.subscribe(() => this.flush(), { events: ['TeardownEvent'], order: 1 });
  }

  private readSources(events: unknown): LineSource[] {
    if (!Array.isArray(events) || events.length === 0) throw this.configError('`events` must be a non-empty list of `{name, field, kind}`', 'events');
    return events.map((spec, i) => {
      if (!isPlainObject(spec)) throw this.configError(`events[${i}] must be a mapping`, 'events');
      for (const k of Object.keys(spec)) if (!['name', 'field', 'kind'].includes(k)) throw this.configError(`Unknown key \`${k}\` in events[${i}] (expected name, field, kind)`, 'events');
      const name = String(spec.name ?? 'LogLineEvent');
      if (!isKnownEventName(name)) throw this.configError(`Unknown event \`${name}\` in events[${i}]`, 'events');
      const kind = spec.kind;
      return { name, field: String(spec.field ?? 'line'), kinds: kind === undefined || kind === null ? null : (Array.isArray(kind) ? kind : [kind]).map(String) };
    });
  }

  private pipelineFor(key: string): LogStaxPipeline {
    let p = this.pipelines.get(key);
    if (!p) {
      p = new LogStaxPipeline(this.pipelineConfig);
      this.pipelines.set(key, p);
    }
    return p;
  }

  private onEvent(e: Event): void {
    for (const src of this.sources) {
      if (!e.isA(src.name)) continue;
      if (src.kinds && !src.kinds.includes(String(e.kind))) continue;
      const line = e[src.field];
      if (line === undefined || line === null) continue;
      // Each output stream keeps its own multi-line state, so interleaved streams do not mix.
      const key = `${String(e.source ?? '')}\u0000${String(e.kind ?? '')}`;
      for (const m of this.pipelineFor(key).push(String(line))) this.emit(m, e.traceids);
      return;
    }
  }

  private flush(): void {
    for (const p of this.pipelines.values()) for (const m of p.flush()) this.emit(m, this.lastTraceIds);
  }

  /** Publishes a finished message; subclasses turn messages into their own events. */
  protected emit(message: LogStaxMessage, traceids: number[]): void {
    this.ctx.bus.publish(new Event('LogStaxMessageEvent', { tags: new Set(message.tags), fields: { ...message.fields } }, traceids.length ? traceids : this.lastTraceIds));
  }
}
