import { Component } from '../../core/Component.js';
import type { Event } from '../../core/Event.js';
import type { OptionSpec } from '../../core/Options.js';
import { referencedNames } from '../../core/Macros.js';
import { isPlainObject } from '../../core/config/ConfigLoader.js';
import type { Parameters } from '../../core/ParameterBatch.js';

type TriggerWhen = 'always' | 'matching' | 'changed';

/** Trigger options every channel accepts. */
export const TRIGGER_OPTIONS: OptionSpec = {
  trigger: {
    type: ['string', 'object'],
    default: 'matching',
    description: 'When to apply a parameter update: `always`, `matching` (a parameter the channel references changed) or `changed` (and its value differs). The source form `{when, parameters}` works too.',
  },
  parameters: {
    type: 'array',
    description: 'The parameters this channel reacts to, instead of the ones its macros reference.',
  },
};

/**
 * A channel applies parameter changes to the system under test. The base class decides
 * which ParameterUpdateEvents concern it.
 */
export abstract class Channel extends Component {
  static readonly kind = 'channel' as const;
  private when: TriggerWhen = 'matching';
  private watched = new Set<string>();
  /** Trace ids of the last ParameterUpdateEvent this channel applied. */
  protected lastTraceIds: number[] = [];

  override async init(): Promise<void> {
    const trigger = this.config.trigger;
    let when: unknown = trigger ?? 'matching';
    let params: unknown = this.config.parameters;
    if (isPlainObject(trigger)) {
      when = trigger.when ?? 'matching';
      params = trigger.parameters ?? params;
    }
    if (when !== 'always' && when !== 'matching' && when !== 'changed') {
      throw this.configError(`Invalid \`trigger\` value ${JSON.stringify(when)}: expected always, matching or changed`, 'trigger');
    }
    this.when = when;
    if (params !== undefined && params !== null) {
      if (!Array.isArray(params)) throw this.configError('`parameters` must be a list of parameter names', 'parameters');
      this.watched = new Set(params.map(String));
    } else {
      const { trigger: _t, parameters: _p, ...rest } = this.config;
      this.watched = referencedNames(rest);
    }
    this.ctx.bus.subscribe((e) => this.onParameterUpdate(e), { events: ['ParameterUpdateEvent'] });
  }

  /** The parameter names this channel reacts to. */
  get triggerParameters(): ReadonlySet<string> {
    return this.watched;
  }

  private onParameterUpdate(event: Event): void | Promise<void> {
    const changes = event.changes as Parameters;
    const old = event.oldParameters as Parameters;
    const fire =
      this.when === 'always' ||
      Object.keys(changes).some((k) => this.watched.has(k) && (this.when === 'matching' || !sameValue(old[k], changes[k])));
    if (!fire) return;
    this.lastTraceIds = [...event.traceids];
    return this.handleParameterUpdate(event);
  }

  protected abstract handleParameterUpdate(event: Event): void | Promise<void>;
}

function sameValue(a: unknown, b: unknown): boolean {
  return a === b || JSON.stringify(a) === JSON.stringify(b);
}
