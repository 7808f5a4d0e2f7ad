import type { HttpClient } from '../http/HttpClient.js';
import { Waits } from '../http/Waits.js';
import type { BulkPacing } from './BulkPacing.js';
import type { LoadStep } from '../loadmetrics/LoadStep.js';
import { loadOperationOf } from '../loadmetrics/loadOperationOf.js';
import type { RetryPolicy } from './RetryPolicy.js';

export interface BulkRequest {
  url: string;
  verb: string;
  headers: Record<string, string>;
  body: string | null;
}

export interface BulkResponse {
  /** 0 when no response arrived. */
  statusCode: number;
  headers: Record<string, string | string[]>;
  text: string;
  /** Why no response arrived; null when one did (whatever its status). */
  error: string | null;
  /** When the response completed or the request failed (hrtime ns). */
  end: bigint;
}

export interface BulkCallbacks<T> {
  /** Before every attempt, retries included; `attempt` counts from 1. */
  onSend(item: T, attempt: number): void;
  /** A 2xx answer. */
  onSuccess(item: T, response: BulkResponse): void;
  /** Any other answer or no answer; `willRetry` tells whether another attempt follows. */
  onFailure(item: T, response: BulkResponse, willRetry: boolean): void;
}

export interface BulkOutcome {
  succeeded: number;
  failed: number;
}

interface Job<T> {
  item: T;
  request: BulkRequest;
  attempts: number;
  /** Earliest start of the next attempt (hrtime ns). */
  readyAt: bigint;
}

/** Requests in flight when neither `parallel` nor `burst` is given, as in the original. */
export const DEFAULT_POOL = 2;

/**
 * Sends a list of requests with bounded concurrency (`parallel`, a pool that refills as
 * requests complete, or `burst`, groups that complete before the next starts), a minimum
 * spacing (`rate`) and retries. A failed attempt is retried `retry.interval` after it
 * started, ahead of requests not sent yet; the others keep going meanwhile.
 */
export class BulkRequestEngine<T> {
  /** The load-metrics step fed with every attempt (retries included), when load metrics are on. */
  load: LoadStep | null = null;
  private readonly waits = new Waits();
  private readonly spacing: bigint;
  private nextStart = 0n;
  private fresh: Array<Job<T>> = [];
  private freshHead = 0;
  /** Sorted by readyAt. */
  private readonly retries: Array<Job<T>> = [];
  private readonly outcome: BulkOutcome = { succeeded: 0, failed: 0 };

  constructor(
    private readonly client: HttpClient,
    private readonly pacing: BulkPacing,
    private readonly retry: RetryPolicy,
    private readonly callbacks: BulkCallbacks<T>,
  ) {
    this.spacing = pacing.rate === null ? 0n : BigInt(Math.round(1e9 / pacing.rate));
  }

  /** Resolves once every request succeeded or gave up, or abort() was called. */
  async run(items: ReadonlyArray<{ item: T; request: BulkRequest }>): Promise<BulkOutcome> {
    this.fresh = items.map(({ item, request }) => ({ item, request, attempts: 0, readyAt: 0n }));
    if (this.pacing.burst !== null) await this.runBursts(this.pacing.burst);
    else await this.runPool(this.pacing.parallel ?? DEFAULT_POOL);
    return { ...this.outcome };
  }

  /** No further attempt starts and pending waits end; the owner aborts what is in flight. */
  abort(): void {
    this.waits.cancel();
  }

  /** Waits `seconds` unless aborted first. */
  sleep(seconds: number): Promise<void> {
    return this.waits.until(process.hrtime.bigint() + BigInt(Math.round(seconds * 1e9)));
  }

  get aborted(): boolean {
    return this.waits.isCancelled;
  }

  /** A retry that is due, else the next fresh request, else the earliest retry. */
  private next(): Job<T> | undefined {
    if (this.waits.isCancelled) return undefined;
    const due = this.retries[0];
    if (due && due.readyAt <= process.hrtime.bigint()) return this.retries.shift();
    if (this.freshHead < this.fresh.length) return this.fresh[this.freshHead++];
    return this.retries.shift();
  }

  private async runPool(size: number): Promise<void> {
    // A worker re-queues its own failed job before asking for the next one, so no retry is left behind.
    const worker = async (): Promise<void> => {
      for (let job = this.next(); job; job = this.next()) await this.attempt(job);
    };
    await Promise.all(Array.from({ length: Math.min(size, this.fresh.length) }, worker));
  }

  private async runBursts(size: number): Promise<void> {
    for (;;) {
      const burst: Array<Job<T>> = [];
      while (burst.length < size) {
        const job = this.next();
        if (!job) break;
        burst.push(job);
      }
      if (burst.length === 0) return;
      await Promise.all(burst.map((job) => this.attempt(job)));
    }
  }

  private async attempt(job: Job<T>): Promise<void> {
    const now = process.hrtime.bigint();
    let at = job.readyAt > now ? job.readyAt : now;
    if (this.spacing > 0n) {
      if (this.nextStart > at) at = this.nextStart;
      // Reserved before sleeping, so that two workers never take the same slot.
      this.nextStart = at + this.spacing;
    }
    await this.waits.until(at);
    if (this.waits.isCancelled) return;
    job.attempts += 1;
    const started = process.hrtime.bigint();
    this.callbacks.onSend(job.item, job.attempts);
    const load = this.load;
    const res = await this.client.request({ ...job.request, keepBody: true }, load ? { onStart: (at) => load.started(at) } : undefined);
    if (res.aborted) return;
    load?.ended(loadOperationOf(job.request.url, res, (status) => status >= 200 && status < 300));
    const response: BulkResponse = { statusCode: res.statusCode, headers: res.headers, text: res.body, error: res.error, end: res.end };
    if (res.error === null && res.statusCode >= 200 && res.statusCode < 300) {
      this.outcome.succeeded += 1;
      this.callbacks.onSuccess(job.item, response);
      return;
    }
    const willRetry = job.attempts < this.retry.tries && !this.waits.isCancelled;
    this.callbacks.onFailure(job.item, response, willRetry);
    if (!willRetry) {
      this.outcome.failed += 1;
      return;
    }
    job.readyAt = started + BigInt(Math.round(this.retry.interval * 1e9));
    let i = this.retries.length;
    while (i > 0 && this.retries[i - 1]!.readyAt > job.readyAt) i -= 1;
    this.retries.splice(i, 0, job);
  }
}
