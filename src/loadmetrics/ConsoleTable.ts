import { formatFixedWidth } from './formatFixedWidth.js';
import type { LoadSnapshot } from './LoadSnapshot.js';
import type { OpType } from './OpType.js';

/** Bytes in the MB of the MB/s columns (Mongoose's MiB). */
export const MIB = 1024 * 1024;

export const TABLE_HEADER = [
  '------------------------------------------------------------------------------------------------------------------------',
  ' Step Id  | Timestamp  |  Op  |     Concurrency     |       Count       | Step  |   Last Rate    |  Mean    |   Mean',
  ' (last 10 |            | type |---------------------|-------------------| Time  |----------------| Latency  | Duration',
  ' symbols) |yyMMddHHmmss|      | Current  |   Mean   |   Success  |Failed|  [s]  | [op/s] |[MB/s] |  [us]    |   [us]',
  '----------|------------|------|----------|----------|------------|------|-------|--------|-------|----------|-----------',
].join('\n');

/** Frames the final row of a step. */
export const TABLE_FRAME = '*'.repeat(120);

const RESET = '\x1b[0m';
const OP_COLOURS: Record<OpType, string> = { NOOP: '\x1b[90m', CREATE: '\x1b[36m', READ: '\x1b[94m', UPDATE: '\x1b[35m', DELETE: '\x1b[33m' };

/** Green without failures, yellow with some, red when they are at least as many as the successes. */
function failureColour(successes: number, failures: number): string {
  if (failures === 0) return '\x1b[32m';
  return failures >= successes ? '\x1b[31m' : '\x1b[33m';
}

/** Right-aligned in `width`; a longer text keeps its last `width` characters (the step id's "last 10 symbols"). */
function padLeft(text: string, width: number): string {
  return text.length > width ? text.slice(text.length - width) : text.padStart(width);
}

/** Left-aligned in `width`; a longer text keeps its first `width` characters. */
function padRight(text: string, width: number): string {
  return text.length > width ? text.slice(0, width) : text.padEnd(width);
}

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}

/** yyMMddHHmmss in local time. */
export function tableTimestamp(epochMs: number): string {
  const d = new Date(epochMs);
  return `${pad2(d.getFullYear() % 100)}${pad2(d.getMonth() + 1)}${pad2(d.getDate())}${pad2(d.getHours())}${pad2(d.getMinutes())}${pad2(d.getSeconds())}`;
}

/** One row of the table, 120 characters wide (not counting colour codes). */
export function formatTableRow(s: LoadSnapshot, colour: boolean): string {
  const paint = (code: string, text: string): string => (colour ? `${code}${text}${RESET}` : text);
  return [
    padLeft(s.stepId, 10),
    padLeft(tableTimestamp(s.time), 12),
    paint(OP_COLOURS[s.opType], padRight(s.opType, 6)),
    padLeft(String(s.concurrencyCurrent), 10),
    padRight(formatFixedWidth(s.concurrencyLastMean, 6), 10),
    padLeft(String(s.successes), 12),
    paint(failureColour(s.successes, s.failures), padLeft(String(s.failures), 6)),
    padRight(formatFixedWidth(s.elapsed, 7), 7),
    padRight(formatFixedWidth(s.rateLast, 8), 8),
    padRight(formatFixedWidth(s.byteRateLast / MIB, 7), 7),
    padLeft(String(Math.trunc(s.latency.mean)), 10),
    padLeft(String(Math.trunc(s.duration.mean)), 11),
  ].join('|');
}

/**
 * Mongoose's live table: one row per load per period, the header before the first row and
 * again every `headerPeriod` rows (counted over every load of the session), and the final row
 * of a step between two lines of asterisks.
 */
export class ConsoleTable {
  private rows = 0;

  /** The lines to print for one row (no trailing newline). */
  format(s: LoadSnapshot, options: { final: boolean; headerPeriod: number; colour: boolean }): string {
    const lines: string[] = [];
    const headerDue = options.headerPeriod > 0 ? this.rows % options.headerPeriod === 0 : this.rows === 0;
    if (headerDue) lines.push(TABLE_HEADER);
    this.rows += 1;
    const row = formatTableRow(s, options.colour);
    lines.push(options.final ? `${TABLE_FRAME}\n${row}\n${TABLE_FRAME}` : row);
    return lines.join('\n');
  }
}
