import { join } from 'node:path';
import type { DriverContext } from '../core/DriverContext.js';
import type { EventBus } from '../core/EventBus.js';
import type { Logger } from '../core/Logger.js';
import { ConsoleTable } from './ConsoleTable.js';
import { StepFolder } from './StepFolder.js';

/** The longest step id (a folder name). */
const MAX_ID_LENGTH = 100;

/** `label-name=value,name=value` with what a folder name cannot hold replaced by `_`. */
function stepName(label: string, parameters: Record<string, unknown>): string {
  const values = Object.entries(parameters).map(([k, v]) => `${k}=${v !== null && typeof v === 'object' ? JSON.stringify(v) : String(v)}`);
  const name = [label, values.join(',')].filter(Boolean).join('-') || 'step';
  return name.replace(/[^A-Za-z0-9._=,+-]/g, '_').slice(0, MAX_ID_LENGTH);
}

/**
 * The load metrics of one session: the steps (one per test case, keyed by the trace ids of
 * its ParameterUpdateEvent) with their ids and folders, the console table they share, and
 * the file writes still in progress.
 */
export class LoadMetricsRegistry {
  private static readonly bySession = new WeakMap<EventBus, LoadMetricsRegistry>();

  /** The registry of the session `ctx` belongs to. */
  static of(ctx: DriverContext): LoadMetricsRegistry {
    let registry = LoadMetricsRegistry.bySession.get(ctx.bus);
    if (!registry) {
      registry = new LoadMetricsRegistry(ctx.bus, ctx.logger.child({ component: 'LoadMetrics' }), join(ctx.resultsDir, 'load-metrics'));
      LoadMetricsRegistry.bySession.set(ctx.bus, registry);
    }
    return registry;
  }

  readonly table = new ConsoleTable();
  private readonly folders = new Map<string, StepFolder>();
  private readonly ids = new Set<string>();
  private readonly closing = new Set<Promise<void>>();
  private readonly warned = new Set<string>();

  private constructor(
    readonly bus: EventBus,
    readonly logger: Logger,
    private readonly dir: string,
  ) {}

  /**
   * Writes table lines as they are: the log destination keeps them clear of the progress line
   * like any log line, and drops their colours when it is not a terminal.
   */
  print(text: string): void {
    this.logger.info({ raw: true }, text);
  }

  warnOnce(key: string, message: string): void {
    if (this.warned.has(key)) return;
    this.warned.add(key);
    this.logger.warn(message);
  }

  /** The folder of a step, shared by its loads; a new step gets a unique id from its parameters. */
  acquireFolder(traceids: readonly number[], label: string, parameters: Record<string, unknown>): StepFolder {
    const key = `${traceids.join(',')}|${label}`;
    let folder = this.folders.get(key);
    if (!folder) {
      const base = stepName(label, parameters);
      let id = base;
      for (let n = 2; this.ids.has(id); n++) id = `${base}~${n}`;
      this.ids.add(id);
      folder = new StepFolder(id, join(this.dir, id), (err) => this.logger.error(`Cannot write the load metrics of step "${id}": ${err.message}`));
      this.folders.set(key, folder);
    }
    folder.users += 1;
    return folder;
  }

  /** A load of the step ended; the last one closes its files (a later load of the step reopens them). */
  releaseFolder(folder: StepFolder): void {
    folder.users -= 1;
    if (folder.users > 0) return;
    const done: Promise<void> = folder.close().catch(() => undefined).finally(() => this.closing.delete(done));
    this.closing.add(done);
  }

  /** Resolves once every file closed so far is on disk. */
  async flush(): Promise<void> {
    await Promise.all([...this.closing]);
  }
}
