import type { DriverContext } from './DriverContext.js';
import type { Logger } from './Logger.js';
import type { OptionSpec } from './Options.js';
import { optionValue } from './Options.js';
import { renderConfig } from './Macros.js';
import type { ConfigObject } from './config/ConfigLoader.js';
import { ConfigError } from './ConfigError.js';
import { EventFilter } from './EventFilter.js';
import { Expression } from './Expression.js';

export type ComponentKind = 'policy' | 'channel' | 'observer' | 'tracker' | 'task' | 'reporter';

/** Static side every component class exposes, read by the registry and the docs. */
export interface ComponentClass<T extends Component = Component> {
  new (ctx: DriverContext, config: ConfigObject, path: string): T;
  readonly className: string;
  readonly kind: ComponentKind;
  readonly description: string;
  readonly options: OptionSpec;
  /** Events it publishes (checked against the events other components wait for). */
  readonly publishes: readonly string[];
}

/** Base of every policy, channel, observer, tracker, task and reporter. */
export abstract class Component {
  readonly logger: Logger;
  /** The component's raw config, macros unrendered. */
  readonly config: ConfigObject;

  constructor(
    protected readonly ctx: DriverContext,
    config: ConfigObject,
    /** The config path of this component, e.g. `channels[0]`, for error messages. */
    readonly path: string,
  ) {
    this.config = config;
    this.logger = ctx.logger.child({ component: (this.constructor as ComponentClass).className });
  }

  protected get spec(): OptionSpec {
    return (this.constructor as ComponentClass).options;
  }

  /** The config with macros rendered: definitions, then `macros` (parameters), then meta. */
  render(macros: Record<string, unknown> = {}, config: ConfigObject = this.config): ConfigObject {
    const props: Record<string, unknown> = { ...this.ctx.definitions.all(), ...macros };
    for (const [k, v] of Object.entries(this.ctx.meta)) props[`meta:${k}`] = v;
    return renderConfig(config, props, (msg) => this.logger.debug(msg));
  }

  /** An option of a (rendered) config by name or alias, with the spec default. */
  option(config: ConfigObject, key: string): unknown {
    return optionValue(config, this.spec, key);
  }

  /**
   * A config error pointing at one of this component's keys; `key` may be a nested path
   * (`events.signal.OK`, `extract[1].eval`) to name the exact line.
   */
  configError(message: string, key?: string): ConfigError {
    return new ConfigError(message, this.ctx.sources.locatePath(this.config, key, this.path));
  }

  /** An event filter given in option `key`; a syntax error names that option's file, line and key path. */
  protected filterOption(expression: unknown, key: string): EventFilter {
    try {
      return new EventFilter(String(expression));
    } catch (err) {
      throw this.configError(err instanceof Error ? err.message : String(err), key);
    }
  }

  /** An expression given in option `key`; a syntax error names that option's file, line and key path. */
  protected expressionOption(source: unknown, key: string): Expression {
    if (typeof source !== 'string' && typeof source !== 'number' && typeof source !== 'boolean') {
      throw this.configError(`Expected an expression (text or a number), got ${JSON.stringify(source)}`, key);
    }
    try {
      return new Expression(source);
    } catch (err) {
      throw this.configError(err instanceof Error ? err.message : String(err), key);
    }
  }

  /** Called once after every component was constructed, before the session starts. */
  async init(): Promise<void> {}

  /** Releases timers, sockets and processes; called at the end of the session. */
  async close(): Promise<void> {}
}
