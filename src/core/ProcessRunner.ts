import { spawn, type ChildProcess } from 'node:child_process';
import { basename } from 'node:path';
import { splitCommandLine } from './splitCommandLine.js';

/** How long the pipes of an exited child may stay open before its exit counts anyway. */
const EXIT_DRAIN_MS = 1000;

const ANSI = /\x1b\[[0-9;?]*[ -/]*[@-~]/g;

export interface ProcessSpec {
  cmdline: string;
  shell: boolean;
  stdin?: string;
  env?: Record<string, string>;
  cwd?: string;
}

export interface ProcessCallbacks {
  onLine(line: string, stream: 'stdout' | 'stderr'): void;
  /** Called once, after every line was delivered. */
  onExit(code: number | null, signal: NodeJS.Signals | null): void;
}

/**
 * One child process in its own process group (so signals reach its children too), with
 * its output split into lines. Shared by CmdlineChannel and tasks.exec.Run.
 */
export class ProcessRunner {
  readonly child: ChildProcess;
  readonly source: string;
  private exited = false;
  private paused = false;
  /** When output last arrived, to tell a child still writing from pipes held open silently. */
  private lastOutput = 0;
  /** Every child not known to have exited, for killAll(). */
  private static readonly live = new Set<ProcessRunner>();

  /** SIGKILLs the process group of every live child: the driver is quitting without clean-up. */
  static killAll(): void {
    for (const runner of ProcessRunner.live) runner.signal('SIGKILL');
  }
  private readonly closed: Promise<void>;

  constructor(spec: ProcessSpec, callbacks: ProcessCallbacks) {
    const argv = spec.shell ? ['/bin/sh', '-c', spec.cmdline] : splitCommandLine(spec.cmdline);
    if (argv.length === 0) throw new Error('Empty command line');
    this.source = spec.shell ? basename(splitCommandLine(spec.cmdline)[0] ?? 'sh') : basename(argv[0]!);
    this.child = spawn(argv[0]!, argv.slice(1), {
      cwd: spec.cwd || undefined,
      // The config's env adds to the driver's environment: replacing it would lose PATH.
      env: spec.env ? { ...process.env, ...spec.env } : process.env,
      stdio: ['pipe', 'pipe', 'pipe'],
      detached: true,
    });
    ProcessRunner.live.add(this);
    this.child.stdin!.on('error', () => undefined);
    if (spec.stdin) this.child.stdin!.end(spec.stdin, 'utf8');
    else this.child.stdin!.end();
    for (const stream of ['stdout', 'stderr'] as const) {
      let rest = '';
      const s = this.child[stream]!;
      s.setEncoding('utf8');
      s.on('data', (chunk: string) => {
        this.lastOutput = performance.now();
        const parts = (rest + chunk).split('\n');
        rest = parts.pop()!;
        for (const p of parts) callbacks.onLine(clean(p), stream);
      });
      s.on('end', () => {
        if (rest !== '') callbacks.onLine(clean(rest), stream);
        rest = '';
      });
    }
    this.closed = new Promise((resolve) => {
      let spawnError: Error | null = null;
      this.child.on('error', (err) => {
        spawnError = err;
        // 'close' does not always follow a spawn failure.
        if (this.child.pid === undefined && !this.exited) {
          this.exited = true;
          ProcessRunner.live.delete(this);
          callbacks.onLine(`${this.source}: ${err.message}`, 'stderr');
          callbacks.onExit(127, null);
          resolve();
        }
      });
      let drainTimer: NodeJS.Timeout | null = null;
      const finish = (code: number | null, signal: NodeJS.Signals | null): void => {
        if (drainTimer) clearTimeout(drainTimer);
        if (this.exited) return;
        this.exited = true;
        ProcessRunner.live.delete(this);
        if (spawnError && code === null) code = 127;
        callbacks.onExit(code, signal);
        resolve();
      };
      // 'close' (exit and both pipes drained) normally follows 'exit' at once. When something
      // the child started outlives it and holds the pipes (an orphan of a killed shell, a
      // background helper), the exit still counts once the pipes stayed quiet for
      // EXIT_DRAIN_MS; not while output still arrives or waits for us (paused).
      this.child.on('exit', (code, signal) => {
        const settle = (): void => {
          if (this.exited) return;
          const quiet = performance.now() - this.lastOutput;
          // Checked again after the loop polled for I/O (setImmediate), so that output still
          // waiting to be read after a busy stretch counts as not quiet.
          if (this.paused || quiet < EXIT_DRAIN_MS) drainTimer = setTimeout(() => setImmediate(settle), Math.max(10, EXIT_DRAIN_MS - quiet));
          else finish(code, signal);
        };
        this.lastOutput = Math.max(this.lastOutput, performance.now());
        settle();
      });
      this.child.on('close', (code, signal) => finish(code, signal));
    });
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  get running(): boolean {
    return !this.exited;
  }

  /** Stops reading the output (the child blocks once the pipes are full) until resume(). */
  pause(): void {
    this.paused = true;
    this.child.stdout!.pause();
    this.child.stderr!.pause();
  }

  resume(): void {
    this.paused = false;
    this.child.stdout!.resume();
    this.child.stderr!.resume();
  }

  wait(): Promise<void> {
    return this.closed;
  }

  /** SIGINT to the group, then SIGKILL after the grace period; resolves once it exited. */
  async stop(graceSeconds: number): Promise<void> {
    if (this.exited) return;
    this.signal('SIGINT');
    const timer = setTimeout(() => this.signal('SIGKILL'), Math.max(0, graceSeconds * 1000));
    await this.closed;
    clearTimeout(timer);
  }

  signal(sig: NodeJS.Signals): void {
    const pid = this.child.pid;
    if (pid === undefined || this.exited) return;
    try {
      process.kill(-pid, sig);
    } catch {
      try {
        this.child.kill(sig);
      } catch {
        // Already gone.
      }
    }
  }
}

function clean(line: string): string {
  const l = line.endsWith('\r') ? line.slice(0, -1) : line;
  return l.includes('\x1b') ? l.replace(ANSI, '') : l;
}
