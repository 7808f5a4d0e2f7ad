import type { LoadOperation } from './LoadOperation.js';
import { StepMetrics, type StepIdentity } from './StepMetrics.js';

/**
 * The steady-state window of a step: with threshold P and concurrency limit C, it opens the
 * first time the operations in flight reach C·P and closes the first time they fall below,
 * accounting on its own meanwhile (Mongoose's threshold metrics). It opens at most once.
 */
export class ThresholdWindow {
  /** The operations in flight that open it: the least whole number ≥ C·P. */
  readonly count: number;
  private state: 'waiting' | 'open' | 'closed' = 'waiting';
  private metrics: StepMetrics | null = null;

  constructor(
    limit: number,
    fraction: number,
    private readonly identity: StepIdentity,
    private readonly averagePeriod: number,
  ) {
    // The epsilon keeps 100 × 0.7 (70.00000000000001 in floating point) at 70.
    this.count = Math.max(1, Math.ceil(limit * fraction - 1e-9));
  }

  /** The window's own metrics while it is open. */
  get current(): StepMetrics | null {
    return this.state === 'open' ? this.metrics : null;
  }

  /** After the operations in flight changed to `active` at `at`: whether the window opened or closed. */
  update(active: number, at: bigint): 'opened' | 'closed' | null {
    if (this.state === 'waiting' && active >= this.count) {
      this.state = 'open';
      this.metrics = new StepMetrics(this.identity, at, this.averagePeriod, active);
      return 'opened';
    }
    if (this.state === 'open' && active < this.count) {
      this.state = 'closed';
      return 'closed';
    }
    return null;
  }

  /** Closes an open window at the end of the step; true when it was open. */
  close(): boolean {
    if (this.state !== 'open') return false;
    this.state = 'closed';
    return true;
  }

  /** The metrics of the window once it opened (also after it closed). */
  get result(): StepMetrics | null {
    return this.metrics;
  }

  started(at: bigint): void {
    this.current?.changeActive(1, at);
  }

  ended(op: LoadOperation): void {
    const m = this.current;
    if (!m) return;
    m.account(op);
    m.changeActive(-1, op.end);
  }
}
