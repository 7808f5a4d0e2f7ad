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
 * Sends one request; resolves when it completed. `scheduled` is when it was due (hrtime ns) on
 * a `rate` schedule; null when it goes the moment it is sent (closed models). `started` is
 * called with the moment the request actually started.
 */
export type SendFn = (index: number, scheduled: bigint | null, started: (at: bigint) => void) => Promise<void>;

const ignoreStart = (): void => undefined;

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

  private async runWorkers(spacing: bigint): Promise<void> {
    let next = 0;
    let nextStart = process.hrtime.bigint();
    const worker = async (): Promise<void> => {
      while (!this.waits.isCancelled && next < this.plan.count) {
        const index = next++;
        const now = process.hrtime.bigint();
        const at = nextStart > now ? nextStart : now;
        // Reserved before sleeping, so that two workers never take the same slot.
        nextStart = at + spacing;
        await this.waits.until(at);
        if (this.waits.isCancelled) return;
        // A request that started late pushes the following starts back: the spacing is a minimum.
        await this.send(index, null, (started) => {
          if (started + spacing > nextStart) nextStart = started + spacing;
        });
      }
    };
    const workers = Math.min(this.plan.concurrency, this.plan.count);
    await Promise.all(Array.from({ length: workers }, worker));
  }

  private async runRate(perSecond: number): Promise<void> {
    const t0 = process.hrtime.bigint();
    const step = 1e9 / perSecond;
    const inFlight = new Set<Promise<void>>();
    for (let index = 0; index < this.plan.count && !this.waits.isCancelled; index++) {
      const due = t0 + BigInt(Math.round(index * step));
      await this.waits.until(due);
      while (inFlight.size >= this.plan.concurrency && !this.waits.isCancelled) await Promise.race(inFlight);
      if (this.waits.isCancelled) break;
      const request: Promise<void> = this.send(index, due, ignoreStart).finally(() => inFlight.delete(request));
      inFlight.add(request);
    }
    await Promise.all(inFlight);
  }

  private async runGated(gate: () => Promise<void>): Promise<void> {
    for (let index = 0; index < this.plan.count && !this.waits.isCancelled; index++) {
      if (index > 0) await this.waits.race(gate());
      if (this.waits.isCancelled) return;
      await this.send(index, null, ignoreStart);
    }
  }
}
