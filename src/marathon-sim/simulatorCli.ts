import { realpathSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command, CommanderError, InvalidArgumentError } from 'commander';
import { MarathonSimulator } from './MarathonSimulator.js';
import { DEFAULT_OPTIONS } from './SimulatorOptions.js';

/** The process facilities the CLI uses; tests pass fakes to run it in-process. */
export interface CliRuntime {
  stdout(text: string): void;
  stderr(text: string): void;
  /** Calls `handler` on SIGINT or SIGTERM; returns a function that unsubscribes. */
  onShutdownSignal(handler: (signal: string) => void): () => void;
}

export function processRuntime(): CliRuntime {
  return {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    onShutdownSignal: (handler) => {
      process.on('SIGINT', handler);
      process.on('SIGTERM', handler);
      return () => {
        process.off('SIGINT', handler);
        process.off('SIGTERM', handler);
      };
    },
  };
}

function numberIn(min: number, max: number, integer: boolean) {
  return (value: string): number => {
    const n = Number(value);
    if (value.trim() === '' || !Number.isFinite(n) || n < min || n > max || (integer && !Number.isInteger(n))) {
      throw new InvalidArgumentError(`expected ${integer ? 'an integer' : 'a number'} between ${min} and ${max}`);
    }
    return n;
  };
}

interface CliOptions {
  port: number;
  host: string;
  deployMsBase: number;
  deployMsPerInstance: number;
  failureRate: number;
  seed: number;
  loadFactor: number;
  heartbeatMs: number;
  user: string;
  password: string;
  requireAuth: boolean;
  quiet: boolean;
}

function program(runtime: CliRuntime): Command {
  const d = DEFAULT_OPTIONS;
  const big = Number.MAX_SAFE_INTEGER;
  return new Command()
    .name('dcos-perf-test-driver-marathon-sim')
    .description('Marathon API simulator (REST, SSE events, metrics, DC/OS login, Chronos jobs) for dcos-perf-test-driver')
    .option('-p, --port <port>', 'port to listen on (0 picks a free port)', numberIn(0, 65535, true), d.port)
    .option('--host <host>', 'interface to bind', d.host)
    .option('--deploy-ms-base <ms>', 'fixed time of every deployment', numberIn(0, big, false), d.deployMsBase)
    .option('--deploy-ms-per-instance <ms>', 'extra time per instance started or stopped', numberIn(0, big, false), d.deployMsPerInstance)
    .option('--failure-rate <p>', 'probability that a deployment fails', numberIn(0, 1, false), d.failureRate)
    .option('--seed <n>', 'seed of the failure PRNG', numberIn(-big, big, true), d.seed)
    .option('--load-factor <f>', 'slow-down per other concurrent deployment', numberIn(0, big, false), d.loadFactor)
    .option('--heartbeat-ms <ms>', 'interval of the SSE heartbeat comment', numberIn(1, big, false), d.heartbeatMs)
    .option('--user <uid>', 'uid accepted by /acs/api/v1/auth/login', d.user)
    .option('--password <password>', 'password accepted by /acs/api/v1/auth/login', d.password)
    .option('--require-auth', 'require "Authorization: token=<token>" on /v2, /metrics and Chronos', false)
    .option('-q, --quiet', 'no request or deployment log lines', false)
    .exitOverride()
    .configureOutput({ writeOut: (t) => runtime.stdout(t), writeErr: (t) => runtime.stderr(t) });
}

/**
 * Runs the simulator until SIGINT or SIGTERM. Prints `Marathon simulator listening on <url>` to stdout
 * once ready (scripts wait for that line). Resolves with the exit code: 0 after a signal, 2 for bad
 * arguments, 1 when the server cannot start.
 */
export async function main(argv: readonly string[], runtime: CliRuntime = processRuntime()): Promise<number> {
  let options: CliOptions;
  try {
    options = program(runtime).parse([...argv], { from: 'user' }).opts<CliOptions>();
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode === 0 ? 0 : 2;
    throw err;
  }
  const simulator = new MarathonSimulator({ ...options, log: (line) => runtime.stderr(`${line}\n`) });
  let url: string;
  try {
    ({ url } = await simulator.start());
  } catch (err) {
    runtime.stderr(`Cannot start the Marathon simulator: ${err instanceof Error ? err.message : String(err)}\n`);
    return 1;
  }
  runtime.stdout(`Marathon simulator listening on ${url}\n`);
  const signal = await new Promise<string>((done) => {
    const unsubscribe = runtime.onShutdownSignal((name) => {
      unsubscribe();
      done(name);
    });
  });
  if (!options.quiet) runtime.stderr(`Received ${signal}, shutting down\n`);
  await simulator.stop();
  return 0;
}

/** True when node was started on this module or on the bin shim that imports it. */
function invokedAsProgram(): boolean {
  const entry = process.argv[1];
  if (entry === undefined) return false;
  const real = (path: string): string | null => {
    try {
      return realpathSync(path);
    } catch {
      return null;
    }
  };
  const here = real(fileURLToPath(import.meta.url));
  const shim = real(resolve(dirname(fileURLToPath(import.meta.url)), '../../bin/dcos-perf-test-driver-marathon-sim.js'));
  const started = real(entry);
  return started !== null && (started === here || started === shim);
}

if (invokedAsProgram()) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err: unknown) => {
      process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
      process.exit(1);
    },
  );
}
