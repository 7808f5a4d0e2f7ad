import { spawnSync } from 'node:child_process';
import { Channel, TRIGGER_OPTIONS } from './Channel.js';
import { Event } from '../../core/Event.js';
import type { OptionSpec } from '../../core/Options.js';
import { toBoolean } from '../../core/Options.js';
import { parseTimeExpr } from '../../core/parseTimeExpr.js';
import { ProcessRunner } from '../../core/ProcessRunner.js';
import { isPlainObject, type ConfigObject } from '../../core/config/ConfigLoader.js';
import type { Parameters } from '../../core/ParameterBatch.js';

/**
 * Output is read while fewer than this many events wait on the bus, and again once the
 * backlog is down to RESUME_BACKLOG: a process printing faster than the trackers keep up
 * must not fill the memory with queued lines. A small backlog also keeps the garbage
 * collector cheap (queued events survive its young-generation passes); the pipe's own
 * buffer keeps the bus busy while the program writes more.
 */
const PAUSE_BACKLOG = 2_000;
const RESUME_BACKLOG = 1_000;

/** A process that keeps exiting right away is relaunched with this pause, not in a tight loop. */
const RELAUNCH_BACKOFF_MS = 1000;
const QUICK_EXIT_MS = 1000;

/**
 * Launches an application with the test parameters in its command line, publishes its
 * output as LogLineEvents and its exit as CmdlineExit*Event; relaunches it on every
 * parameter change.
 */
export class CmdlineChannel extends Channel {
  static readonly className = 'channel.CmdlineChannel';
  static readonly description = 'Launches an application, passes the test parameters through command-line arguments and monitors its standard output and error.';
  static readonly publishes = ['LogLineEvent', 'CmdlineStartedEvent', 'CmdlineExitZeroEvent', 'CmdlineExitNonzeroEvent'] as const;
  static readonly options: OptionSpec = {
    cmdline: { type: 'string', required: true, description: 'The command line to launch (macros allowed)', example: 'path/to/app --args {{macros}}' },
    stdin: { type: 'string', description: 'Text written to the standard input of the application' },
    env: { type: 'object', description: 'Environment variables added to the driver environment (macros allowed)' },
    cwd: { type: 'string', description: 'The directory to launch the application in' },
    shell: { type: 'boolean', default: false, description: 'Run the command line through /bin/sh -c' },
    restart: { type: 'boolean', default: true, aliases: ['relaunch'], description: 'Re-launch the application when it exits on its own' },
    atstart: { type: 'boolean', default: false, description: 'Launch the application as soon as the driver starts' },
    gracePeriod: { type: 'time', default: '10s', description: 'Time between SIGINT and SIGKILL when stopping the application' },
    teardown: { type: 'string', description: 'Shell command run before the application is stopped' },
    kind: { type: 'object', default: {}, description: 'The `kind` of LogLineEvents: `{stdout: ..., stderr: ...}` (defaults stdout and stderr)' },
    ...TRIGGER_OPTIONS,
  };

  private proc: ProcessRunner | null = null;
  private stopping: ProcessRunner | null = null;
  private lastParams: Parameters = {};
  private launchedAt = 0;
  private relaunchTimer: NodeJS.Timeout | null = null;
  private closed = false;
  private tornDown = false;
  /** Stops still in progress; close() waits for them so no output is lost after teardown. */
  private readonly stops = new Set<Promise<void>>();
  private kinds = { stdout: 'stdout', stderr: 'stderr' };

  override async init(): Promise<void> {
    const kind = this.config.kind;
    if (kind !== undefined && !isPlainObject(kind)) throw this.configError('`kind` must be a mapping with `stdout` and/or `stderr`', 'kind');
    if (isPlainObject(kind)) {
      for (const k of Object.keys(kind)) if (k !== 'stdout' && k !== 'stderr') throw this.configError(`Unknown key \`${k}\` in kind (expected stdout, stderr)`, 'kind');
      this.kinds = { stdout: String(kind.stdout ?? 'stdout'), stderr: String(kind.stderr ?? 'stderr') };
    }
    await super.init();
    this.ctx.bus.subscribe(() => {
      if (toBoolean(this.option(this.config, 'atstart'))) this.launch({});
    }, { events: ['StartEvent'] });
    this.ctx.bus.subscribe(async () => {
      // Nothing is launched any more, not even by a parameter change still stopping the previous process.
      this.tornDown = true;
      if (this.proc?.running) this.logger.warn('Killing running process');
      await this.kill();
    }, { events: ['TeardownEvent'] });
  }

  protected async handleParameterUpdate(event: Event): Promise<void> {
    await this.kill();
    this.launch(event.parameters as Parameters);
  }

  private launch(params: Parameters): void {
    if (this.closed || this.tornDown) return;
    this.lastParams = params;
    const cfg = this.render(params);
    const envCfg = cfg.env;
    const env = isPlainObject(envCfg) ? Object.fromEntries(Object.entries(envCfg).map(([k, v]) => [k, v === null || v === undefined ? '' : String(v)])) : undefined;
    const traceids = this.lastTraceIds;
    let proc: ProcessRunner;
    let paused = false;
    try {
      proc = new ProcessRunner(
        {
          cmdline: String(cfg.cmdline ?? ''),
          shell: toBoolean(this.option(cfg, 'shell')),
          stdin: cfg.stdin ? String(cfg.stdin) : undefined,
          env,
          cwd: cfg.cwd ? String(cfg.cwd) : undefined,
        },
        {
          onLine: (line, stream) => {
            const bus = this.ctx.bus;
            bus.publish(new Event('LogLineEvent', { line, source: proc.source, kind: this.kinds[stream] }, traceids));
            if (!paused && bus.pending() > PAUSE_BACKLOG) {
              paused = true;
              proc.pause();
              void bus.whenPendingAtMost(RESUME_BACKLOG).then(() => {
                paused = false;
                proc.resume();
              });
            }
          },
          onExit: (code, signal) => this.onExit(proc, code, signal, traceids),
        },
      );
    } catch (err) {
      this.logger.error(`Cannot launch \`${String(cfg.cmdline)}\`: ${err instanceof Error ? err.message : String(err)}`);
      this.ctx.bus.publish(new Event('CmdlineExitNonzeroEvent', { exitcode: 127, signal: null }, traceids));
      return;
    }
    this.proc = proc;
    this.launchedAt = performance.now();
    this.logger.debug(`Launched \`${String(cfg.cmdline)}\` (pid ${String(proc.pid)})`);
    if (proc.pid !== undefined) this.ctx.bus.publish(new Event('CmdlineStartedEvent', { pid: proc.pid }));
  }

  private onExit(proc: ProcessRunner, code: number | null, signal: NodeJS.Signals | null, traceids: number[]): void {
    // A process we stopped ourselves publishes no exit event.
    if (proc === this.stopping || this.closed) return;
    if (this.proc === proc) this.proc = null;
    const name = code === 0 ? 'CmdlineExitZeroEvent' : 'CmdlineExitNonzeroEvent';
    this.ctx.bus.publish(new Event(name, { exitcode: code, signal, source: proc.source }, traceids));
    if (toBoolean(this.option(this.config, 'restart'))) {
      this.logger.warn(`Process exited prematurely (${signal ?? `code ${String(code)}`}); relaunching`);
      const quick = performance.now() - this.launchedAt < QUICK_EXIT_MS;
      this.relaunchTimer = setTimeout(() => {
        this.relaunchTimer = null;
        if (!this.proc) this.launch(this.lastParams);
      }, quick ? RELAUNCH_BACKOFF_MS : 0);
    } else {
      this.logger.info(`Process completed with ${signal ?? `exit code ${String(code)}`}`);
    }
  }

  /** Runs the teardown command, then stops the process (SIGINT, SIGKILL after gracePeriod). */
  private async kill(): Promise<void> {
    if (this.relaunchTimer) clearTimeout(this.relaunchTimer);
    this.relaunchTimer = null;
    const proc = this.proc;
    if (!proc || !proc.running) return;
    this.stopping = proc;
    this.proc = null;
    const cfg: ConfigObject = this.render(this.lastParams);
    if (cfg.teardown) {
      this.logger.info(`Launching tear-down command: ${String(cfg.teardown)}`);
      const r = spawnSync('/bin/sh', ['-c', String(cfg.teardown)], { cwd: cfg.cwd ? String(cfg.cwd) : undefined, stdio: 'ignore', timeout: 60_000 });
      this.logger.info(`Tear-down process completed with ${String(r.status)}`);
    }
    const grace = parseTimeExpr(this.option(cfg, 'gracePeriod')) ?? 10;
    const stop = proc.stop(grace);
    this.stops.add(stop);
    await stop;
    this.stops.delete(stop);
    if (this.stopping === proc) this.stopping = null;
  }

  override async close(): Promise<void> {
    this.tornDown = true;
    await this.kill();
    await Promise.all([...this.stops]);
    this.closed = true;
  }
}
