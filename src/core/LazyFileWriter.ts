import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import { dirname } from 'node:path';

/**
 * An append-only text file opened on the first write: building a config (or `validate`)
 * never creates output files, and a reporter that sees nothing writes nothing.
 */
export class LazyFileWriter {
  private out: WriteStream | null = null;
  private closed = false;
  /** The first write failure: reported at once through onError, and again by close(). */
  private failure: Error | null = null;

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
        this.fail(err as Error);
        return;
      }
      this.out = createWriteStream(this.path, { flags: this.append ? 'a' : 'w' });
      this.out.on('error', (err) => this.fail(err));
    }
    this.out.write(text);
  }

  private fail(err: Error): void {
    this.closed = true;
    if (this.failure) return;
    this.failure = err;
    this.onError(err);
  }

  /**
   * Flushes and closes; with `createEmpty`, an untouched file is still created (empty).
   * Rejects when any write failed, so the reporter's failure reaches the exit code.
   */
  async close(createEmpty = false): Promise<void> {
    if (!this.out && createEmpty && !this.closed) this.write('');
    this.closed = true;
    const out = this.out;
    this.out = null;
    if (out) {
      await new Promise<void>((resolve, reject) => {
        if (out.destroyed) return resolve();
        out.once('error', reject);
        out.end(() => resolve());
      }).catch((err: Error) => this.failure ?? (this.failure = err));
    }
    if (this.failure) throw this.failure;
  }
}
