import { Reporter } from './Reporter.js';
import { sortedJson } from './sortedJson.js';
import { EventFilter } from '../../core/EventFilter.js';
import type { Event } from '../../core/Event.js';
import { writeFileAtomic } from '../../core/writeFileAtomic.js';
import type { OptionSpec } from '../../core/Options.js';
import { toBoolean } from '../../core/Options.js';
import { isPlainObject } from '../../core/config/ConfigLoader.js';
import { didYouMean } from '../../core/closestMatch.js';
import { redactConfig } from '../../core/redactConfig.js';

interface TraceBin {
  parameters: Record<string, unknown>;
  events: Array<Record<string, unknown>>;
}

/** Dumps everything: config, meta, indicators, raw and summarized values, optional event traces. */
export class RawReporter extends Reporter {
  static readonly className = 'reporter.RawReporter';
  static readonly description = 'Creates a raw dump of the results in JSON format.';
  static readonly publishes = [] as const;
  static readonly options: OptionSpec = {
    filename: { type: 'string', default: 'results-raw.json', description: 'Where to dump the results' },
    events: {
      type: ['boolean', 'object'],
      description: 'Include event traces: `yes`, or `{include: filter, exclude: filter, traces: yes|no}` (traces groups the events per test case)',
    },
  };

  private readonly started = new Date();
  private include: EventFilter | null = null;
  private exclude: EventFilter | null = null;
  private grouped = true;
  private bins = new Map<number, TraceBin>();
  private flat: Array<Record<string, unknown>> = [];
  private tracing = false;

  override async init(): Promise<void> {
    const events = this.config.events;
    if (events === undefined || events === null || events === false) return;
    this.tracing = true;
    if (isPlainObject(events)) {
      for (const k of Object.keys(events)) if (!['include', 'exclude', 'traces'].includes(k)) throw this.configError(`Unknown key \`${k}\` in events${didYouMean(k, ['include', 'exclude', 'traces']) || ' (expected include, exclude, traces)'}`, `events.${k}`);
      this.include = this.filterOption(events.include ?? '*', 'events.include');
      if (events.exclude) this.exclude = this.filterOption(events.exclude, 'events.exclude');
      if (events.traces !== undefined) this.grouped = toBoolean(events.traces);
    } else {
      this.include = new EventFilter('*');
    }
    const includeSession = this.include.start(null, (e) => this.keep(e));
    const excluded = new Set<Event>();
    const excludeSession = this.exclude?.start(null, (e) => excluded.add(e));
    this.ctx.bus.subscribe((e) => {
      if (e.event === 'TickEvent' && !this.include?.eventNames.includes('TickEvent')) return;
      if (e.event === 'ParameterUpdateEvent') this.bins.set(Math.min(...e.traceids), { parameters: e.parameters as Record<string, unknown>, events: [] });
      excludeSession?.handle(e);
      if (excluded.delete(e)) return;
      includeSession.handle(e);
    }, { order: 10 });
  }

  private keep(e: Event): void {
    const dict = e.toDict();
    if (!this.grouped) {
      this.flat.push(dict);
      return;
    }
    for (const id of e.traceids) {
      const bin = this.bins.get(id);
      if (bin) {
        bin.events.push(dict);
        return;
      }
    }
  }

  override async checkpoint(): Promise<void> {
    await this.write(false);
  }

  async dump(): Promise<void> {
    await this.write(true);
  }

  private async write(final: boolean): Promise<void> {
    const cfg = this.render();
    const path = this.outputPath(cfg.filename, 'results-raw.json');
    const sum = this.ctx.collector.sum();
    const result: Record<string, unknown> = {
      time: { started: this.started.toISOString(), completed: new Date().toISOString() },
      config: redactConfig(this.ctx.root, this.ctx.definitions),
      indicators: await this.ctx.indicators.calculate(sum),
      meta: this.ctx.meta,
      raw: this.ctx.collector.raw(),
      sum,
    };
    if (this.tracing) result.events = this.grouped ? [...this.bins.values()].filter((b) => b.events.length > 0) : this.flat;
    writeFileAtomic(path, this.ctx.redact(sortedJson(result)));
    if (final) this.logger.info(`Wrote raw results to ${path}`);
  }
}
