import { Event } from './Event.js';
import { EventBus } from './EventBus.js';
import type { Logger } from './Logger.js';
import { ParameterBatch } from './ParameterBatch.js';
import { MetricCollector } from './MetricCollector.js';
import type { DriverContext } from './DriverContext.js';
import type { Definitions } from './Definitions.js';
import type { GeneralConfig } from './config/GeneralConfig.js';
import type { SourceMap } from './config/SourceMap.js';
import { isPlainObject, type ConfigObject } from './config/ConfigLoader.js';
import { ConfigError, ConfigErrors, configErrorsOf } from './ConfigError.js';
import { checkMacros, policyParameterNames } from './checkMacros.js';
import { referencedNames, renderTemplate } from './Macros.js';
import { loadComponentClass, SECTION_KINDS } from './ClassRegistry.js';
import { validateOptions } from './Options.js';
import { TASK_OPTIONS } from '../classes/tasks/Task.js';
import type { Component, ComponentClass } from './Component.js';
import type { Policy } from '../classes/policy/Policy.js';
import type { Task } from '../classes/tasks/Task.js';
import type { Reporter } from '../classes/reporter/Reporter.js';
import { createSummarizer } from '../summarizers/createSummarizer.js';
import type { Summarizer } from '../summarizers/Summarizer.js';
import { IndicatorSet } from './IndicatorSet.js';
import { scrubText } from './redactConfig.js';

export interface SessionOptions {
  root: ConfigObject;
  general: GeneralConfig;
  sources: SourceMap;
  definitions: Definitions;
  meta: Record<string, unknown>;
  logger: Logger;
  resultsDir: string;
  clockFps: number;
  verbose: boolean;
  /** Secret values found in the config itself (definitions add theirs at run time). */
  configSecrets?: string[];
}

export type SessionState = 'created' | 'setup' | 'running' | 'teardown' | 'reporting' | 'done';

const STALL_CHECK_MS = 100;
/** Triggers whose tasks clean up: they still run when triggered after an interrupt. */
const CLEANUP_TRIGGERS = new Set(['posttest', 'teardown']);
const CHECKPOINT_MS = 2000;

/**
 * Builds every component from the config and drives the runs: setup tasks, StartEvent,
 * runs with pretest/posttest, restarts, stall detection, interrupts and teardown.
 */
export class Session {
  readonly bus: EventBus;
  readonly ctx: DriverContext;
  readonly components: Component[] = [];
  policies: Policy[] = [];
  tasks: Task[] = [];
  reporters: Reporter[] = [];
  state: SessionState = 'created';
  interrupted = false;
  /** Current run (1-based) and total, for the progress line. */
  run = 0;
  private interruptWaiters: Array<() => void> = [];
  /** Stops the task running now (on interrupt). */
  private currentTask: (() => void) | null = null;
  private taskChain: Promise<void> = Promise.resolve();
  private readonly logger: Logger;

  constructor(private readonly opts: SessionOptions) {
    this.logger = opts.logger.child({ component: 'Session' });
    this.bus = new EventBus(opts.logger.child({ component: 'EventBus' }), opts.clockFps);
    const defaults = Object.fromEntries(opts.general.parameters.map((p) => [p.name, p.default]));
    const parameterBatch = new ParameterBatch(this.bus, opts.logger.child({ component: 'ParameterBatch' }), defaults);
    this.ctx = {
      bus: this.bus,
      logger: opts.logger,
      definitions: opts.definitions,
      meta: opts.meta,
      general: opts.general,
      collector: undefined as unknown as MetricCollector,
      indicators: new IndicatorSet(opts.definitions),
      parameterBatch,
      resultsDir: opts.resultsDir,
      sources: opts.sources,
      root: opts.root,
      settings: { verbose: opts.verbose, clockFps: opts.clockFps },
      redact: (text) => {
        const secrets = [...(opts.configSecrets ?? []), ...opts.definitions.secretValues()];
        return secrets.length === 0 ? text : scrubText(text, secrets);
      },
    };
  }

  /**
   * Creates summarizers and every component and checks them all; throws ConfigErrors with
   * every problem found, `prior` (those of the `config:` section) included.
   */
  async build(prior: ConfigError[] = []): Promise<void> {
    const errors: ConfigError[] = [...prior];
    const summarizers = new Map<string, Summarizer[]>();
    for (const metric of this.opts.general.metrics) {
      const list: Summarizer[] = [];
      for (const [j, entry] of metric.summarize.entries()) {
        const where = this.opts.general.summarizerLocation(metric, j);
        try {
          list.push(await createSummarizer(entry, where ? dirnameOf(where.file) : process.cwd()));
        } catch (err) {
          errors.push(new ConfigError(err instanceof Error ? err.message : String(err), where));
        }
      }
      summarizers.set(metric.name, list);
    }
    try {
      await this.ctx.indicators.build(this.opts.general.indicators, this.opts.sources, new Map([...summarizers].map(([m, list]) => [m, list.map((s) => s.name)])));
    } catch (err) {
      errors.push(...(configErrorsOf(err) ?? [new ConfigError(err instanceof Error ? err.message : String(err))]));
    }
    this.ctx.collector = new MetricCollector(this.bus, this.opts.logger.child({ component: 'Summarizer' }), this.opts.general, summarizers);

    const root = this.opts.root;
    const macroScope = {
      names: new Set([
        ...Object.keys(this.opts.definitions.all()),
        ...this.opts.general.definitions.map((d) => d.name),
        ...this.opts.general.parameters.map((p) => p.name),
        ...policyParameterNames(root.policies),
      ]),
      meta: new Set(Object.keys(this.opts.meta)),
    };
    /** Components whose options are wrong are not initialised: init() would only add noise. */
    const invalid = new Set<Component>();
    let reporterConfigs = root.reporters;
    if (reporterConfigs === undefined || reporterConfigs === null || (Array.isArray(reporterConfigs) && reporterConfigs.length === 0)) {
      this.logger.warn('Missing `reporters` config section. Using defaults');
      reporterConfigs = [{ class: '@reporter.ConsoleReporter' }];
    }
    for (const [section, kind] of Object.entries(SECTION_KINDS)) {
      const list = section === 'reporters' ? reporterConfigs : root[section];
      if (list === undefined || list === null) continue;
      if (!Array.isArray(list)) {
        errors.push(new ConfigError(`\`${section}\` must be a list of components, each with a \`class\``, this.opts.sources.locate(root, section, section)));
        continue;
      }
      for (const [i, config] of list.entries()) {
        const path = `${section}[${i}]`;
        const where = this.opts.sources.locate(list, i, path);
        if (!isPlainObject(config)) {
          errors.push(new ConfigError('Each entry must be a mapping with a `class`', where));
          continue;
        }
        if (typeof config.class !== 'string' || config.class === '') {
          errors.push(new ConfigError("Missing required 'class' property in the component config", where));
          continue;
        }
        let cls: ComponentClass;
        try {
          cls = await loadComponentClass(config.class, kind, this.opts.sources.locate(config, 'class', `${path}.class`));
        } catch (err) {
          errors.push(err instanceof ConfigError ? err : new ConfigError(String(err), where));
          continue;
        }
        const before = errors.length;
        if (cls.options) {
          const spec = kind === 'task' ? { ...TASK_OPTIONS, ...cls.options } : cls.options;
          errors.push(...validateOptions(config, spec, { sources: this.opts.sources, path, className: config.class, render: (text) => this.renderNow(text) }));
        }
        errors.push(...checkMacros(config, macroScope, this.opts.sources, path, (msg) => this.logger.warn(msg)));
        try {
          const component = new cls(this.ctx, config, path);
          if (errors.length > before) invalid.add(component);
          this.components.push(component);
          if (kind === 'policy') this.policies.push(component as Policy);
          if (kind === 'task') this.tasks.push(component as Task);
          if (kind === 'reporter') this.reporters.push(component as Reporter);
          this.logger.debug(`Registered '${cls.className}' ${kind}`);
        } catch (err) {
          errors.push(err instanceof ConfigError ? err : new ConfigError(err instanceof Error ? err.message : String(err), where));
        }
      }
    }
    // Without policies nothing runs; said only when nothing else explains it (a misspelt section).
    if (this.policies.length === 0 && errors.length === 0) errors.push(new ConfigError('No policy configured: add a `policies:` section (e.g. policy.SimplePolicy)', this.opts.sources.locate(root)));
    for (const c of this.components) {
      if (invalid.has(c)) continue;
      try {
        await c.init();
      } catch (err) {
        errors.push(...(configErrorsOf(err) ?? [new ConfigError(err instanceof Error ? err.message : String(err), this.opts.sources.locate(c.config, undefined, c.path))]));
      }
    }
    if (errors.length > 0) throw new ConfigErrors(errors);
    // A component that throws fails the running test case (flag `error`), not the whole run.
    this.bus.onSubscriberError = (_event, err) => {
      const traceid = this.ctx.parameterBatch.previousTraceId;
      if (traceid === null) return;
      const message = err instanceof Error ? err.message : String(err);
      this.bus.publish(new Event('FlagUpdateEvent', { name: 'error', value: message }, traceid));
    };
    this.bus.subscribe((e) => this.onRunTask(e), { order: 1, events: ['RunTaskEvent'] });
    this.bus.subscribe(() => {
      for (const r of this.reporters) r.start();
    }, { order: 100, events: ['StartEvent'] });
    // A new test case means the previous one finished: keep file results current.
    this.bus.subscribe(() => this.scheduleCheckpoint(), { order: 100, events: ['ParameterUpdateEvent'] });
  }

  /** A macro text rendered with the definitions and meta values, or undefined when it reads anything else. */
  private renderNow(text: string): string | undefined {
    for (const name of referencedNames(text)) if (!this.opts.definitions.has(name)) return undefined;
    const props: Record<string, unknown> = this.opts.definitions.all();
    for (const [k, v] of Object.entries(this.opts.meta)) props[`meta:${k}`] = v;
    return renderTemplate(text, props);
  }

  get runs(): number {
    return this.opts.general.runs;
  }

  /** The planned test cases of one run (all policies together), or null when not known ahead. */
  plan(): { cases: Array<Record<string, unknown>>; seconds: number | null } | null {
    const cases: Array<Record<string, unknown>> = [];
    let seconds: number | null = 0;
    for (const p of this.policies) {
      const plan = p.plan();
      if (!plan) return null;
      cases.push(...plan.cases);
      seconds = seconds === null || plan.seconds === null ? null : seconds + plan.seconds;
    }
    return { cases, seconds };
  }

  /** Runs every run of the test; resolves after teardown (reporting is separate). */
  async runTests(): Promise<void> {
    const runs = this.opts.general.runs;
    this.bus.start();
    this.state = 'setup';
    await this.trigger('setup');
    this.state = 'running';
    this.logger.info(`Starting tests (${runs} run(s))`);
    for (let run = 1; run <= runs && !this.interrupted; run++) {
      this.run = run;
      this.ctx.collector.run = run;
      if (run > 1) this.logger.info(`Restarting tests (${runs - run + 1} run(s) left)`);
      await this.trigger('pretest');
      if (this.interrupted) break;
      for (const p of this.policies) {
        if (run === 1) this.logger.info(`Using test policy \`${p.name}\``);
        p.start();
      }
      this.bus.publish(new Event(run === 1 ? 'StartEvent' : 'RestartEvent'));
      await this.bus.flush();
      await this.waitPolicies();
      this.logger.info('All tests completed');
      await this.trigger('posttest');
    }
    // Every finished test case is on disk before teardown, which may hang or be force-quit.
    await this.checkpointNow();
    this.state = 'teardown';
    this.bus.publish(new Event('TeardownEvent'));
    await this.bus.flush();
    await this.trigger('teardown');
    await this.bus.stop();
    for (const c of this.components) {
      try {
        await c.close();
      } catch (err) {
        this.logger.warn(`Closing ${c.path} failed: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
    await this.bus.flush();
    this.state = 'reporting';
  }

  private lastCheckpoint = 0;
  private checkpointTimer: NodeJS.Timeout | null = null;

  /** At most one checkpoint per CHECKPOINT_MS, the last one deferred, never after reporting began. */
  private scheduleCheckpoint(): void {
    if (this.checkpointTimer || this.ctx.collector.axes.length < 2) return;
    const wait = Math.max(0, this.lastCheckpoint + CHECKPOINT_MS - performance.now());
    this.checkpointTimer = setTimeout(() => {
      this.checkpointTimer = null;
      if (this.state === 'reporting' || this.state === 'done') return;
      this.lastCheckpoint = performance.now();
      for (const r of this.reporters) {
        r.checkpoint().catch((err: unknown) => this.logger.debug(`Checkpoint of ${r.path} failed: ${err instanceof Error ? err.message : String(err)}`));
      }
    }, wait);
    this.checkpointTimer.unref();
  }

  /** Writes the checkpoint of every reporter now, in place of any scheduled one. */
  private async checkpointNow(): Promise<void> {
    if (this.checkpointTimer) clearTimeout(this.checkpointTimer);
    this.checkpointTimer = null;
    if (this.ctx.collector.axes.length === 0) return;
    this.lastCheckpoint = performance.now();
    await Promise.all(
      this.reporters.map((r) => r.checkpoint().catch((err: unknown) => this.logger.debug(`Checkpoint of ${r.path} failed: ${err instanceof Error ? err.message : String(err)}`))),
    );
  }

  /** Asks the reporters to write; returns the paths of those that failed. */
  async report(): Promise<string[]> {
    if (this.checkpointTimer) clearTimeout(this.checkpointTimer);
    this.checkpointTimer = null;
    const failed: string[] = [];
    for (const r of this.reporters) {
      try {
        await r.dump();
      } catch (err) {
        failed.push(r.path);
        const name = (r.constructor as ComponentClass).className;
        this.logger.error({ err }, `Reporter '${name}' failed with error: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
    this.state = 'done';
    return failed;
  }

  /** SIGINT/SIGTERM: the running task stops, policies end, the run loop stops; teardown and reports still run. */
  interrupt(): void {
    if (this.interrupted) return;
    this.interrupted = true;
    this.logger.warn('Tests interrupted; trying to report. Interrupt again to force quit');
    this.bus.publish(new Event('InterruptEvent'));
    this.currentTask?.();
    void this.bus.flush().then(() => {
      // A policy that ignores the interrupt is ended anyway: Ctrl-C must always stop the run.
      for (const p of this.policies) if (!p.isEnded()) p.goto('End');
      for (const w of this.interruptWaiters) w();
      this.interruptWaiters = [];
    });
  }

  /**
   * Runs one task, bounded: a task that outlives staleTimeout is stopped (close()) and fails,
   * and an interrupt stops it (tasks that watch InterruptEvent stop on their own too). A task
   * whose close() cannot end its run() is left behind rather than waited for.
   */
  private async runTask(task: Task, trigger: string): Promise<void> {
    const name = (task.constructor as ComponentClass).className;
    const stale = this.opts.general.staleTimeout;
    const run = task.run();
    // Once abandoned, its late failure has nobody to report to.
    run.catch(() => undefined);
    /** Why the session stopped the task: a stale timeout fails it, an interrupt does not. */
    let stoppedFor: 'stale' | 'interrupt' | null = null;
    let timer: NodeJS.Timeout | null = null;
    const stopped = new Promise<void>((resolve) => {
      const stop = async (why: 'stale' | 'interrupt'): Promise<void> => {
        stoppedFor = why;
        this.currentTask = null;
        try {
          await task.close();
        } catch (err) {
          this.logger.warn(`Stopping task ${name} failed: ${err instanceof Error ? err.message : String(err)}`);
        }
        resolve();
      };
      if (stale !== null) {
        timer = setTimeout(() => {
          this.logger.error(`Task ${name} for state '${trigger}' did not complete within the stale timeout (${stale}s); stopping it`);
          void stop('stale');
        }, stale * 1000);
      }
      this.currentTask = () => {
        this.logger.warn(`Stopping task ${name} for state '${trigger}': interrupted`);
        void stop('interrupt');
      };
    });
    try {
      await Promise.race([run, stopped]);
    } catch (err) {
      // A task failing because it was stopped for an interrupt is no failure of its own.
      if (stoppedFor !== 'interrupt') throw err;
    } finally {
      if (timer) clearTimeout(timer);
      this.currentTask = null;
    }
    if (stoppedFor === 'stale') throw new Error(`Task did not complete within the stale timeout (${String(stale)}s)`);
  }

  /** Publishes RunTaskEvent(name) and waits until its tasks completed. */
  trigger(name: string): Promise<void> {
    return new Promise((resolve) => {
      const request = new Event('RunTaskEvent', { task: name });
      const id = request.traceids[0]!;
      const onDone = (e: Event): void => {
        if (e.hasTrace(id)) {
          this.bus.unsubscribe(onDone);
          resolve();
        }
      };
      this.bus.subscribe(onDone, { order: 100, events: ['RunTaskCompletedEvent'] });
      this.bus.publish(request);
    });
  }

  /**
   * Runs the tasks of one trigger after any trigger already running (one at a time). After
   * an interrupt only the clean-up triggers (posttest, teardown) still run their tasks.
   */
  private onRunTask(event: Event): void {
    const name = String(event.task);
    this.taskChain = this.taskChain.then(async () => {
      let failure: string | null = null;
      for (const task of this.tasks.filter((t) => t.at === name)) {
        if (this.interrupted && !CLEANUP_TRIGGERS.has(name)) {
          failure = 'interrupted';
          break;
        }
        try {
          await this.runTask(task, name);
        } catch (err) {
          failure = err instanceof Error ? err.message : String(err);
          this.logger.error({ err }, `Task ${(task.constructor as ComponentClass).className} for state '${name}' raised an exception: ${failure}`);
          break;
        }
      }
      this.bus.publish(new Event('RunTaskCompletedEvent', { task: name, exception: failure }, event.traceids));
    });
  }

  /**
   * Waits until every policy reached End. A policy that does not change state within
   * staleTimeout gets a StalledEvent; one that ignores it is ended after another timeout,
   * so a broken target can never hang the driver.
   */
  private waitPolicies(): Promise<void> {
    const stale = this.opts.general.staleTimeout;
    const stalled = new Map<Policy, number>();
    return new Promise((resolve) => {
      const check = (): void => {
        if (this.policies.every((p) => p.isEnded())) {
          clearInterval(timer);
          resolve();
          return;
        }
        if (stale === null) return;
        const now = performance.now();
        for (const p of this.policies) {
          if (p.isEnded()) continue;
          const since = (now - p.lastTransitionTs) / 1000;
          if (since <= stale) {
            stalled.delete(p);
            continue;
          }
          const at = stalled.get(p);
          if (at === undefined || at !== p.lastTransitionTs) {
            stalled.set(p, p.lastTransitionTs);
            this.logger.warn(`Policy \`${p.name}\` stalled (no state change for ${Math.round(since)}s)`);
            this.bus.publish(new Event('StalledEvent', { policy: p.name }));
            // The policy gets a full timeout to react before it is ended.
            p.lastTransitionTs = now;
            stalled.set(p, now);
          } else {
            this.logger.error(`Policy \`${p.name}\` did not recover from a stall; ending it`);
            p.goto('End');
          }
        }
      };
      const timer = setInterval(check, STALL_CHECK_MS);
      this.interruptWaiters.push(check);
    });
  }
}

export { ConfigErrors };

function dirnameOf(file: string): string {
  const i = file.lastIndexOf('/');
  return i > 0 ? file.slice(0, i) : '.';
}
