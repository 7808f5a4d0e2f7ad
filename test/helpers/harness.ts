/**
 * Builds the components of a YAML config on a real event bus without running a session, so a
 * test can publish events and watch exactly what the components do. Shared by the HTTP and
 * Marathon tests.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { workdir } from './workdir.js';
import { ConfigLoader, type ConfigObject } from '../../src/core/config/ConfigLoader.js';
import { GeneralConfig } from '../../src/core/config/GeneralConfig.js';
import { Definitions } from '../../src/core/Definitions.js';
import { EventBus } from '../../src/core/EventBus.js';
import { Event } from '../../src/core/Event.js';
import { createLogger } from '../../src/core/Logger.js';
import { loadComponentClass, SECTION_KINDS } from '../../src/core/ClassRegistry.js';
import { validateOptions } from '../../src/core/Options.js';
import { TASK_OPTIONS, type Task } from '../../src/classes/tasks/Task.js';
import type { Component } from '../../src/core/Component.js';
import type { DriverContext } from '../../src/core/DriverContext.js';

/** A port nothing listens on. */
export async function refusedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export interface Harness {
  bus: EventBus;
  ctx: DriverContext;
  dir: string;
  components: Component[];
  /** Every event delivered on the bus, in delivery order (TickEvents excluded). */
  events: Event[];
  /** Log messages as `LEVEL message`. */
  logs: string[];
  named(prefix: string): Event[];
  /** Publishes a ParameterUpdateEvent; returns it. */
  update(parameters: Record<string, unknown>): Event;
  publish(name: string, attributes?: Record<string, unknown>): Event;
  runTasks(): Promise<void>;
  waitFor(predicate: () => boolean, timeoutMs?: number): Promise<void>;
  /** TeardownEvent, then close() of every component. */
  close(): Promise<void>;
}

const LEVELS: Record<number, string> = { 20: 'DEBUG', 30: 'INFO', 40: 'WARNING', 50: 'ERROR' };

/**
 * Builds the components of a YAML config (files besides it in `files`) on a real bus. Throws
 * the first config error, as the session would report it.
 */
export async function harness(yaml: string, opts: { files?: Record<string, string>; define?: Record<string, unknown> } = {}): Promise<Harness> {
  const dir = workdir({ 'test.yml': yaml, ...(opts.files ?? {}) });
  const logs: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, cb) {
      for (const line of String(chunk).split('\n')) {
        if (!line) continue;
        const rec = JSON.parse(line) as { level: number; msg: string };
        logs.push(`${LEVELS[rec.level] ?? rec.level} ${rec.msg}`);
      }
      cb();
    },
  });
  const logger = createLogger({ format: 'json', stream, verbose: true });
  const loader = new ConfigLoader();
  const { root, sources } = loader.load([join(dir, 'test.yml')]);
  const general = new GeneralConfig(root, sources);
  const definitions = new Definitions({ ...((root.define as Record<string, unknown> | undefined) ?? {}), ...(opts.define ?? {}) });
  const bus = new EventBus(logger, 0);
  const ctx = {
    bus,
    logger,
    definitions,
    meta: {},
    general,
    parameterBatch: undefined,
    collector: undefined,
    indicators: undefined,
    resultsDir: join(dir, 'results'),
    sources,
    root,
    settings: { verbose: true, clockFps: 0 },
  } as unknown as DriverContext;
  const events: Event[] = [];
  bus.subscribe((e) => {
    if (e.event !== 'TickEvent') events.push(e);
  }, { order: -1 });
  const components: Component[] = [];
  for (const [section, kind] of Object.entries(SECTION_KINDS)) {
    const list = root[section];
    if (!Array.isArray(list)) continue;
    for (const [i, config] of (list as ConfigObject[]).entries()) {
      const path = `${section}[${i}]`;
      const cls = await loadComponentClass(String(config.class), kind, sources.locate(config, 'class', `${path}.class`));
      const errors = validateOptions(config, kind === 'task' ? { ...TASK_OPTIONS, ...cls.options } : cls.options, { sources, path, className: String(config.class) });
      if (errors.length > 0) throw errors[0];
      components.push(new cls(ctx, config, path));
    }
  }
  for (const c of components) await c.init();
  let old: Record<string, unknown> = {};
  const h: Harness = {
    bus,
    ctx,
    dir,
    components,
    events,
    logs,
    named: (prefix) => events.filter((e) => e.event.startsWith(prefix)),
    update(parameters) {
      const e = new Event('ParameterUpdateEvent', { parameters: { ...old, ...parameters }, oldParameters: old, changes: parameters });
      old = { ...old, ...parameters };
      bus.publish(e);
      return e;
    },
    publish(name, attributes = {}) {
      const e = new Event(name, attributes);
      bus.publish(e);
      return e;
    },
    async runTasks() {
      for (const c of components) if ((c.constructor as { kind?: string }).kind === 'task') await (c as Task).run();
    },
    async waitFor(predicate, timeoutMs = 5000) {
      const deadline = Date.now() + timeoutMs;
      while (!predicate()) {
        if (Date.now() > deadline) throw new Error(`Timed out waiting; events: ${events.map((e) => e.event).join(', ')}\nlogs: ${logs.join('\n')}`);
        await new Promise((r) => setTimeout(r, 5));
      }
      await bus.flush();
    },
    async close() {
      bus.publish(new Event('TeardownEvent'));
      await bus.flush();
      for (const c of components) await c.close();
      await bus.flush();
    },
  };
  return h;
}
