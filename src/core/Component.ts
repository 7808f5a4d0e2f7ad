import type { DriverContext } from './DriverContext.js';
import type { Logger } from './Logger.js';
import type { OptionSpec } from './Options.js';
import { optionValue } from './Options.js';
import { renderConfig } from './Macros.js';
import type { ConfigObject } from './config/ConfigLoader.js';
import { ConfigError } from './ConfigError.js';

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

  /** A config error pointing at one of this component's keys. */
  configError(message: string, key?: string): ConfigError {
    return new ConfigError(message, this.ctx.sources.locate(this.config, key, key ? `${this.path}.${key}` : this.path));
  }

  /** Called once after every component was constructed, before the session starts. */
  async init(): Promise<void> {}

  /** Releases timers, sockets and processes; called at the end of the session. */
  async close(): Promise<void> {}
}
