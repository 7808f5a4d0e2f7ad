import { Task } from '../Task.js';
import type { OptionSpec } from '../../../core/Options.js';
import { toBoolean } from '../../../core/Options.js';
import { ProcessRunner } from '../../../core/ProcessRunner.js';
import { isPlainObject } from '../../../core/config/ConfigLoader.js';
import { parseTimeExpr } from '../../../core/parseTimeExpr.js';

/**
 * Runs a command and waits for it. Its output is logged (stderr as warnings); a non-zero
 * exit fails the task only with `failOnError: yes`, since the original ignored exit codes.
 */
export class Run extends Task {
  static readonly className = 'tasks.exec.Run';
  static readonly description = 'Executes a command line and waits for it to complete.';
  static readonly publishes = [] as const;
  static readonly options: OptionSpec = {
    cmdline: { type: 'string', required: true, description: 'The command line to execute' },
    shell: { type: 'boolean', default: false, description: 'Run the command line through /bin/sh -c' },
    stdin: { type: 'string', description: 'Text written to the standard input' },
    env: { type: 'object', description: 'Environment variables added to the driver environment' },
    cwd: { type: 'string', description: 'The working directory' },
    timeout: { type: 'time', description: 'Stop the command (SIGINT, then SIGKILL after 5 s) when it runs longer than this' },
    failOnError: { type: 'boolean', default: false, description: 'Fail the task (and skip the remaining tasks of the trigger) when the command exits non-zero' },
  };

  private proc: ProcessRunner | null = null;

  override async init(): Promise<void> {
    // The command runs in its own process group, out of reach of the terminal's Ctrl-C: pass it on.
    this.ctx.bus.subscribe(() => {
      if (this.proc) {
        this.logger.warn(`Interrupted: stopping '${String(this.proc.source)}'`);
        void this.proc.stop(5);
      }
    }, { events: ['InterruptEvent'] });
  }

  async run(): Promise<void> {
    const cfg = this.render();
    const env = isPlainObject(cfg.env) ? Object.fromEntries(Object.entries(cfg.env).map(([k, v]) => [k, String(v ?? '')])) : undefined;
    this.logger.info(`Executing: '${String(cfg.cmdline)}'`);
    let exit: { code: number | null; signal: NodeJS.Signals | null } = { code: null, signal: null };
    const proc = new ProcessRunner(
      { cmdline: String(cfg.cmdline), shell: toBoolean(this.option(cfg, 'shell')), stdin: cfg.stdin ? String(cfg.stdin) : undefined, env, cwd: cfg.cwd ? String(cfg.cwd) : undefined },
      {
        onLine: (line, stream) => (stream === 'stderr' ? this.logger.warn(line) : this.logger.debug(line)),
        onExit: (code, signal) => (exit = { code, signal }),
      },
    );
    this.proc = proc;
    const limit = cfg.timeout === undefined ? null : parseTimeExpr(cfg.timeout);
    const timer = limit === null ? null : setTimeout(() => {
      this.logger.warn(`Command timed out after ${limit}s; stopping it`);
      void proc.stop(5);
    }, limit * 1000);
    await proc.wait();
    if (timer) clearTimeout(timer);
    this.proc = null;
    if (exit.code === 0) return;
    const how = `Command exited with ${exit.signal ?? `code ${String(exit.code)}`}: ${String(cfg.cmdline)}`;
    if (toBoolean(this.option(cfg, 'failOnError'))) throw new Error(how);
    this.logger.warn(how);
  }

  override async close(): Promise<void> {
    await this.proc?.stop(5);
  }
}
