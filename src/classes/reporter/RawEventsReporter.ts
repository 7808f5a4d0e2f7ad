import { Reporter } from './Reporter.js';
import type { Event } from '../../core/Event.js';
import type { OptionSpec } from '../../core/Options.js';
import { toBoolean } from '../../core/Options.js';
import { LazyFileWriter } from '../../core/LazyFileWriter.js';

/** Streams every event to a file as `ts;Name;{json}` lines while the test runs. */
export class RawEventsReporter extends Reporter {
  static readonly className = 'reporter.RawEventsReporter';
  static readonly description = 'Dumps every event of the event bus to a file that can be used for offline event processing.';
  static readonly publishes = [] as const;
  static readonly options: OptionSpec = {
    filename: { type: 'string', default: 'events.dump', description: 'Where to dump the events' },
    tickEvents: { type: 'boolean', default: false, description: 'Include TickEvents (noisy)' },
  };

  private out: LazyFileWriter | null = null;

  override async init(): Promise<void> {
    const cfg = this.render();
    const ticks = toBoolean(this.option(cfg, 'tickEvents'));
    const out = new LazyFileWriter(this.outputPath(cfg.filename, 'events.dump'), false, (err) => this.logger.error(`Cannot write events: ${err.message}`));
    this.out = out;
    this.ctx.bus.subscribe((e: Event) => {
      if (!ticks && e.event === 'TickEvent') return;
      out.write(this.ctx.redact(`${e.ts.toFixed(6)};${e.event};${JSON.stringify(e.toDict())}\n`));
    }, { order: 10 });
  }

  async dump(): Promise<void> {
    if (!this.out) return;
    await this.out.close(true);
    this.logger.info(`Wrote events to ${this.out.path}`);
  }
}
