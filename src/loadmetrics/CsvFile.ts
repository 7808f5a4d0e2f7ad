import { LazyFileWriter } from '../core/LazyFileWriter.js';

/** A CSV cell: quoted when it holds a separator, a quote or a line break. */
export function csvCell(value: string | number): string {
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/**
 * An append-only CSV file created on its first row, which comes after the header line.
 * Reopened (after close) it appends, without a second header.
 */
export class CsvFile {
  private writer: LazyFileWriter | null = null;
  private started = false;

  constructor(
    readonly path: string,
    private readonly header: readonly string[],
    private readonly onError: (err: Error) => void,
  ) {}

  append(cells: ReadonlyArray<string | number>): void {
    this.writer ??= new LazyFileWriter(this.path, this.started, this.onError);
    if (!this.started) this.writer.write(`${this.header.join(',')}\n`);
    this.started = true;
    this.writer.write(`${cells.map(csvCell).join(',')}\n`);
  }

  /** Flushes and closes the file (a later append reopens it). */
  async close(): Promise<void> {
    const writer = this.writer;
    this.writer = null;
    await writer?.close();
  }
}
