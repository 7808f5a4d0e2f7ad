import { spawn, type ChildProcess } from 'node:child_process';
import type { Logger } from '../core/Logger.js';
import { jmxHelperLauncher } from './jmxHelperLauncher.js';

/** Where the helper connects: a remote JMX port, or a local JVM to attach to by process id. */
export type JmxTarget = { host: string; port: number } | { pid: number };

export interface JmxHelperOptions {
  logger: Logger;
  /** Resolved at every (re)start: the pid of a restarted JVM changes. */
  target(): Promise<JmxTarget>;
  /** `<mbean>::<attribute>` per metric. */
  attributes: string[];
  intervalMs: number;
  /** Every VALUES line: the values in attribute order. */
  onValues(values: unknown[]): void;
}

const RESTART_DELAY_MS = 1000;
const STOP_GRACE_MS = 2000;

/**
 * Runs the Java helper (java/JmxReader.java) and speaks its line protocol: CONNECTED and VALUES
 * lines on stdout, `ERROR <message>` on stderr, EXIT (or the end of stdin) to stop. A helper
 * that fails while wanted is started again after a second; repeated identical failures are
 * logged once, until a connection succeeds.
 */
export class JmxHelper {
  private child: ChildProcess | null = null;
  private wanted = false;
  /** Bumped by every start and stop, so callbacks of an older helper are ignored. */
  private generation = 0;
  private restartTimer: NodeJS.Timeout | null = null;
  /** Failures logged since the last successful connection (each is logged once). */
  private readonly problems = new Set<string>();

  constructor(private readonly opts: JmxHelperOptions) {}

  /** Starts the helper, replacing one that is running. */
  async start(): Promise<void> {
    await this.halt();
    this.wanted = true;
    this.problems.clear();
    this.opts.logger.info('Starting jmx middleware');
    await this.launch(this.generation);
  }

  async stop(): Promise<void> {
    if (!this.wanted && !this.child) return;
    this.wanted = false;
    this.opts.logger.info('Stopping jmx middleware');
    await this.halt();
  }

  private async halt(): Promise<void> {
    this.generation += 1;
    if (this.restartTimer) clearTimeout(this.restartTimer);
    this.restartTimer = null;
    const child = this.child;
    this.child = null;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('close', () => resolve()));
    child.stdin?.end('EXIT\n');
    const timer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
    await exited;
    clearTimeout(timer);
  }

  private problem(message: string): void {
    if (this.problems.has(message)) {
      this.opts.logger.debug(message);
      return;
    }
    this.problems.add(message);
    this.opts.logger.error(message);
  }

  private scheduleRestart(generation: number): void {
    if (!this.wanted || generation !== this.generation) return;
    this.restartTimer = setTimeout(() => {
      this.restartTimer = null;
      if (this.wanted && generation === this.generation) void this.launch(generation);
    }, RESTART_DELAY_MS);
    this.restartTimer.unref();
  }

  private async launch(generation: number): Promise<void> {
    let args: string[];
    let java: string;
    let classpath: string;
    try {
      ({ java, classpath } = await jmxHelperLauncher());
      const target = await this.opts.target();
      args = 'pid' in target ? ['pid', String(target.pid)] : [target.host, String(target.port)];
    } catch (err) {
      if (generation !== this.generation) return;
      this.problem(err instanceof Error ? err.message : String(err));
      this.scheduleRestart(generation);
      return;
    }
    if (generation !== this.generation || !this.wanted) return;
    const child = spawn(java, ['-cp', classpath, 'JmxReader', ...args, String(this.opts.intervalMs), ...this.opts.attributes], { stdio: ['pipe', 'pipe', 'pipe'] });
    this.child = child;
    child.stdin.on('error', () => undefined);
    child.on('error', (err) => {
      if (generation !== this.generation) return;
      this.child = null;
      this.wanted = false;
      this.opts.logger.error(`JMX assistant tool could not be started (${err.message}). Is java installed in your environment?`);
    });
    lines(child.stdout, (line) => {
      if (generation === this.generation) this.onStdout(line);
    });
    let reported = false;
    lines(child.stderr, (line) => {
      if (generation !== this.generation) return;
      reported ||= line.startsWith('ERROR ');
      if (line.startsWith('ERROR ')) this.problem(`JMX middleware: ${line.slice(6)}`);
      else if (line.trim() !== '') this.opts.logger.warn(`JMX middleware: ${line}`);
    });
    child.on('close', (code, signal) => {
      if (generation !== this.generation) return;
      this.child = null;
      if (!this.wanted) return;
      // A helper that said why it failed needs no second line about its exit code.
      if (code !== 0 && !reported) this.problem(`Middleware process exited with ${code === null ? `signal ${signal}` : `code ${code}`}`);
      this.scheduleRestart(generation);
    });
  }

  private onStdout(line: string): void {
    if (line.startsWith('VALUES ')) {
      let values: unknown;
      try {
        values = JSON.parse(line.slice(7));
      } catch {
        values = null;
      }
      if (Array.isArray(values)) {
        this.opts.onValues(values);
        return;
      }
    } else if (line.startsWith('CONNECTED ')) {
      this.problems.clear();
      this.opts.logger.info(`Connected to JMX at ${line.slice(10)}`);
      return;
    }
    this.opts.logger.warn(`JMX middleware responded with an unsupported message: ${line.slice(0, 200)}`);
  }
}

function lines(stream: NodeJS.ReadableStream, onLine: (line: string) => void): void {
  let rest = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk: string) => {
    const parts = (rest + chunk).split('\n');
    rest = parts.pop()!;
    for (const p of parts) onLine(p.endsWith('\r') ? p.slice(0, -1) : p);
  });
  stream.on('end', () => {
    if (rest !== '') onLine(rest);
  });
}
