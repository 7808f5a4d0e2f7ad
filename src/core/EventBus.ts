import { Event } from './Event.js';
import { eventAncestors } from './EventCatalog.js';
import type { Logger } from './Logger.js';

export type Subscriber = (event: Event) => unknown;

interface Subscription {
  callback: Subscriber;
  order: number;
  seq: number;
  /** null: every event. */
  events: string[] | null;
}

export interface SubscribeOptions {
  /** Lower runs first; ties run in subscription order. Default 5. */
  order?: number;
  /** Event names (or ancestor names) to receive; all events when omitted. */
  events?: string[];
}

/** Events are drained in slices so timers and I/O callbacks still get the loop under load. */
const SLICE_EVENTS = 2000;
const SLOW_CONSUMER_SECONDS = 0.1;

/**
 * Single-threaded, strictly FIFO event bus: publish() only enqueues; delivery happens
 * later on the event loop, in publish order, to subscribers sorted by `order`.
 */
export class EventBus {
  /** Delivered slots are cleared, so a queue that never runs empty does not keep every event alive. */
  private queue: Array<Event | null> = [];
  private head = 0;
  private subs: Subscription[] = [];
  private seq = 0;
  private routeCache = new Map<string, Subscription[]>();
  private version = 0;
  private scheduled = false;
  private draining = false;
  private idleWaiters: Array<() => void> = [];
  private roomWaiters: Array<{ max: number; resolve: () => void }> = [];
  private clock: NodeJS.Timeout | null = null;
  private lastTick = 0;
  private ticks = 0;
  /** Total events delivered, for the progress line and benchmarks. */
  dispatched = 0;
  /** Called after a subscriber threw (the session flags the running test case). */
  onSubscriberError: ((event: Event, err: unknown) => void) | null = null;

  constructor(
    private readonly logger: Logger,
    private readonly fps = 30,
  ) {}

  subscribe(callback: Subscriber, options: SubscribeOptions = {}): void {
    this.subs.push({ callback, order: options.order ?? 5, seq: this.seq++, events: options.events ?? null });
    this.subs.sort((a, b) => a.order - b.order || a.seq - b.seq);
    this.routeCache.clear();
    this.version += 1;
  }

  unsubscribe(callback: Subscriber): void {
    this.subs = this.subs.filter((s) => s.callback !== callback);
    this.routeCache.clear();
    this.version += 1;
  }

  /**
   * Whether an event named `name` would reach any subscriber right now: one that names it, an
   * ancestor or an alias of it, or one that receives every event. A producer may skip building
   * events nobody receives; a subscriber added later only sees events published after it.
   * Cached per name until the next subscribe or unsubscribe.
   */
  hasSubscribers(name: string): boolean {
    return this.route(name).length > 0;
  }

  /** Changes with every subscribe and unsubscribe: answers of hasSubscribers() kept until it changes stay true. */
  get subscriptionVersion(): number {
    return this.version;
  }

  publish(event: Event): void {
    if (event.event !== 'TickEvent' && this.logger.isLevelEnabled('debug')) this.logger.debug(`Publishing '${event.toString()}'`);
    this.queue.push(event);
    this.schedule();
  }

  /** Resolves once every queued event, including ones published while draining, was delivered. */
  flush(): Promise<void> {
    if (this.pending() === 0 && !this.draining) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /**
   * Resolves once at most `max` events wait for delivery: producers that can pause (process
   * output) wait for it, so a flood of lines cannot pile up unbounded in memory.
   */
  whenPendingAtMost(max: number): Promise<void> {
    if (this.pending() <= max) return Promise.resolve();
    return new Promise((resolve) => this.roomWaiters.push({ max, resolve }));
  }

  /** Starts the TickEvent clock (no clock when fps is 0). */
  start(): void {
    if (this.fps <= 0 || this.clock) return;
    this.lastTick = performance.now();
    this.clock = setInterval(() => {
      const now = performance.now();
      this.ticks += 1;
      this.publish(new Event('TickEvent', { count: this.ticks, delta: (now - this.lastTick) / 1000 }));
      this.lastTick = now;
    }, 1000 / this.fps);
  }

  /** Stops the clock and waits until the queue is empty. */
  async stop(): Promise<void> {
    if (this.clock) clearInterval(this.clock);
    this.clock = null;
    await this.flush();
  }

  pending(): number {
    return this.queue.length - this.head;
  }

  private schedule(): void {
    if (this.scheduled || this.draining) return;
    this.scheduled = true;
    setImmediate(() => this.drain());
  }

  /** The subscribers of events named `name`, in delivery order. */
  private route(name: string): Subscription[] {
    let list = this.routeCache.get(name);
    if (!list) {
      const ancestors = eventAncestors(name);
      list = this.subs.filter((s) => s.events === null || s.events.some((n) => n === '*' || ancestors.has(n)));
      this.routeCache.set(name, list);
    }
    return list;
  }

  private drain(): void {
    this.scheduled = false;
    this.draining = true;
    let n = 0;
    // One clock read per subscriber call: the end of one call is the start of the next, across
    // the events of the slice.
    let clock = performance.now();
    try {
      while (this.head < this.queue.length && n < SLICE_EVENTS) {
        const event = this.queue[this.head]!;
        this.queue[this.head] = null;
        this.head += 1;
        n += 1;
        clock = this.deliver(event, clock);
      }
    } finally {
      this.draining = false;
    }
    if (this.roomWaiters.length > 0) this.wakeRoomWaiters();
    if (this.head >= this.queue.length) {
      this.queue = [];
      this.head = 0;
      const waiters = this.idleWaiters;
      this.idleWaiters = [];
      for (const w of waiters) w();
    } else {
      if (this.head > 65536) {
        this.queue = this.queue.slice(this.head);
        this.head = 0;
      }
      this.schedule();
    }
  }

  private wakeRoomWaiters(): void {
    const pending = this.pending();
    const ready = this.roomWaiters.filter((w) => pending <= w.max);
    if (ready.length === 0) return;
    this.roomWaiters = this.roomWaiters.filter((w) => pending > w.max);
    for (const w of ready) w.resolve();
  }

  /** Delivers one event; `started` is the clock when its first subscriber is called. Returns the clock after the last. */
  private deliver(event: Event, started: number): number {
    this.dispatched += 1;
    const subs = this.route(event.event);
    for (let i = 0; i < subs.length; i++) {
      const sub = subs[i]!;
      try {
        const result = sub.callback(event);
        if (result && typeof (result as Promise<unknown>).catch === 'function') {
          (result as Promise<unknown>).catch((err: unknown) => this.reportError(event, err));
        }
      } catch (err) {
        this.reportError(event, err);
      }
      const ended = performance.now();
      const took = (ended - started) / 1000;
      started = ended;
      if (took > SLOW_CONSUMER_SECONDS) {
        this.logger.warn(`Slow consumer (${took.toFixed(2)}s) ${sub.callback.name || 'anonymous'} for event ${event.event}`);
      }
    }
    return started;
  }

  private reportError(event: Event, err: unknown): void {
    this.logger.error({ err }, `Exception while dispatching event ${event.event}: ${err instanceof Error ? err.message : String(err)}`);
    try {
      this.onSubscriberError?.(event, err);
    } catch {
      // The hook reports; it must never break delivery.
    }
  }
}
