import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { setTimeout as delay } from 'node:timers/promises';
import { ApiError } from './ApiError.js';
import { Deployment } from './Deployment.js';
import { DeploymentPlanner, type PlannedAction, type ResolvedChange } from './DeploymentPlanner.js';
import type { MetricsRegistry } from './MetricsRegistry.js';
import { PathId } from './PathId.js';
import { RunSpecNormalizer } from './RunSpecNormalizer.js';
import { SeededRandom } from '../core/SeededRandom.js';
import type { SimulatedState } from './SimulatedState.js';
import type { EventSink, JsonObject, RunSpecChange, RunSpecRecord, SimInstance, TaskState } from './types.js';

export interface EngineSettings {
  readonly deployMsBase: number;
  readonly deployMsPerInstance: number;
  readonly failureRate: number;
  readonly loadFactor: number;
  readonly seed: number;
}

export interface SubmitRequest {
  readonly changes: readonly RunSpecChange[];
  /** Marathon's `?force=true`: supersede deployments that lock the affected apps instead of answering 409. */
  readonly force: boolean;
  /** The group reported in group_change_success. */
  readonly groupId: string;
  readonly version: string;
  /** Structural group changes, applied after the app and pod changes. */
  readonly mutate?: () => void;
  /** Runs once the change is accepted, before any deployment event (api_post_event goes first). */
  readonly onAccepted?: () => void;
}

/** Per-step bookkeeping for a simulated failure half-way through the last step. */
interface StepProgress {
  done: number;
  readonly failAt: number;
}

/** What one action has to do, fixed when its step begins. */
interface Work {
  readonly record: RunSpecRecord;
  readonly starts: number;
  readonly kills: readonly SimInstance[];
  readonly version: string;
}

const LOCKED_MESSAGE =
  "App is locked by one or more deployments. Override with the option '?force=true'. View details at '/v2/deployments/<DEPLOYMENT_ID>'.";

const AGENTS = 10;

/** Runs deployment plans over simulated time and reports them on the event bus. */
export class DeploymentEngine {
  private readonly running = new Map<string, Deployment>();
  private readonly failureRandom: SeededRandom;
  /** A separate stream, so placement draws never shift which deployments fail. */
  private readonly placementRandom: SeededRandom;
  private idleWaiters: Array<() => void> = [];
  /** The Mesos framework id the simulated Marathon is registered with; agent ids derive from it. */
  readonly frameworkId = `${randomUUID()}-0000`;

  constructor(
    private readonly state: SimulatedState,
    private readonly sink: EventSink,
    private readonly metrics: MetricsRegistry,
    private readonly settings: EngineSettings,
    private readonly log: (line: string) => void,
  ) {
    this.failureRandom = new SeededRandom(settings.seed);
    this.placementRandom = new SeededRandom(settings.seed + 1);
  }

  active(): Deployment[] {
    return [...this.running.values()];
  }

  deploymentsFor(kind: 'app' | 'pod', id: string): Deployment[] {
    return this.active().filter((d) => d.affects(kind, id));
  }

  /**
   * Applies the changes to the state at once (Marathon stores the new root group before deploying)
   * and starts the deployment that brings the instances in line. Throws 409 when locked.
   */
  submit(request: SubmitRequest): Deployment {
    const conflicts = this.active().filter((d) => request.changes.some((c) => d.affects(c.kind, c.id)));
    if (conflicts.length > 0 && !request.force) {
      throw new ApiError(409, { message: LOCKED_MESSAGE, deployments: conflicts.map((d) => ({ id: d.id })) });
    }
    const id = randomUUID();
    for (const d of conflicts) this.cancel(d, `Deployment ${d.id} was superseded by deployment ${id} (force)`);

    const resolved = new Map<string, ResolvedChange>();
    const records = new Map<string, RunSpecRecord>();
    for (const change of request.changes) {
      const before = this.state.runSpec(change.kind, change.id)?.definition ?? null;
      const record = change.after
        ? this.state.setRunSpec(change.kind, change.after, request.version)
        : this.state.removeRunSpec(change.kind, change.id, request.version);
      if (!record) continue;
      const key = Deployment.key(change.kind, change.id);
      resolved.set(key, { kind: change.kind, id: change.id, before, after: change.after });
      records.set(key, record);
    }
    request.mutate?.();

    const steps = DeploymentPlanner.steps(resolved.values());
    const willFail = this.failureRandom.next() < this.settings.failureRate;
    const deployment = new Deployment(id, request.version, steps, resolved, records, willFail);
    this.running.set(id, deployment);
    request.onAccepted?.();
    this.sink.publish('group_change_success', { groupId: request.groupId, version: request.version });
    void this.run(deployment);
    return deployment;
  }

  /** DELETE /v2/deployments/<id>: cancel, then deploy the previous definitions back. */
  rollback(id: string): Deployment {
    const deployment = this.require(id);
    const version = this.state.nextVersion();
    const changes: RunSpecChange[] = [...deployment.changes.values()].map((c) => ({ kind: c.kind, id: c.id, after: c.before }));
    this.cancel(deployment, `Deployment ${id} was cancelled and is being rolled back`);
    return this.submit({ changes, force: true, groupId: PathId.ROOT, version });
  }

  /** DELETE /v2/deployments/<id>?force=true: stop it and leave everything as it is. */
  forceCancel(id: string): void {
    this.cancel(this.require(id), `Deployment ${id} was cancelled`);
  }

  /** Resolves once no deployment is running. */
  idle(): Promise<void> {
    if (this.running.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Abandons every deployment without events (the simulator is shutting down). */
  stop(): void {
    for (const deployment of this.running.values()) deployment.abort.abort();
    this.running.clear();
    this.notifyIdle();
  }

  private require(id: string): Deployment {
    const deployment = this.running.get(id);
    if (!deployment) throw ApiError.message(404, `DeploymentPlan ${id} does not exist`);
    return deployment;
  }

  /** Every wait grows with the number of deployments running at the same time. */
  private wait(ms: number, signal: AbortSignal): Promise<void> {
    const load = 1 + this.settings.loadFactor * Math.max(0, this.running.size - 1);
    return delay(ms * load, undefined, { signal });
  }

  private async run(d: Deployment): Promise<void> {
    const signal = d.abort.signal;
    const stepBase = this.settings.deployMsBase / Math.max(1, d.steps.length);
    try {
      if (d.steps.length === 0) await this.wait(stepBase, signal);
      for (let i = 0; i < d.steps.length; i++) {
        d.currentStep = i + 1;
        this.publishStep('deployment_info', d, i);
        await this.wait(stepBase, signal);
        const work = (d.steps[i] ?? []).map((action) => this.workFor(d, action));
        const units = work.reduce((sum, w) => sum + w.starts + w.kills.length, 0);
        const lastStep = i === d.steps.length - 1;
        const progress: StepProgress = { done: 0, failAt: lastStep && d.willFail ? Math.floor(units / 2) : Number.POSITIVE_INFINITY };
        this.checkFailure(progress);
        for (const w of work) await this.perform(d, w, progress, signal);
        this.publishStep('deployment_step_success', d, i);
      }
      this.finish(d);
    } catch (err) {
      if (signal.aborted) return;
      this.fail(d, err instanceof Error ? err.message : String(err));
    }
  }

  private workFor(d: Deployment, action: PlannedAction): Work {
    const key = Deployment.key(action.kind, action.id);
    const record = d.records.get(key);
    const after = d.changes.get(key)?.after ?? null;
    if (!record) throw new Error(`Deployment ${d.id} has no record for ${action.id}`);
    const version = after ? String(after.version) : d.version;
    const wanted = after ? RunSpecNormalizer.instances(action.kind, after) : 0;
    const youngestFirst = (list: SimInstance[]): SimInstance[] => [...list].reverse();
    switch (action.action) {
      case 'StartApplication':
        return { record, starts: 0, kills: [], version };
      case 'StopApplication':
        return { record, starts: 0, kills: youngestFirst(record.instances), version };
      case 'ScaleApplication': {
        const have = record.instances.length;
        return wanted >= have
          ? { record, starts: wanted - have, kills: [], version }
          : { record, starts: 0, kills: youngestFirst(record.instances.slice(wanted)), version };
      }
      case 'RestartApplication':
        return { record, starts: wanted, kills: youngestFirst(record.instances.filter((i) => i.version !== version)), version };
    }
  }

  /** New instances are staged together, then turn running one per instance interval; old ones go after. */
  private async perform(d: Deployment, work: Work, progress: StepProgress, signal: AbortSignal): Promise<void> {
    const fresh: SimInstance[] = [];
    for (let i = 0; i < work.starts; i++) fresh.push(this.stage(d, work.record, work.version));
    for (const instance of fresh) {
      await this.wait(this.settings.deployMsPerInstance, signal);
      this.checkFailure(progress);
      instance.state = 'TASK_RUNNING';
      instance.startedAt = new Date().toISOString();
      d.staged.delete(instance);
      this.publishInstance(instance, 'TASK_RUNNING');
      progress.done += 1;
    }
    for (const instance of work.kills) {
      await this.wait(this.settings.deployMsPerInstance, signal);
      this.checkFailure(progress);
      this.terminate(work.record, instance, 'TASK_KILLED');
      progress.done += 1;
    }
  }

  private checkFailure(progress: StepProgress): void {
    if (progress.done >= progress.failAt) {
      throw new Error(`Simulated deployment failure (failure rate ${this.settings.failureRate})`);
    }
  }

  private stage(d: Deployment, record: RunSpecRecord, version: string): SimInstance {
    const agent = this.placementRandom.int(1, AGENTS);
    const instanceId = `${PathId.taskPrefix(record.id)}.instance-${randomUUID()}`;
    const portCount = Array.isArray(record.definition.portDefinitions) ? record.definition.portDefinitions.length : 0;
    const instance: SimInstance = {
      instanceId,
      taskId: record.kind === 'app' ? `${instanceId}._app.1` : `${instanceId}.${this.firstContainerName(record)}`,
      runSpecId: record.id,
      version,
      agentId: `${this.frameworkId.slice(0, -5)}-S${agent}`,
      host: `10.0.0.${agent}`,
      ports: Array.from({ length: portCount }, () => this.placementRandom.int(31000, 32000)),
      stagedAt: new Date().toISOString(),
      startedAt: null,
      state: 'TASK_STAGING',
    };
    record.instances.push(instance);
    d.staged.set(instance, record);
    this.publishInstance(instance, 'TASK_STAGING');
    return instance;
  }

  private firstContainerName(record: RunSpecRecord): string {
    const containers = record.definition.containers;
    const first = Array.isArray(containers) ? containers[0] : undefined;
    return typeof first === 'object' && first !== null && !Array.isArray(first) && typeof first.name === 'string' ? first.name : 'container';
  }

  private terminate(record: RunSpecRecord, instance: SimInstance, state: TaskState): void {
    const index = record.instances.indexOf(instance);
    if (index >= 0) record.instances.splice(index, 1);
    instance.state = state;
    this.publishInstance(instance, state);
  }

  /** Instances a failed or cancelled deployment staged never start. */
  private abandonStaged(d: Deployment, state: TaskState): void {
    for (const [instance, record] of d.staged) this.terminate(record, instance, state);
    d.staged.clear();
  }

  private finish(d: Deployment): void {
    this.running.delete(d.id);
    this.sink.publish('deployment_success', { id: d.id, plan: d.planJson() });
    this.record(d, 'success');
  }

  private fail(d: Deployment, reason: string): void {
    this.running.delete(d.id);
    this.abandonStaged(d, 'TASK_FAILED');
    if (d.currentStep > 0) this.publishStep('deployment_step_failure', d, d.currentStep - 1);
    this.sink.publish('deployment_failed', { id: d.id, plan: d.planJson(), reason });
    this.record(d, 'failed');
  }

  /** A cancelled or superseded deployment ends with deployment_failed, as in Marathon. */
  private cancel(d: Deployment, reason: string): void {
    d.abort.abort();
    this.running.delete(d.id);
    this.abandonStaged(d, 'TASK_KILLED');
    this.sink.publish('deployment_failed', { id: d.id, plan: d.planJson(), reason });
    this.record(d, 'failed');
  }

  private record(d: Deployment, outcome: 'success' | 'failed'): void {
    const ms = performance.now() - d.startedAt;
    this.metrics.meter(`service.mesosphere.marathon.deployments.${outcome}`).mark();
    this.metrics.histogram('service.mesosphere.marathon.deployments.duration').update(ms);
    this.log(`deployment ${d.id} ${outcome === 'success' ? 'finished' : 'failed'} after ${Math.round(ms)} ms (${[...d.affectedIds('app'), ...d.affectedIds('pod')].join(', ') || 'no actions'})`);
    this.notifyIdle();
  }

  private notifyIdle(): void {
    if (this.running.size > 0) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const resolve of waiters) resolve();
  }

  private publishStep(eventType: string, d: Deployment, index: number): void {
    this.sink.publish(eventType, { plan: d.planJson(), currentStep: d.stepJson(index) });
  }

  /** Both the Mesos-level status update and the instance-level change, as Marathon 1.4+ sends them. */
  private publishInstance(instance: SimInstance, state: TaskState): void {
    this.metrics.meter('service.mesosphere.marathon.task.status-updates').mark();
    this.sink.publish('status_update_event', {
      slaveId: instance.agentId,
      taskId: instance.taskId,
      taskStatus: state,
      message: '',
      appId: instance.runSpecId,
      host: instance.host,
      ipAddresses: [{ ipAddress: instance.host, protocol: 'IPv4' }],
      ports: instance.ports,
      version: instance.version,
    });
    const condition: Record<TaskState, string> = {
      TASK_STAGING: 'Staging',
      TASK_RUNNING: 'Running',
      TASK_KILLED: 'Killed',
      TASK_FAILED: 'Failed',
    };
    const fields: JsonObject = {
      instanceId: instance.instanceId,
      condition: condition[state],
      runSpecId: instance.runSpecId,
      agentId: instance.agentId,
      host: instance.host,
      runSpecVersion: instance.version,
    };
    this.sink.publish('instance_changed_event', fields);
  }
}
