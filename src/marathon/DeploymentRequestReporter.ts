import { Event } from '../core/Event.js';
import type { EventBus } from '../core/EventBus.js';
import type { Logger } from '../core/Logger.js';
import { hrToEpochSeconds } from '../http/hrToEpochSeconds.js';
import type { BulkCallbacks, BulkResponse } from './BulkRequestEngine.js';
import type { DeploymentTarget } from './DeploymentTarget.js';
import { deploymentIdOf } from './deploymentIdOf.js';

function parsed(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/**
 * Publishes the deployment events of the Marathon channels: MarathonDeploymentRequestedEvent
 * before every attempt (with the trace ids of the parameter update), then
 * MarathonDeploymentStartedEvent or MarathonDeploymentRequestFailedEvent with the trace ids of
 * that request, so observers and trackers can follow each deployment to its test case.
 */
export class DeploymentRequestReporter implements BulkCallbacks<DeploymentTarget> {
  private failures = 0;

  constructor(
    private readonly bus: EventBus,
    private readonly logger: Logger,
    private readonly updateTraceIds: readonly number[],
  ) {}

  onSend(target: DeploymentTarget, attempt: number): void {
    const event = new Event('MarathonDeploymentRequestedEvent', { instance: target.instance }, this.updateTraceIds);
    target.traceids = event.traceids;
    this.logger.debug(`Deploying ${target.label}${attempt > 1 ? ` (attempt ${attempt})` : ''}`);
    this.bus.publish(event);
  }

  onSuccess(target: DeploymentTarget, response: BulkResponse): void {
    const deployment = deploymentIdOf(response.headers, parsed(response.text));
    this.bus.publish(new Event('MarathonDeploymentStartedEvent', { instance: target.instance, deployment }, target.traceids, hrToEpochSeconds(response.end)));
  }

  onFailure(target: DeploymentTarget, response: BulkResponse, willRetry: boolean): void {
    const text = response.error ?? response.text;
    this.failures += 1;
    const message = `Deployment of ${target.label} failed: ${response.error ?? `HTTP ${response.statusCode} ${response.text}`}${willRetry ? ' (retrying)' : ''}`;
    // One warning per batch: under load the others would drown the log.
    if (this.failures === 1) this.logger.warn(message);
    else this.logger.debug(message);
    this.bus.publish(
      new Event(
        'MarathonDeploymentRequestFailedEvent',
        { instance: target.instance, status_code: response.error === null ? response.statusCode : -1, respose: text, response: text },
        target.traceids,
        hrToEpochSeconds(response.end),
      ),
    );
  }
}
