import { Observer } from './Observer.js';
import { Event } from '../../core/Event.js';
import { toBoolean, type OptionSpec } from '../../core/Options.js';
import { isPlainObject } from '../../core/config/ConfigLoader.js';
import { HTTP_CLIENT_OPTIONS } from '../../http/httpOptions.js';
import { resolveTlsSettings } from '../../http/resolveTlsSettings.js';
import { withAuthHeader } from '../../http/withAuthHeader.js';
import { InstanceTraces } from '../../marathon/InstanceTraces.js';
import { MarathonEventStream } from '../../marathon/MarathonEventStream.js';
import { actionInstanceIds } from '../../marathon/actionInstanceIds.js';
import { parseMarathonTimestamp } from '../../marathon/parseMarathonTimestamp.js';
import { planInstanceIds } from '../../marathon/planInstanceIds.js';

/** Progress events: the affected ids are the actions of `currentStep`. */
const STEP_EVENTS: Record<string, string> = {
  deployment_info: 'MarathonDeploymentStatusEvent',
  deployment_step_success: 'MarathonDeploymentStepSuccessEvent',
  deployment_step_failure: 'MarathonDeploymentStepFailureEvent',
};

/** Final events: the affected ids are every action of the plan, which are then forgotten. */
const END_EVENTS: Record<string, string> = {
  deployment_success: 'MarathonDeploymentSuccessEvent',
  deployment_failed: 'MarathonDeploymentFailedEvent',
};

const GROUP_EVENTS: Record<string, string> = {
  group_change_success: 'MarathonGroupChangeSuccessEvent',
  group_change_failed: 'MarathonGroupChangeFailedEvent',
};

type Availability = 'unknown' | 'up' | 'down';

/**
 * Follows Marathon's Server-Sent-Events stream from StartEvent to TeardownEvent and turns the
 * deployment and group events into driver events, traced to the MarathonDeploymentRequestedEvent
 * of the apps, pods or groups they concern (a group request also traces the apps inside it).
 * A broken stream is reopened at once and an unreachable Marathon retried with a backoff.
 */
export class MarathonEventsObserver extends Observer {
  static readonly className = 'observer.MarathonEventsObserver';
  static readonly description = 'Extracts deployment and group events by subscribing to the Server-Sent Events endpoint of Marathon.';
  static readonly publishes = [
    'MarathonStartedEvent',
    'MarathonUnavailableEvent',
    'MarathonSSEConnectedEvent',
    'MarathonSSEDisconnectedEvent',
    'MarathonSSEEvent',
    'MarathonGroupChangeSuccessEvent',
    'MarathonGroupChangeFailedEvent',
    'MarathonDeploymentSuccessEvent',
    'MarathonDeploymentFailedEvent',
    'MarathonDeploymentStatusEvent',
    'MarathonDeploymentStepSuccessEvent',
    'MarathonDeploymentStepFailureEvent',
  ] as const;
  static readonly options: OptionSpec = {
    url: { type: 'string', required: true, description: 'The URL of the Marathon SSE endpoint', example: '{{marathon_url}}/v2/events' },
    headers: {
      type: 'object',
      description: 'Additional headers to send. `Accept: text/event-stream` is always sent; `Authorization: token=<dcos_auth_token>` is added when that definition exists (unless given here)',
    },
    useEventTimestamp: {
      type: 'boolean',
      default: true,
      description: 'Timestamp the events with the `timestamp` Marathon gives them; `no` uses the time they arrived',
    },
    curl: {
      type: 'boolean',
      default: false,
      description: 'Accepted for compatibility: the original could read the stream through an external curl process; the built-in client is always used (a warning says so for `yes`)',
    },
    tls: HTTP_CLIENT_OPTIONS.tls!,
  };

  private stream!: MarathonEventStream;
  private readonly traces = new InstanceTraces();
  private useEventTimestamp = true;
  private availability: Availability = 'unknown';
  private url = '';

  override async init(): Promise<void> {
    const cfg = this.render();
    this.url = String(cfg.url);
    this.useEventTimestamp = toBoolean(this.option(cfg, 'useEventTimestamp'));
    if (toBoolean(this.option(cfg, 'curl'))) this.logger.warn('`curl: yes` is not supported: the built-in SSE client is used');
    const tls = resolveTlsSettings(this.ctx, this, cfg.tls);
    this.stream = new MarathonEventStream(this.url, () => withAuthHeader(this.render().headers, this.ctx.definitions), tls, {
      onOpen: () => this.onOpen(),
      onEvent: (type, data) => this.onSseEvent(type, data),
      onError: (message, wasOpen) => this.onStreamError(message, wasOpen),
    });
    await super.init();
    // Before anyone else sees the request, so that an answer can never arrive unlinked.
    this.ctx.bus.subscribe((e: Event) => this.traces.set(String(e.instance), e.traceids), { order: 2, events: ['MarathonDeploymentRequestedEvent'] });
    this.ctx.bus.subscribe(() => this.stream.start(), { events: ['StartEvent'] });
    this.ctx.bus.subscribe(() => this.stream.stop(), { events: ['TeardownEvent'] });
  }

  private onOpen(): void {
    if (this.availability !== 'up') {
      this.logger.info(`Marathon event stream connected at ${this.url}`);
      this.ctx.bus.publish(new Event('MarathonStartedEvent'));
    }
    this.availability = 'up';
    this.ctx.bus.publish(new Event('MarathonSSEConnectedEvent', {}, this.traces.all()));
  }

  private onStreamError(message: string, wasOpen: boolean): void {
    if (wasOpen) {
      this.logger.warn(`Marathon closed the SSE endpoint (${message}); reconnecting`);
      this.ctx.bus.publish(new Event('MarathonSSEDisconnectedEvent', {}, this.traces.all()));
      return;
    }
    if (this.availability === 'down') {
      this.logger.debug(`Still unable to connect to ${this.url}: ${message}`);
      return;
    }
    this.logger.warn(`Unable to connect to ${this.url} (${message}); retrying`);
    this.availability = 'down';
    this.ctx.bus.publish(new Event('MarathonUnavailableEvent'));
  }

  private onSseEvent(type: string, text: string): void {
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch {
      this.logger.debug(`Ignoring marathon event '${type}' without a JSON payload: ${text}`);
      return;
    }
    const payload = isPlainObject(data) ? data : {};
    const ts = (this.useEventTimestamp ? parseMarathonTimestamp(payload.timestamp) : null) ?? undefined;
    const bus = this.ctx.bus;
    bus.publish(new Event('MarathonSSEEvent', { eventName: type, eventData: data }, null, ts));
    const plan = isPlainObject(payload.plan) ? payload.plan : {};
    const deployment = typeof payload.id === 'string' ? payload.id : typeof plan.id === 'string' ? plan.id : null;
    if (type in GROUP_EVENTS) {
      const ids = typeof payload.groupId === 'string' ? [payload.groupId] : [];
      const attributes = type === 'group_change_failed' ? { deployment: null, instances: ids, reason: payload.reason ?? null } : { deployment: null, instances: ids };
      bus.publish(new Event(GROUP_EVENTS[type]!, attributes, this.traces.collect(ids), ts));
    } else if (type in END_EVENTS) {
      const ids = planInstanceIds(plan);
      const attributes = type === 'deployment_failed' ? { deployment, instances: ids, reason: payload.reason ?? null } : { deployment, instances: ids };
      bus.publish(new Event(END_EVENTS[type]!, attributes, this.traces.collect(ids), ts));
      this.traces.forget(ids);
    } else if (type in STEP_EVENTS) {
      const step = isPlainObject(payload.currentStep) ? payload.currentStep : {};
      const ids = actionInstanceIds(step.actions);
      bus.publish(new Event(STEP_EVENTS[type]!, { deployment, instances: ids }, this.traces.collect(ids), ts));
    }
  }

  override async close(): Promise<void> {
    await this.stream.close();
  }
}
