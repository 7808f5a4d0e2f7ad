import { Task } from '../Task.js';
import type { OptionSpec } from '../../../core/Options.js';
import { parseTimeExpr } from '../../../core/parseTimeExpr.js';

/** Pauses the trigger's task list (e.g. to let a system settle between test cases). */
export class Delay extends Task {
  static readonly className = 'tasks.delay.Delay';
  static readonly description = 'Pauses execution for the given time.';
  static readonly publishes = [] as const;
  static readonly options: OptionSpec = {
    delay: { type: 'time', required: true, description: 'How long to pause (seconds or a time expression such as 500ms, 2s, 1m)' },
  };

  private timer: NodeJS.Timeout | null = null;
  private wake: (() => void) | null = null;

  override async init(): Promise<void> {
    if (Delay.seconds(this.render().delay) === null) throw this.configError('`delay` must be a time expression (e.g. 10, 500ms, 2m)', 'delay');
    // Ctrl-C cuts a running pause short: the session must not sit it out before tearing down.
    this.ctx.bus.subscribe(() => this.cancel(), { events: ['InterruptEvent'] });
  }

  async run(): Promise<void> {
    const seconds = Delay.seconds(this.render().delay) ?? 0;
    this.logger.info(`Pausing execution for ${seconds} seconds`);
    await new Promise<void>((resolve) => {
      this.wake = resolve;
      this.timer = setTimeout(resolve, seconds * 1000);
    });
    this.timer = null;
    this.wake = null;
  }

  override async close(): Promise<void> {
    this.cancel();
  }

  private cancel(): void {
    if (this.timer) clearTimeout(this.timer);
    this.wake?.();
  }

  /** Seconds, or null when not a delay; parseTimeExpr gives null for a plain 0, a valid (if pointless) delay. */
  private static seconds(value: unknown): number | null {
    const seconds = parseTimeExpr(value);
    if (seconds !== null) return seconds >= 0 ? seconds : null;
    return value === 0 ? 0 : null;
  }
}
