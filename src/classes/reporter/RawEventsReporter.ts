import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import { dirname } from 'node:path';
import { Reporter } from './Reporter.js';
import type { Event } from '../../core/Event.js';
import type { OptionSpec } from '../../core/Options.js';
import { toBoolean } from '../../core/Options.js';

/** Streams every event to a file as `ts;Name;{json}` lines while the test runs. */
export class RawEventsReporter extends Reporter {
  static readonly className = 'reporter.RawEventsReporter';
  static readonly description = 'Dumps every event of the event bus to a file that can be used for offline event processing.';
  static readonly publishes = [] as const;
  static readonly options: OptionSpec = {
    filename: { type: 'string', default: 'events.dump', description: 'Where to dump the events' },
    tickEvents: { type: 'boolean', default: false, description: 'Include TickEvents (noisy)' },
  };

  private out: WriteStream | null = null;
  private dumpPath = '';

  override async init(): Promise<void> {
    const cfg = this.render();
    this.dumpPath = this.outputPath(cfg.filename, 'events.dump');
    const ticks = toBoolean(this.option(cfg, 'tickEvents'));
    mkdirSync(dirname(this.dumpPath), { recursive: true });
    this.out = createWriteStream(this.dumpPath);
    this.out.on('error', (err) => this.logger.error(`Cannot write ${this.dumpPath}: ${err.message}`));
    this.ctx.bus.subscribe((e: Event) => {
      if (!ticks && e.event === 'TickEvent') return;
      this.out?.write(`${e.ts.toFixed(6)};${e.event};${JSON.stringify(e.toDict())}\n`);
    }, { order: 10 });
  }

  async dump(): Promise<void> {
    const out = this.out;
    if (!out) return;
    this.out = null;
    await new Promise<void>((resolve, reject) => {
      out.once('error', reject);
      out.end(() => resolve());
    });
    this.logger.info(`Wrote events to ${this.dumpPath}`);
  }
}
