import { pino, type Logger as PinoLogger, type DestinationStream } from 'pino';
import { scrubText } from './redactConfig.js';

export type Logger = PinoLogger;
export type LogFormat = 'pretty' | 'json';

export interface LoggerOptions {
  verbose?: boolean;
  format?: LogFormat;
  /** Where lines go; stderr by default so stdout stays free for report output. */
  stream?: NodeJS.WritableStream & { isTTY?: boolean };
  /** Called with every formatted line before it is written (the progress line redraws around it). */
  beforeWrite?: () => void;
  /** Strings never to print (secrets); replaced by ***. */
  redact?: () => Iterable<string>;
}

const LEVEL_NAMES: Record<number, string> = { 10: 'TRACE', 20: 'DEBUG', 30: 'INFO', 40: 'WARNING', 50: 'ERROR', 60: 'CRITICAL' };
const LEVEL_COLOURS: Record<number, string> = { 10: '90', 20: '90', 30: '32', 40: '33', 50: '31', 60: '35' };

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

function localTime(ms: number): string {
  const d = new Date(ms);
  return `${d.getFullYear()}-${pad2(d.getMonth() + 1)}-${pad2(d.getDate())} ${pad2(d.getHours())}:${pad2(d.getMinutes())}:${pad2(d.getSeconds())}`;
}

function scrub(text: string, secrets: Iterable<string> | undefined): string {
  return secrets ? scrubText(text, secrets) : text;
}

/**
 * `logger.info({ raw: true }, text)` writes preformatted text (the load metrics table) without
 * the level/time/component prefix; its ANSI colours are kept on a terminal only.
 */
const ANSI_COLOUR = /\x1b\[[0-9;]*m/g;
const JSON_ANSI_COLOUR = /\\u001b\[[0-9;]*m/g;

/**
 * A destination that turns pino's JSON lines into `LEVEL time component: message`
 * (the original tool's layout), coloured only on a terminal.
 */
function prettyDestination(opts: LoggerOptions): DestinationStream {
  const out = opts.stream ?? process.stderr;
  const colour = Boolean(out.isTTY) && !process.env.NO_COLOR;
  return {
    write(line: string): void {
      let rec: Record<string, unknown>;
      try {
        rec = JSON.parse(line) as Record<string, unknown>;
      } catch {
        out.write(line);
        return;
      }
      if (rec.raw === true) {
        const text = scrub(String(rec.msg ?? ''), opts.redact?.());
        opts.beforeWrite?.();
        out.write(`${colour ? text : text.replace(ANSI_COLOUR, '')}\n`);
        return;
      }
      const level = Number(rec.level);
      const name = (LEVEL_NAMES[level] ?? String(level)).padStart(7);
      const component = typeof rec.component === 'string' ? rec.component : 'Main';
      let text = `${name} ${localTime(Number(rec.time))} ${component}: ${String(rec.msg ?? '')}`;
      if (opts.verbose && rec.err && typeof rec.err === 'object') {
        const stack = (rec.err as { stack?: string }).stack;
        if (stack) text += `\n${stack}`;
      }
      text = scrub(text, opts.redact?.());
      if (colour) text = `\x1b[${LEVEL_COLOURS[level] ?? '0'}m${text}\x1b[0m`;
      opts.beforeWrite?.();
      out.write(`${text}\n`);
    },
  };
}

function jsonDestination(opts: LoggerOptions): DestinationStream {
  const out = opts.stream ?? process.stderr;
  return {
    write(line: string): void {
      opts.beforeWrite?.();
      const text = scrub(line, opts.redact?.());
      out.write(text.includes('"raw":true') ? text.replace(JSON_ANSI_COLOUR, '') : text);
    },
  };
}

export function createLogger(opts: LoggerOptions = {}): Logger {
  const format = opts.format ?? (process.stdout.isTTY ? 'pretty' : 'json');
  const dest = format === 'json' ? jsonDestination(opts) : prettyDestination(opts);
  return pino(
    {
      level: opts.verbose ? 'debug' : 'info',
      base: undefined,
      // Stack traces only with --verbose: without it an error is its one-line message.
      serializers: { err: opts.verbose ? pino.stdSerializers.err : (e: unknown) => ({ message: e instanceof Error ? e.message : String(e) }) },
    },
    dest,
  );
}

/** A logger that drops everything (tests and library use). */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
