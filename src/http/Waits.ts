/**
 * Timer waits that never end early and that cancel() ends at once. Node timers count from the
 * loop's cached clock, so a bare setTimeout can fire up to a loop iteration before its time.
 */
export class Waits {
  private readonly pending = new Set<() => void>();
  private cancelled = false;

  get isCancelled(): boolean {
    return this.cancelled;
  }

  /** Resolves once process.hrtime.bigint() reached `at` (or at cancel()). */
  until(at: bigint): Promise<void> {
    if (this.cancelled || process.hrtime.bigint() >= at) return Promise.resolve();
    return new Promise((resolve) => {
      let timer: NodeJS.Timeout;
      const done = (): void => {
        clearTimeout(timer);
        this.pending.delete(done);
        resolve();
      };
      const arm = (): void => {
        const ms = Number(at - process.hrtime.bigint()) / 1e6;
        if (ms <= 0) done();
        else timer = setTimeout(arm, Math.ceil(ms));
      };
      this.pending.add(done);
      arm();
    });
  }

  /** Resolves when `p` does, or at cancel(); rejects when `p` rejects first. */
  race(p: Promise<void>): Promise<void> {
    if (this.cancelled) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const done = (): void => {
        this.pending.delete(done);
        resolve();
      };
      this.pending.add(done);
      p.then(done, (err: unknown) => {
        this.pending.delete(done);
        reject(err);
      });
    });
  }

  cancel(): void {
    this.cancelled = true;
    for (const done of [...this.pending]) done();
  }
}
