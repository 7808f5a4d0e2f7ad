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
import { ConfigError } from './ConfigError.js';
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

  /** Creates summarizers and every component; throws ConfigError on bad config. */
  async build(): Promise<void> {
    const summarizers = new Map<string, Summarizer[]>();
    for (const [i, metric] of this.opts.general.metrics.entries()) {
      const list: Summarizer[] = [];
      for (const [j, entry] of metric.summarize.entries()) {
        const where = this.opts.sources.locate(metric.summarize, j, `config.metrics[${i}].summarize[${j}]`) ?? this.opts.sources.locate(this.opts.general.section.metrics, i, `config.metrics[${i}]`);
        try {
          list.push(await createSummarizer(entry, where ? dirnameOf(where.file) : process.cwd()));
        } catch (err) {
          throw new ConfigError(err instanceof Error ? err.message : String(err), where);
        }
      }
      summarizers.set(metric.name, list);
    }
    await this.ctx.indicators.build(this.opts.general.indicators, this.opts.sources, new Map([...summarizers].map(([m, list]) => [m, list.map((s) => s.name)])));
    this.ctx.collector = new MetricCollector(this.bus, this.opts.logger.child({ component: 'Summarizer' }), this.opts.general, summarizers);

    const errors: ConfigError[] = [];
    const root = this.opts.root;
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
        if (cls.options) {
          const spec = kind === 'task' ? { ...TASK_OPTIONS, ...cls.options } : cls.options;
          errors.push(...validateOptions(config, spec, { sources: this.opts.sources, path, className: config.class }));
        }
        try {
          const component = new cls(this.ctx, config, path);
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
    if (errors.length > 0) throw new ConfigErrors(errors);
    if (this.policies.length === 0) throw new ConfigError('No policy configured: add a `policies:` section (e.g. policy.SimplePolicy)', this.opts.sources.locate(root));
    for (const c of this.components) {
      try {
        await c.init();
      } catch (err) {
        errors.push(err instanceof ConfigError ? err : new ConfigError(err instanceof Error ? err.message : String(err), this.opts.sources.locate(c.config, undefined, c.path)));
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

  /** SIGINT/SIGTERM: policies end, the run loop stops, teardown and reports still run. */
  interrupt(): void {
    if (this.interrupted) return;
    this.interrupted = true;
    this.logger.warn('Tests interrupted; trying to report. Interrupt again to force quit');
    this.bus.publish(new Event('InterruptEvent'));
    void this.bus.flush().then(() => {
      // A policy that ignores the interrupt is ended anyway: Ctrl-C must always stop the run.
      for (const p of this.policies) if (!p.isEnded()) p.goto('End');
      for (const w of this.interruptWaiters) w();
      this.interruptWaiters = [];
    });
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

  /** Runs the tasks of one trigger after any trigger already running (one at a time). */
  private onRunTask(event: Event): void {
    const name = String(event.task);
    this.taskChain = this.taskChain.then(async () => {
      let failure: string | null = null;
      for (const task of this.tasks.filter((t) => t.at === name)) {
        try {
          await task.run();
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

/** Several config errors found at once. */
export class ConfigErrors extends Error {
  constructor(readonly errors: ConfigError[]) {
    super(errors.map((e) => e.message).join('\n'));
    this.name = 'ConfigErrors';
  }
}

function dirnameOf(file: string): string {
  const i = file.lastIndexOf('/');
  return i > 0 ? file.slice(0, i) : '.';
}
