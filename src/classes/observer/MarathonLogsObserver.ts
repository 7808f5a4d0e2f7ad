import { LogStaxObserver } from './LogStaxObserver.js';
import { Event } from '../../core/Event.js';
import type { OptionSpec } from '../../core/Options.js';
import type { ConfigObject } from '../../core/config/ConfigLoader.js';
import type { LogStaxMessage } from '../../logstax/LogStaxMessage.js';

/** The fixed LogStax set-up that recognises Marathon's own log lines. */
const MARATHON_PIPELINE: ConfigObject = {
  codecs: [
    {
      type: 'multiline',
      newline: ' ',
      lines: [
        { match: '^(\\[\\w+\\]\\s+)\\[.*$' },
        { match: '^(\\[\\w+\\]\\s+)[^\\[].*$', optional: true, repeat: true },
      ],
    },
  ],
  filters: [
    { type: 'grok', match: { message: 'Started ServerConnector@.+{%{IP:boundIP}:%{INT:boundPort}' }, add_tag: ['started'] },
    { type: 'grok', match: { message: 'Computed new deployment plan.+DeploymentPlan id=%{UUID:planId}' }, add_tag: ['deployment_computed'] },
    { type: 'grok', match: { message: 'Deployment %{UUID:planId}:%{TIMESTAMP_ISO8601:version} of (?<pathId>\\S+) (?<status>\\S+)' }, add_tag: ['deployment_end'] },
  ],
};

/**
 * Follows a Marathon launched through a CmdlineChannel by its log: publishes
 * MarathonStartedEvent and deployment success/failure events with the trace ids of the
 * deployment request that caused them.
 */
export class MarathonLogsObserver extends LogStaxObserver {
  static override readonly className = 'observer.MarathonLogsObserver';
  static override readonly description = 'Finds Marathon log lines (of a Marathon launched through a CmdlineChannel) and turns them into Marathon events.';
  static override readonly publishes = ['MarathonStartedEvent', 'MarathonDeploymentSuccessEvent', 'MarathonDeploymentFailedEvent'];
  static override readonly options: OptionSpec = {};

  private readonly plans = new Map<string, string[]>();
  private readonly instanceTraces = new Map<string, number[]>();

  protected override pipelineSettings(): ConfigObject {
    return MARATHON_PIPELINE;
  }

  override async init(): Promise<void> {
    await super.init();
    this.ctx.bus.subscribe((e: Event) => this.instanceTraces.set(String(e.instance), [...e.traceids]), { events: ['MarathonDeploymentRequestedEvent'], order: 2 });
  }

  protected override emit(message: LogStaxMessage, traceids: number[], ts?: number): void {
    const f = message.fields;
    if (message.hasTag('started')) {
      this.ctx.bus.publish(new Event('MarathonStartedEvent', {}, traceids, ts));
    } else if (message.hasTag('deployment_computed')) {
      const ids = [...String(f.message ?? '').matchAll(/App\(([^,]+),/g)].map((m) => m[1]!);
      this.plans.set(String(f.planId), ids);
    } else if (message.hasTag('deployment_end')) {
      const plan = String(f.planId);
      const ids = this.plans.get(plan);
      if (!ids) {
        this.logger.warn(`Got completion for a plan ${plan} that hasn't been computed yet`);
        return;
      }
      this.plans.delete(plan);
      const traces = ids.flatMap((id) => this.instanceTraces.get(id) ?? []);
      // A completed deployment ends the link: a later request for the same id is a new one.
      for (const id of ids) this.instanceTraces.delete(id);
      const name = f.status === 'finished' ? 'MarathonDeploymentSuccessEvent' : f.status === 'failed' ? 'MarathonDeploymentFailedEvent' : null;
      // Deployments nobody requested through the bus belong to the current test case.
      if (name) this.ctx.bus.publish(new Event(name, { deployment: plan, instances: ids }, traces.length ? traces : traceids, ts));
    }
  }
}
