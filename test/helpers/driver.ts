import { readFileSync, existsSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { spawn } from 'node:child_process';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { runDriver } from '../../src/core/runDriver.js';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const BIN = join(ROOT, 'bin', 'dcos-perf-test-driver.js');

import { workdir } from './workdir.js';

export { workdir };

export interface InProcessResult {
  code: number;
  logs: string[];
  dir: string;
  /** Reads a file of the results directory (or any path relative to the workdir). */
  read(name: string): string;
  exists(name: string): boolean;
}

/**
 * Runs a config in this process through the same entry point as the CLI, with JSON log
 * lines captured. Files are written into a temporary directory; results go to `<dir>/results`.
 */
export async function runConfig(yaml: string, opts: { define?: string[]; meta?: string[]; files?: Record<string, string>; verbose?: boolean; clockFps?: number } = {}): Promise<InProcessResult> {
  const dir = workdir({ 'test.yml': yaml, ...(opts.files ?? {}) });
  const logs: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, cb) {
      for (const line of String(chunk).split('\n')) if (line) logs.push(line);
      cb();
    },
  });
  const code = await runDriver(
    [join(dir, 'test.yml')],
    { results: join(dir, 'results'), verbose: opts.verbose ?? false, define: opts.define ?? [], meta: opts.meta ?? [], logFormat: 'pretty', clockFps: opts.clockFps },
    stream,
  );
  const path = (name: string): string => (existsSync(join(dir, 'results', name)) ? join(dir, 'results', name) : join(dir, name));
  return { code, logs, dir, read: (name) => readFileSync(path(name), 'utf8'), exists: (name) => existsSync(path(name)) };
}

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Runs the built executable (`npm test` builds dist/ first). */
export function runCli(args: string[], opts: { cwd?: string; env?: Record<string, string>; onStderr?: (text: string, child: ReturnType<typeof spawn>) => void; timeoutMs?: number } = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: opts.cwd ?? ROOT, env: { ...process.env, ...opts.env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += String(d)));
    child.stderr.on('data', (d) => {
      stderr += String(d);
      opts.onStderr?.(stderr, child);
    });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`CLI timed out: ${args.join(' ')}\n${stderr}`));
    }, opts.timeoutMs ?? 60_000);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

export interface DumpedEvent {
  ts: number;
  name: string;
  data: Record<string, unknown>;
}

/** The events written by a RawEventsReporter (`ts;Name;{json}` lines), in bus order. */
export function readEvents(result: InProcessResult, file = 'events.dump'): DumpedEvent[] {
  return result
    .read(file)
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const a = line.indexOf(';');
      const b = line.indexOf(';', a + 1);
      return { ts: Number(line.slice(0, a)), name: line.slice(a + 1, b), data: JSON.parse(line.slice(b + 1)) as Record<string, unknown> };
    });
}
