import { Command, CommanderError, Option } from 'commander';
import { readFileSync } from 'node:fs';

/** Exit codes (PORTING-DECISIONS): 0 ok, 1 runtime failure, 2 usage/config error, 130 interrupted. */
export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;
export const EXIT_INTERRUPTED = 130;

export interface CliOptions {
  results: string;
  verbose: boolean;
  define: string[];
  meta: string[];
  clockFps?: number;
  clockMs?: number;
  workers?: number;
  logFormat?: 'pretty' | 'json';
  dryRun?: boolean;
  quiet?: boolean;
  /** `validate` sub-command: check the config and exit. */
  validate?: boolean;
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

function buildProgram(): Command {
  return new Command('dcos-perf-test-driver')
    .description('The DC/OS Performance Tests Driver.')
    .argument('[config...]', 'The configuration script(s) to use.')
    .option('-r, --results <dir>', 'The directory where to collect the results into', 'results')
    .option('-v, --verbose', 'Show verbose messages for every operation', false)
    .option('-D, --define <name=value>', 'Define one or more macro values for the tests (repeatable)', collect, [])
    .option('-M, --meta <name=value>', 'Define one or more metadata values (repeatable)', collect, [])
    .addOption(new Option('--clock-fps <fps>', 'Rate of TickEvents per second (default 30)').argParser(positiveNumber))
    .addOption(new Option('--clock-ms <ms>', 'Interval between TickEvents in milliseconds').argParser(positiveNumber))
    .addOption(new Option('-w, --workers <n>', 'Accepted for compatibility; the event bus is single-threaded').argParser(positiveNumber))
    .addOption(new Option('--log-format <format>', 'Log line format (default: pretty on a terminal, json otherwise)').choices(['pretty', 'json']))
    .option('--dry-run', 'Print the merged config and the planned test cases, then exit', false)
    .option('-q, --quiet', 'No live progress line', false)
    .addHelpText('after', '\nCommands:\n  validate <config...>  check the configuration (every error at once) and exit 0 or 2')
    .version(packageVersion(), '--version')
    .helpOption('-h, --help', 'show this help message and exit')
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });
}

function positiveNumber(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0) throw new CommanderError(EXIT_USAGE, 'invalid', `expected a non-negative number, got "${value}"`);
  return n;
}

/** Parses `name=value` flags; the value may itself contain `=`. */
export function parseAssignments(entries: string[], what: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const entry of entries) {
    const eq = entry.indexOf('=');
    if (eq <= 0) throw new UsageError(`Please specify ${what} in key=value format (got "${entry}")`);
    out[entry.slice(0, eq)] = entry.slice(eq + 1);
  }
  return out;
}

export class UsageError extends Error {}

/** Runs the CLI and resolves with the process exit code. */
export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  const validate = argv[0] === 'validate';
  try {
    program.parse(validate ? argv.slice(1) : argv, { from: 'user' });
  } catch (err) {
    if (err instanceof CommanderError) {
      if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.exitCode === 0) return EXIT_OK;
      return EXIT_USAGE;
    }
    throw err;
  }
  const options = { ...program.opts<CliOptions>(), validate };
  // Everything heavy loads only once we know we will run a config.
  const { runDriver } = await import('./runDriver.js');
  return runDriver(program.args, options);
}
