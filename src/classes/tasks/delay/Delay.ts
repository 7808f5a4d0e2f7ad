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
    if (parseTimeExpr(this.render().delay) === null && this.render().delay !== 0) throw this.configError('`delay` must be a time expression (e.g. 10, 500ms, 2m)', 'delay');
  }

  async run(): Promise<void> {
    const seconds = parseTimeExpr(this.render().delay) ?? 0;
    this.logger.info(`Pausing execution for ${seconds} seconds`);
    await new Promise<void>((resolve) => {
      this.wake = resolve;
      this.timer = setTimeout(resolve, seconds * 1000);
    });
    this.timer = null;
    this.wake = null;
  }

  /** An interrupted run must not sit out a long delay in teardown. */
  override async close(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.wake?.();
  }
}
