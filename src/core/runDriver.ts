import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { createLogger, type Logger } from './Logger.js';
import { ConfigLoader, isPlainObject } from './config/ConfigLoader.js';
import { GeneralConfig } from './config/GeneralConfig.js';
import { ConfigError, ConfigErrors, configErrorsOf } from './ConfigError.js';
import { Definitions } from './Definitions.js';
import { Session } from './Session.js';
import { EXIT_FAILURE, EXIT_INTERRUPTED, EXIT_OK, EXIT_USAGE, parseAssignments, UsageError, type CliOptions } from './cli.js';
import { ProgressLine } from './ProgressLine.js';
import { ProcessRunner } from './ProcessRunner.js';
import { dryRunReport } from './dryRun.js';
import { collectSecrets, scrubText } from './redactConfig.js';

export interface PreparedConfig {
  root: Record<string, unknown>;
  general: GeneralConfig;
  loader: ConfigLoader;
  definitions: Definitions;
  meta: Record<string, unknown>;
}

/**
 * Loads and merges the files, applies -D/-M, fills definition defaults and checks the
 * required ones. Throws ConfigErrors/UsageError for the CLI to print.
 */
export function prepareConfig(files: string[], options: Pick<CliOptions, 'define' | 'meta'>): PreparedConfig {
  const { prepared, errors } = loadConfig(files, options);
  if (errors.length > 0) throw new ConfigErrors(errors);
  return prepared;
}

/**
 * prepareConfig, returning the problems of the `config:` and `define:` sections instead of
 * throwing them, so that the session adds the components' problems and all are reported
 * at once. Throws only when there is nothing to go on: no file, unreadable files, YAML
 * errors, malformed -D/-M.
 */
export function loadConfig(files: string[], options: Pick<CliOptions, 'define' | 'meta'>): { prepared: PreparedConfig; errors: ConfigError[] } {
  if (files.length === 0) throw new UsageError('You must specify at least one configuration file');
  const cliDefs = parseAssignments(options.define, 'definitions');
  const cliMeta = parseAssignments(options.meta, 'metadata');
  const loader = new ConfigLoader();
  const { root } = loader.load(files);
  const general = new GeneralConfig(root, loader.sources, { collect: true });
  const errors = [...general.errors];

  let define = root.define ?? {};
  if (!isPlainObject(define)) {
    errors.push(new ConfigError('`define` must be a mapping of names to values', loader.sources.locate(root, 'define', 'define')));
    define = {};
  }
  const definitions = new Definitions({ ...(define as Record<string, unknown>), ...cliDefs });
  for (const d of general.definitions) {
    if (d.secret) definitions.markSecret(d.name);
    if (definitions.has(d.name)) continue;
    if (d.default !== undefined && d.default !== null) definitions.set(d.name, d.default);
    else if (d.required) errors.push(new ConfigError(`Missing required definition \`${d.name}\`${d.desc ? ` (${d.desc})` : ''}: give it with -D ${d.name}=<value> or under \`define:\``, d.location));
  }
  const meta = { ...general.meta, ...cliMeta };
  // -D values are taken literally, as in the original: they are not templates.
  definitions.compile(meta, new Set(Object.keys(cliDefs)));
  return { prepared: { root, general, loader, definitions, meta }, errors };
}

function printError(logger: Logger, err: unknown, verbose: boolean): void {
  if (err instanceof ConfigErrors) {
    for (const e of err.errors) logger.error(e.message);
  } else if (err instanceof ConfigError || err instanceof UsageError) {
    for (const line of err.message.split('\n')) logger.error(line);
  } else {
    logger.error(verbose ? { err } : {}, `Error: ${err instanceof Error ? err.message : String(err)}`);
  }
}

export async function runDriver(files: string[], options: CliOptions, logStream?: NodeJS.WritableStream): Promise<number> {
  let definitions: Definitions | undefined;
  let configSecrets: string[] = [];
  let progress: ProgressLine | null = null;
  const logger = createLogger({
    verbose: options.verbose,
    format: options.logFormat,
    stream: logStream,
    redact: () => [...configSecrets, ...(definitions?.secretValues() ?? [])],
    beforeWrite: () => progress?.clear(),
  });
  let prepared: PreparedConfig;
  let configErrors: ConfigError[];
  try {
    ({ prepared, errors: configErrors } = loadConfig(files, options));
  } catch (err) {
    printError(logger, err, options.verbose);
    return configErrorsOf(err) || err instanceof UsageError ? EXIT_USAGE : EXIT_FAILURE;
  }
  definitions = prepared.definitions;
  configSecrets = collectSecrets(prepared.root);

  let fps = 30;
  if (options.clockFps !== undefined) {
    fps = options.clockFps;
    logger.info(`Setting internal clock to ${fps} fps`);
  } else if (options.clockMs !== undefined && options.clockMs > 0) {
    fps = 1000 / options.clockMs;
  }
  const resultsDir = resolve(options.results);
  const session = new Session({
    root: prepared.root,
    general: prepared.general,
    sources: prepared.loader.sources,
    definitions: prepared.definitions,
    meta: prepared.meta,
    logger,
    resultsDir,
    clockFps: fps,
    verbose: options.verbose,
    configSecrets,
  });
  try {
    await session.build(configErrors);
  } catch (err) {
    printError(logger, err, options.verbose);
    return configErrorsOf(err) ? EXIT_USAGE : EXIT_FAILURE;
  }
  if (options.validate) {
    logger.info(`Configuration is valid: ${session.components.length} component(s), ${prepared.general.parameters.length} parameter(s), ${prepared.general.metrics.length} metric(s)`);
    return EXIT_OK;
  }
  if (options.dryRun) {
    process.stdout.write(scrubText(dryRunReport(prepared, session), [...configSecrets, ...prepared.definitions.secretValues()]));
    return EXIT_OK;
  }
  try {
    mkdirSync(resultsDir, { recursive: true });
  } catch (err) {
    logger.error(`Cannot create results directory ${resultsDir}: ${err instanceof Error ? err.message : String(err)}`);
    return EXIT_FAILURE;
  }

  let signals = 0;
  const onSignal = (signal: NodeJS.Signals): void => {
    signals += 1;
    if (signals > 1) {
      logger.error(`Second ${signal}: quitting without reports`);
      // Children run in their own process groups: nothing else would stop them now.
      ProcessRunner.killAll();
      process.exit(EXIT_INTERRUPTED);
    }
    session.interrupt();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  const errStream = (logStream ?? process.stderr) as NodeJS.WriteStream;
  if (!options.quiet && errStream.isTTY) {
    progress = new ProgressLine(session, errStream, session.plan()?.cases.length ?? null);
    progress.start();
  }
  let failed = false;
  try {
    logger.info(`Starting ${prepared.general.title}`);
    await session.runTests();
  } catch (err) {
    failed = true;
    printError(logger, err, options.verbose);
  }
  progress?.stop();
  progress = null;
  // Whatever happened to the run, what was measured is written.
  const reporterFailures = await session.report();
  process.off('SIGINT', onSignal);
  process.off('SIGTERM', onSignal);
  if (session.interrupted) return EXIT_INTERRUPTED;
  if (failed || reporterFailures.length > 0) return EXIT_FAILURE;
  return EXIT_OK;
}
