import { Channel } from './Channel.js';
import type { Event } from '../../core/Event.js';
import { discoverMacros } from '../../core/Macros.js';
import { didYouMean } from '../../core/closestMatch.js';
import { isPlainObject, type ConfigObject } from '../../core/config/ConfigLoader.js';
import type { Parameters } from '../../core/ParameterBatch.js';
import type { HttpClient } from '../../http/HttpClient.js';
import { createHttpClient } from '../../http/createHttpClient.js';
import type { BulkOutcome } from '../../marathon/BulkRequestEngine.js';
import { BulkRequestEngine } from '../../marathon/BulkRequestEngine.js';
import type { DeploymentTarget } from '../../marathon/DeploymentTarget.js';

/** How the items of a channel's list (`deploy:`, `update:`) are checked at start-up. */
export interface ItemChecks {
  /** The option holding the list. */
  option: string;
  keys: readonly string[];
  /** What an item is (`deployment`), and its main keys for the messages. */
  what: string;
  listHint: string;
  shape: string;
  /** Readers of single keys, applied now to values without parameter macros. */
  readers: Record<string, (value: unknown) => unknown>;
  /** Further checks of one item (its keys without macros rendered); throw to reject. */
  extra?: (raw: ConfigObject, rendered: ConfigObject) => void;
}

/**
 * The common part of the Marathon channels: a list of items run on every parameter update,
 * each through a BulkRequestEngine, all stopped at teardown.
 */
export abstract class MarathonBulkChannel extends Channel {
  protected client!: HttpClient;
  protected items: ConfigObject[] = [];
  protected closed = false;
  private readonly engines = new Set<BulkRequestEngine<DeploymentTarget>>();

  /** Runs one item for one parameter update. */
  protected abstract runItem(index: number, raw: ConfigObject, parameters: Parameters, traceids: number[]): Promise<void>;

  protected async initBulk(checks: ItemChecks): Promise<void> {
    this.items = this.checkItems(this.config[checks.option], checks);
    this.client = createHttpClient(this.ctx, this, this.render(), true);
    await super.init();
    this.ctx.bus.subscribe(() => this.stopAll(), { events: ['TeardownEvent'] });
  }

  /** The items, with every value that holds no parameter macro checked now. */
  private checkItems(list: unknown, checks: ItemChecks): ConfigObject[] {
    if (!Array.isArray(list) || list.length === 0) throw this.configError(`\`${checks.option}\` must list at least one ${checks.what} (${checks.listHint})`, checks.option);
    return list.map((item, i) => {
      const fail = (message: string): never => {
        throw this.configError(`${checks.option}[${i}]: ${message}`, checks.option);
      };
      if (!isPlainObject(item)) fail(`must be a mapping with ${checks.shape}`);
      const raw = item as ConfigObject;
      for (const key of Object.keys(raw)) if (!checks.keys.includes(key)) fail(`Unknown key \`${key}\`${didYouMean(key, checks.keys)} (expected ${checks.keys.join(', ')})`);
      try {
        const withoutMacros = Object.fromEntries(Object.entries(raw).filter(([, v]) => discoverMacros(v).size === 0));
        const rendered = this.render({}, withoutMacros);
        for (const [key, read] of Object.entries(checks.readers)) if (discoverMacros(raw[key]).size === 0) read(rendered[key]);
        checks.extra?.(raw, rendered);
      } catch (err) {
        fail(err instanceof Error ? err.message : String(err));
      }
      return raw;
    });
  }

  protected handleParameterUpdate(event: Event): void {
    if (this.closed) return;
    const parameters = (event.parameters ?? {}) as Parameters;
    const traceids = this.lastTraceIds;
    this.items.forEach((item, index) => {
      void this.runItem(index, item, parameters, traceids);
    });
  }

  /** Runs an engine until done or stopped; it is aborted with the others at teardown. */
  protected async runEngine<T>(engine: BulkRequestEngine<DeploymentTarget>, work: () => Promise<T>): Promise<T> {
    this.engines.add(engine);
    try {
      return await work();
    } finally {
      this.engines.delete(engine);
    }
  }

  /** `Deployed 3 of 4 apps (1 failed)`. */
  protected outcomeText(verb: string, outcome: BulkOutcome, what: string): string {
    return `${verb} ${outcome.succeeded} of ${what}${outcome.failed > 0 ? ` (${outcome.failed} failed)` : ''}`;
  }

  private stopAll(): void {
    for (const engine of this.engines) engine.abort();
    this.client.abortAll();
  }

  override async close(): Promise<void> {
    this.closed = true;
    this.stopAll();
    this.client.close();
  }
}
