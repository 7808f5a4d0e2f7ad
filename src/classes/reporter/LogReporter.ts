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
    filename: { type: 'string', default: 'trace.log', description: 'The file to write (default: trace.log in the results directory)' },
    timestamp: { type: 'boolean', default: false, description: 'Prefix every line with `[%Y-%m-%d %H:%M:%S] ` (local time of the event)' },
    append: { type: 'boolean', default: false, description: 'Append to the file instead of replacing it' },
  };

  private out: WriteStream | null = null;
  private failure: Error | null = null;

  override async init(): Promise<void> {
    const cfg = this.render();
    const path = this.outputPath(cfg.filename, 'trace.log');
    const stamp = toBoolean(this.option(cfg, 'timestamp'));
    try {
      mkdirSync(dirname(path), { recursive: true });
    } catch (err) {
      throw this.configError(`Cannot create the directory of ${path}: ${err instanceof Error ? err.message : String(err)}`, 'filename');
    }
    // Opened before the test starts, as in the original, so the file shows the output live.
    const out = createWriteStream(path, { flags: toBoolean(this.option(cfg, 'append')) ? 'a' : 'w' });
    out.on('error', (err) => {
      this.failure ??= err;
      this.logger.error(`Cannot write ${path}: ${err.message}`);
    });
    this.out = out;
    this.ctx.bus.subscribe((e: Event) => {
      if (this.failure) return;
      const prefix = stamp ? `[${strftime('%Y-%m-%d %H:%M:%S', new Date(e.ts * 1000))}] ` : '';
      out.write(`${prefix}${String(e.line)}\n`);
    }, { events: ['LogLineEvent'], order: 10 });
  }

  async dump(): Promise<void> {
    const out = this.out;
    this.out = null;
    // 'close' follows both a completed end() and a failure.
    if (out && !out.closed) await new Promise<void>((resolve) => out.once('close', resolve).end());
    if (this.failure) throw this.failure;
  }
}
