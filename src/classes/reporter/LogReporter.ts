import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import { dirname } from 'node:path';
import { Reporter } from './Reporter.js';
import type { Event } from '../../core/Event.js';
import type { OptionSpec } from '../../core/Options.js';
import { toBoolean } from '../../core/Options.js';
import { strftime } from '../../core/Macros.js';

/** Writes the LogLineEvents of the test (the output of the processes) to a file as they arrive. */
export class LogReporter extends Reporter {
  static readonly className = 'reporter.LogReporter';
  static readonly description = 'Writes every LogLineEvent of the test to a log file.';
  static readonly publishes = [] as const;
  static readonly options: OptionSpec = {
    filename: { type: 'string', default: 'trace.log', description: 'The file to write' },
    timestamp: { type: 'boolean', default: false, description: 'Prefix every line with `[%Y-%m-%d %H:%M:%S] ` (local time of the event)' },
    append: { type: 'boolean', default: false, description: 'Append to the file instead of replacing it' },
  };

  private out: WriteStream | null = null;

  override async init(): Promise<void> {
    const cfg = this.render();
    const path = this.outputPath(cfg.filename, 'trace.log');
    const stamp = toBoolean(this.option(cfg, 'timestamp'));
    mkdirSync(dirname(path), { recursive: true });
    this.out = createWriteStream(path, { flags: toBoolean(this.option(cfg, 'append')) ? 'a' : 'w' });
    this.out.on('error', (err) => this.logger.error(`Cannot write ${path}: ${err.message}`));
    this.ctx.bus.subscribe((e: Event) => {
      const prefix = stamp ? `[${strftime('%Y-%m-%d %H:%M:%S', new Date(e.ts * 1000))}] ` : '';
      this.out?.write(`${prefix}${String(e.line)}\n`);
    }, { events: ['LogLineEvent'], order: 10 });
  }

  async dump(): Promise<void> {
    const out = this.out;
    this.out = null;
    if (out) await new Promise<void>((resolve) => out.end(() => resolve()));
  }
}
