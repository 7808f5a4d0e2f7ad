import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import { dirname } from 'node:path';

/**
 * An append-only text file opened on the first write: building a config (or `validate`)
 * never creates output files, and a reporter that sees nothing writes nothing.
 */
export class LazyFileWriter {
  private out: WriteStream | null = null;
  private closed = false;

  constructor(
    readonly path: string,
    private readonly append: boolean,
    private readonly onError: (err: Error) => void,
  ) {}

  write(text: string): void {
    if (this.closed) return;
    if (!this.out) {
      try {
        mkdirSync(dirname(this.path), { recursive: true });
      } catch (err) {
        this.closed = true;
        this.onError(err as Error);
        return;
      }
      this.out = createWriteStream(this.path, { flags: this.append ? 'a' : 'w' });
      this.out.on('error', (err) => {
        this.closed = true;
        this.onError(err);
      });
    }
    this.out.write(text);
  }

  /** Flushes and closes; with `createEmpty`, an untouched file is still created (empty). */
  async close(createEmpty = false): Promise<void> {
    if (!this.out && createEmpty && !this.closed) this.write('');
    this.closed = true;
    const out = this.out;
    this.out = null;
    if (!out) return;
    await new Promise<void>((resolve, reject) => {
      if (out.destroyed) return resolve();
      out.once('error', reject);
      out.end(() => resolve());
    });
  }
}
