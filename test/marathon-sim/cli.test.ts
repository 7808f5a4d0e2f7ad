import { spawn, type ChildProcess } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main, type CliRuntime } from '../../src/marathon-sim/simulatorCli.js';
import { api, eventually } from './helpers.js';

const ROOT = resolve(import.meta.dirname, '../..');
const SHIM = join(ROOT, 'bin/dcos-perf-test-driver-marathon-sim.js');
const READY = /^Marathon simulator listening on (http:\/\/127\.0\.0\.1:\d+)$/m;

function fakeRuntime(): CliRuntime & { out: string; err: string; signals: EventEmitter } {
  const signals = new EventEmitter();
  const runtime = {
    out: '',
    err: '',
    signals,
    stdout: (text: string) => {
      runtime.out += text;
    },
    stderr: (text: string) => {
      runtime.err += text;
    },
    onShutdownSignal: (handler: (signal: string) => void) => {
      signals.on('signal', handler);
      return () => signals.off('signal', handler);
    },
  };
  return runtime;
}

describe('main() in-process', () => {
  it('prints the ready line, serves, and exits 0 on a shutdown signal', async () => {
    const runtime = fakeRuntime();
    const exit = main(['--port', '0', '--quiet', '--deploy-ms-base', '1', '--failure-rate', '0.5', '--seed', '9'], runtime);
    const url = await eventually(() => READY.exec(runtime.out)?.[1]);
    expect(runtime.out.trim().split('\n')).toHaveLength(1);
    expect((await api(url, 'GET', '/ping')).text).toBe('pong');
    runtime.signals.emit('signal', 'SIGTERM');
    expect(await exit).toBe(0);
    expect(runtime.err).toBe('');
    await expect(fetch(`${url}/ping`)).rejects.toThrow();
  });

  it('logs to stderr unless --quiet', async () => {
    const runtime = fakeRuntime();
    const exit = main(['-p', '0'], runtime);
    const url = await eventually(() => READY.exec(runtime.out)?.[1]);
    await api(url, 'GET', '/v2/apps');
    runtime.signals.emit('signal', 'SIGINT');
    expect(await exit).toBe(0);
    expect(runtime.err).toContain('GET /v2/apps -> 200');
    expect(runtime.err).toContain('Received SIGINT');
  });

  it('prints help with exit code 0 and rejects bad options with 2', async () => {
    const help = fakeRuntime();
    expect(await main(['--help'], help)).toBe(0);
    for (const flag of ['--port', '--host', '--deploy-ms-base', '--deploy-ms-per-instance', '--failure-rate', '--seed', '--load-factor', '--user', '--password', '--require-auth', '--quiet']) {
      expect(help.out).toContain(flag);
    }
    const bad = fakeRuntime();
    expect(await main(['--failure-rate', '2'], bad)).toBe(2);
    expect(bad.err).toMatch(/failure-rate/);
    expect(await main(['--bogus'], fakeRuntime())).toBe(2);
  });

  it('exits 1 when the port is taken', async () => {
    const first = fakeRuntime();
    const running = main(['--port', '0', '-q'], first);
    const url = await eventually(() => READY.exec(first.out)?.[1]);
    const second = fakeRuntime();
    expect(await main(['--port', new URL(url).port, '-q'], second)).toBe(1);
    expect(second.err).toMatch(/EADDRINUSE/);
    first.signals.emit('signal', 'SIGTERM');
    await running;
  });
});

describe('the bin shim', () => {
  let dir: string;

  beforeAll(() => {
    // Only the simulator's own sources are compiled, into a throw-away copy of the package layout.
    dir = mkdtempSync(join(tmpdir(), 'marathon-sim-cli-'));
    mkdirSync(join(dir, 'bin'));
    copyFileSync(SHIM, join(dir, 'bin', 'dcos-perf-test-driver-marathon-sim.js'));
    writeFileSync(join(dir, 'package.json'), '{"type":"module"}');
    symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
    const sources = readdirSync(join(ROOT, 'src/marathon-sim')).filter((f) => f.endsWith('.ts')).map((f) => join(ROOT, 'src/marathon-sim', f));
    return new Promise<void>((done, fail) => {
      const tsc = spawn(
        process.execPath,
        [join(ROOT, 'node_modules/typescript/bin/tsc'), '--outDir', join(dir, 'dist'), '--rootDir', join(ROOT, 'src'),
          '--module', 'nodenext', '--moduleResolution', 'nodenext', '--target', 'es2022', '--strict', '--skipLibCheck',
          '--types', 'node', '--lib', 'es2023', ...sources],
        { stdio: ['ignore', 'pipe', 'pipe'] },
      );
      let output = '';
      tsc.stdout.on('data', (c: Buffer) => (output += c.toString()));
      tsc.stderr.on('data', (c: Buffer) => (output += c.toString()));
      tsc.on('exit', (code) => (code === 0 ? done() : fail(new Error(`tsc failed (${code}):\n${output}`))));
    });
  }, 60_000);

  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('is the two-line ESM shim importing the compiled CLI', () => {
    expect(readFileSync(SHIM, 'utf8')).toBe("#!/usr/bin/env node\nimport '../dist/marathon-sim/simulatorCli.js';\n");
  });

  const run = (args: string[]): { child: ChildProcess; ready: Promise<string>; exited: Promise<number | null> } => {
    const child = spawn(process.execPath, [join(dir, 'bin', 'dcos-perf-test-driver-marathon-sim.js'), ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    const ready = new Promise<string>((done, fail) => {
      child.stdout?.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        const match = READY.exec(out);
        if (match?.[1]) done(match[1]);
      });
      child.on('exit', (code) => fail(new Error(`exited early with ${code}: ${out}`)));
    });
    // Runs that are expected to fail never await `ready`.
    ready.catch(() => undefined);
    const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
    return { child, ready, exited };
  };

  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    it(`prints its ready line, serves the API and exits 0 on ${signal}`, async () => {
      const { child, ready, exited } = run(['--port', '0', '--quiet', '--deploy-ms-base', '5']);
      const url = await ready;
      expect((await api(url, 'POST', '/v2/apps', { id: '/cli', cmd: 'sleep 1' })).status).toBe(201);
      child.kill(signal);
      expect(await exited).toBe(0);
    }, 20_000);
  }

  it('exits 2 on a bad option', async () => {
    const { exited } = run(['--port', 'abc']);
    expect(await exited).toBe(2);
  }, 20_000);
});
