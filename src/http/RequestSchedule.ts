import { LaneNumbers } from './LaneNumbers.js';
import { Waits } from './Waits.js';

/** How the requests of a batch follow each other. */
export type Pacing =
  /** Each request starts as soon as a concurrency slot is free (closed model). */
  | { kind: 'backToBack' }
  /** Starts at least `seconds` apart, and only when a slot is free (closed model, the original's repeatInterval). */
  | { kind: 'interval'; seconds: number }
  /** Request k is due at start + k/perSecond whatever the server does (open model). */
  | { kind: 'rate'; perSecond: number }
  /** Each request after the first waits for `gate()` to resolve after the previous one completed. */
  | { kind: 'gated'; gate: () => Promise<void> };

export interface SchedulePlan {
  count: number;
  /** Requests in flight at most; Infinity for none. */
  concurrency: number;
  pacing: Pacing;
}

/**
 * Sends one request and calls `done(lane)` once it completed (exactly once, possibly
 * synchronously when it could not even start). `lane` (0 to concurrency − 1; −1 when the
 * concurrency is unbounded) is the slot the request holds until it completed: no two requests in
 * flight share one, so each lane can have a connection of its own. `scheduled` is when it was due
 * (hrtime ns) on a `rate` schedule; null when it goes the moment it is sent (closed models).
 * `started`, when not null, wants the moment the request actually started.
 */
export type SendFn = (index: number, lane: number, scheduled: bigint | null, started: ((at: bigint) => void) | null, done: (lane: number) => void) => void;

/**
 * Runs the requests of one batch at the pace its plan asks for. Under `rate` the due time of
 * each request is fixed in advance and handed to `send`, so latency measured from it includes
 * any wait for a slot: a stalled server cannot hide behind the requests it held back.
 */
export class RequestSchedule {
  private readonly waits = new Waits();

  constructor(
    private readonly plan: SchedulePlan,
    private readonly send: SendFn,
  ) {}

  /** Resolves once every started request completed (or stop() was called and they did). */
  async run(): Promise<void> {
    const pacing = this.plan.pacing;
    switch (pacing.kind) {
      case 'rate':
        return this.runRate(pacing.perSecond);
      case 'gated':
        return this.runGated(pacing.gate);
      case 'interval':
        return this.runWorkers(BigInt(Math.round(pacing.seconds * 1e9)));
      case 'backToBack':
        return this.runWorkers(0n);
    }
  }

  /** No further request starts; pending waits end now. */
  stop(): void {
    this.waits.cancel();
  }

  /** Sends request `index` on `lane` and resolves when it completed. */
  private sendAndWait(index: number, lane: number, started: ((at: bigint) => void) | null): Promise<void> {
    return new Promise((resolve) => this.send(index, lane, null, started, () => resolve()));
  }

  /**
   * Closed model without spacing: `concurrency` requests in flight, each completion starts the
   * next one at once (from the completion callback, no promise per request).
   */
  private runBackToBack(): Promise<void> {
    return new Promise((resolve) => {
      const count = this.plan.count;
      const concurrency = this.plan.concurrency;
      const lanes = Number.isFinite(concurrency) ? new LaneNumbers() : null;
      let next = 0;
      let active = 0;
      let launching = false;
      const launch = (): void => {
        // A request that completes while this loop starts others only frees its slot.
        if (launching) return;
        launching = true;
        while (active < concurrency && next < count && !this.waits.isCancelled) {
          active += 1;
          this.send(next++, lanes ? lanes.take() : -1, null, null, completed);
        }
        launching = false;
        if (active === 0) resolve();
      };
      const completed = (lane: number): void => {
        active -= 1;
        lanes?.give(lane);
        launch();
      };
      launch();
    });
  }

  private async runWorkers(spacing: bigint): Promise<void> {
    if (spacing === 0n) return this.runBackToBack();
    let next = 0;
    let nextStart = process.hrtime.bigint();
    const worker = async (lane: number): Promise<void> => {
      while (!this.waits.isCancelled && next < this.plan.count) {
        const index = next++;
        const now = process.hrtime.bigint();
        const at = nextStart > now ? nextStart : now;
        // Reserved before sleeping, so that two workers never take the same slot.
        nextStart = at + spacing;
        await this.waits.until(at);
        if (this.waits.isCancelled) return;
        // A request that started late pushes the following starts back: the spacing is a minimum.
        await this.sendAndWait(index, lane, (started) => {
          if (started + spacing > nextStart) nextStart = started + spacing;
        });
      }
    };
    const workers = Math.min(this.plan.concurrency, this.plan.count);
    await Promise.all(Array.from({ length: workers }, (_, lane) => worker(lane)));
  }

  private async runRate(perSecond: number): Promise<void> {
    const t0 = process.hrtime.bigint();
    const step = 1e9 / perSecond;
    const concurrency = this.plan.concurrency;
    const lanes = Number.isFinite(concurrency) ? new LaneNumbers() : null;
    let active = 0;
    // Woken when a request completes: a slot is free, or the last one finished.
    let wake: (() => void) | null = null;
    const completed = (lane: number): void => {
      active -= 1;
      lanes?.give(lane);
      const w = wake;
      wake = null;
      w?.();
    };
    const completion = (): Promise<void> =>
      new Promise((resolve) => {
        wake = resolve;
      });
    for (let index = 0; index < this.plan.count && !this.waits.isCancelled; index++) {
      const due = t0 + BigInt(Math.round(index * step));
      if (due > process.hrtime.bigint()) await this.waits.until(due);
      while (active >= concurrency && !this.waits.isCancelled) await completion();
      if (this.waits.isCancelled) break;
      active += 1;
      this.send(index, lanes ? lanes.take() : -1, due, null, completed);
    }
    while (active > 0) await completion();
  }

  private async runGated(gate: () => Promise<void>): Promise<void> {
    for (let index = 0; index < this.plan.count && !this.waits.isCancelled; index++) {
      if (index > 0) await this.waits.race(gate());
      if (this.waits.isCancelled) return;
      await this.sendAndWait(index, 0, null);
    }
  }
}
