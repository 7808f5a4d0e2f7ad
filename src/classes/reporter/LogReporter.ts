import { Reporter } from './Reporter.js';
import type { Event } from '../../core/Event.js';
import type { OptionSpec } from '../../core/Options.js';
import { toBoolean } from '../../core/Options.js';
import { strftime } from '../../core/Macros.js';
import { LazyFileWriter } from '../../core/LazyFileWriter.js';

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

  private out: LazyFileWriter | null = null;

  override async init(): Promise<void> {
    const cfg = this.render();
    const path = this.outputPath(cfg.filename, 'trace.log');
    const stamp = toBoolean(this.option(cfg, 'timestamp'));
    const out = new LazyFileWriter(path, toBoolean(this.option(cfg, 'append')), (err) => this.logger.error(`Cannot write ${path}: ${err.message}`));
    this.out = out;
    this.ctx.bus.subscribe((e: Event) => {
      const prefix = stamp ? `[${strftime('%Y-%m-%d %H:%M:%S', new Date(e.ts * 1000))}] ` : '';
      out.write(this.ctx.redact(`${prefix}${String(e.line)}\n`));
    }, { events: ['LogLineEvent'], order: 10 });
  }

  async dump(): Promise<void> {
    await this.out?.close(true);
  }
}
