import { Component } from '../../core/Component.js';
import { Event } from '../../core/Event.js';
import { EventFilter, type EventFilterSession } from '../../core/EventFilter.js';
import type { Parameters } from '../../core/ParameterBatch.js';

/** What a policy will do in one run, for --dry-run and the progress line. */
export interface PolicyPlan {
  /** The parameter values of each test case, in order. */
  cases: Array<Record<string, unknown>>;
  /** Seconds one run takes when the policy itself sets the pace (TimeEvolutionPolicy), else null. */
  seconds: number | null;
}

export interface StateHandlers {
  enter?: () => void;
  /** Handlers by exact event name. */
  on?: Record<string, (event: Event) => void>;
  /** Called for every event after the named handler. */
  any?: (event: Event) => void;
}

/**
 * The session's own events, which every policy receives: it handles some itself, and the
 * changes it queued outside an event (a filter's `:after` timer) go out after the next one.
 */
const POLICY_EVENTS = ['StartEvent', 'RestartEvent', 'TeardownEvent', 'InterruptEvent', 'StalledEvent', 'RunTaskEvent', 'RunTaskCompletedEvent', 'TickEvent', 'ParameterUpdateEvent', 'FlagUpdateEvent'];

/**
 * A policy is a state machine that receives the bus events it listens to (every event, unless
 * it names them in listensTo()). Parameter and flag changes it makes while handling an event
 * are published together right after the handler. Every policy has a `Start` and an `End` state.
 */
export abstract class Policy extends Component {
  static readonly kind = 'policy' as const;
  state = 'Start';
  lastTransitionTs = performance.now();
  private queue: string[] = [];
  private processing = false;
  private taskWaits = new Map<number, () => void>();
  /** Whether a test case was started and not finished yet (flagged on interrupt). */
  protected caseRunning = false;

  protected abstract readonly states: Record<string, StateHandlers>;
  /** The session waiting for the start event (see waitForStart). */
  protected startSession: EventFilterSession | null = null;

  /**
   * The filter sessions this policy listens with right now. They see every event before the
   * state handlers, so a session opened while an event is handled never sees that event.
   */
  protected filterSessions(): Array<EventFilterSession | null> {
    return [this.startSession];
  }

  /** Goes to `next` at once without a start filter, else when the filter matches. */
  protected waitForStart(filter: EventFilter | null, next: string, message = 'Waiting until the system is ready'): void {
    this.startSession = null;
    if (!filter) {
      this.goto(next);
      return;
    }
    const waiting = this.state;
    this.logger.info(message);
    this.startSession = filter.start(null, () => {
      if (this.state !== waiting) return;
      this.startSession = null;
      this.logger.info('Start event matched');
      this.goto(next);
    });
  }

  get name(): string {
    return (this.constructor as unknown as { className: string }).className;
  }

  override async init(): Promise<void> {
    const events = this.subscriptionEvents();
    this.ctx.bus.subscribe((e) => this.handleEvent(e), events === null ? { order: 5 } : { order: 5, events });
  }

  /**
   * What the `any` handlers and the filter sessions of this policy look at: event names, and
   * filters (which stand for the events they can match; null entries are skipped). The policy
   * receives these, the events its `on` handlers name, and the session's own events (Start,
   * Restart, Teardown, Interrupt, Stalled, RunTask, RunTaskCompleted, Tick, ParameterUpdate,
   * FlagUpdate). null, the default: every event, for a policy that cannot tell in advance. A
   * policy that names them is not handed the flood of events it ignores (every HTTP request of a
   * load test), and producers skip building events nobody receives.
   */
  protected listensTo(): Array<string | EventFilter | null> | null {
    return null;
  }

  /** The event names this policy subscribes to; null for every event. */
  private subscriptionEvents(): string[] | null {
    const wanted = this.listensTo();
    if (wanted === null) return null;
    const names = new Set(POLICY_EVENTS);
    for (const handlers of Object.values(this.states)) for (const name of Object.keys(handlers.on ?? {})) names.add(name);
    for (const item of wanted) {
      if (item === null) continue;
      if (!(item instanceof EventFilter)) {
        names.add(item);
        continue;
      }
      const matched = item.subscriptionEvents;
      if (matched === null) return null;
      for (const name of matched) names.add(name);
    }
    return [...names];
  }

  /** (Re-)enters Start; the session calls it at the beginning of every run. */
  start(): void {
    this.taskWaits.clear();
    this.queue.push('Start');
    this.process();
    // Nothing is flushed here: the changes go out after the policy handled the Start or
    // RestartEvent the session publishes next, so every test case starts after StartEvent.
  }

  /** The test cases of one run, when they are known before running; null otherwise. */
  plan(): PolicyPlan | null {
    return null;
  }

  isEnded(): boolean {
    return this.state === 'End';
  }

  goto(state: string): void {
    if (!(state in this.states) && state !== 'End') throw new Error(`State '${state}' was not found in ${this.name}`);
    if (state === this.state && this.queue.length === 0) return;
    this.queue.push(state);
    this.process();
  }

  private process(): void {
    if (this.processing) return;
    this.processing = true;
    try {
      while (this.queue.length > 0) {
        const next = this.queue.shift()!;
        this.state = next;
        this.lastTransitionTs = performance.now();
        if (next === 'End') {
          this.caseRunning = false;
          // End is final until start(): a task completing later must not move the policy on.
          this.taskWaits.clear();
        }
        try {
          this.states[next]?.enter?.();
        } catch (err) {
          this.fail(err, `entering state ${next}`);
        }
      }
    } finally {
      this.processing = false;
    }
  }

  /** A policy error ends the policy: the run cannot go on without it. */
  private fail(err: unknown, doing: string): void {
    this.logger.error({ err }, `Policy failed while ${doing}: ${err instanceof Error ? err.message : String(err)}`);
    if (this.caseRunning) this.setStatus('FAILED');
    this.queue = [];
    this.state = 'End';
    this.caseRunning = false;
    this.taskWaits.clear();
  }

  handleEvent(event: Event): void {
    // Every event of the run comes through here, so the session list is fetched again only
    // when an earlier session could have closed this one.
    let handled = false;
    for (const session of this.filterSessions()) {
      // A session closed by an earlier one in this loop must not see the event.
      if (!session || (handled && !this.filterSessions().includes(session))) continue;
      handled = true;
      try {
        session.handle(event);
      } catch (err) {
        this.logger.error({ err }, `Exception while matching ${event.event}: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
    try {
      if (event.event === 'RunTaskCompletedEvent') this.onTaskCompleted(event);
      const handlers = this.states[this.state];
      const named = handlers?.on?.[event.event];
      if (named) named(event);
      else if (event.event === 'InterruptEvent') this.onInterrupt();
      else if (event.event === 'StalledEvent' && this.state !== 'End') this.onStalled(event);
      handlers?.any?.(event);
    } catch (err) {
      this.logger.error({ err }, `Exception while handling ${event.event}: ${err instanceof Error ? err.message : String(err)}`);
    }
    this.ctx.parameterBatch.flush();
  }

  protected onInterrupt(): void {
    this.logger.debug('Sinking to End due to interrupt event');
    if (this.caseRunning) this.setStatus('INTERRUPTED');
    this.goto('End');
  }

  /** Default: a stalled policy gives up. */
  protected onStalled(_event: Event): void {
    if (this.caseRunning) this.setStatus('STALLED');
    this.goto('End');
  }

  protected setParameters(values: Parameters): number {
    this.caseRunning = true;
    return this.ctx.parameterBatch.setParameters(values);
  }

  protected setParameter(name: string, value: unknown): number {
    this.caseRunning = true;
    return this.ctx.parameterBatch.setParameter(name, value);
  }

  protected setFlag(name: string, value: unknown): number {
    return this.ctx.parameterBatch.setFlag(name, value);
  }

  protected setStatus(value: string): number {
    return this.setFlag('status', value);
  }

  /** Publishes RunTaskEvent(task) and calls `done` when exactly that request completed. */
  protected runTask(task: string, done: () => void): void {
    const event = new Event('RunTaskEvent', { task });
    this.taskWaits.set(event.traceids[0]!, done);
    this.ctx.bus.publish(event);
  }

  private onTaskCompleted(event: Event): void {
    for (const id of event.traceids) {
      const done = this.taskWaits.get(id);
      if (done) {
        this.taskWaits.delete(id);
        done();
        return;
      }
    }
  }
}
