export interface SimulatorOptions {
  /** Port to listen on; 0 picks a free one. */
  port: number;
  host: string;
  /** Fixed part of every deployment's duration, in ms (spread over its steps). */
  deployMsBase: number;
  /** Extra time per instance started or stopped, in ms. */
  deployMsPerInstance: number;
  /** Probability in [0, 1] that a deployment ends with deployment_failed. */
  failureRate: number;
  /** Seed of the PRNG that decides failures (and instance placement). */
  seed: number;
  /** Each other running deployment slows every wait by this fraction. */
  loadFactor: number;
  user: string;
  password: string;
  /** When set, /v2, /metrics and the Chronos endpoints need `Authorization: token=<issued token>`. */
  requireAuth: boolean;
  /** Suppresses the per-request and per-deployment log lines. */
  quiet: boolean;
  /** Interval of the SSE comment heartbeat, in ms (Marathon's Jetty sends one every 10 s). */
  heartbeatMs: number;
  /** Where log lines go when not quiet. */
  log: (line: string) => void;
}

export const DEFAULT_OPTIONS: Readonly<Omit<SimulatorOptions, 'log'>> = Object.freeze({
  port: 8080,
  host: '127.0.0.1',
  deployMsBase: 500,
  deployMsPerInstance: 100,
  failureRate: 0,
  seed: 1,
  loadFactor: 0.05,
  user: 'bootstrapuser',
  password: 'deleteme',
  requireAuth: false,
  quiet: false,
  heartbeatMs: 10_000,
});

function requireNumber(name: string, value: number, min: number, max = Number.POSITIVE_INFINITY): void {
  if (!Number.isFinite(value) || value < min || value > max) {
    const range = max === Number.POSITIVE_INFINITY ? `>= ${min}` : `between ${min} and ${max}`;
    throw new RangeError(`Option ${name} must be a number ${range} (got ${value})`);
  }
}

/** Defaults filled in and every value checked, so a bad option fails at construction, not mid-run. */
export function resolveOptions(given: Partial<SimulatorOptions> = {}): SimulatorOptions {
  const options: SimulatorOptions = {
    ...DEFAULT_OPTIONS,
    log: (line) => process.stderr.write(`${line}\n`),
    ...Object.fromEntries(Object.entries(given).filter(([, v]) => v !== undefined)),
  };
  requireNumber('port', options.port, 0, 65535);
  if (!Number.isInteger(options.port)) throw new RangeError(`Option port must be an integer (got ${options.port})`);
  requireNumber('deployMsBase', options.deployMsBase, 0);
  requireNumber('deployMsPerInstance', options.deployMsPerInstance, 0);
  requireNumber('failureRate', options.failureRate, 0, 1);
  requireNumber('seed', options.seed, Number.MIN_SAFE_INTEGER);
  requireNumber('loadFactor', options.loadFactor, 0);
  requireNumber('heartbeatMs', options.heartbeatMs, 1);
  if (options.host === '') throw new RangeError('Option host must not be empty');
  return options;
}
