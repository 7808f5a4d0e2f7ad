/** JSON values as they travel through the simulated API. */
export type Json = null | boolean | number | string | Json[] | JsonObject;
export interface JsonObject {
  [key: string]: Json;
}

export type RunSpecKind = 'app' | 'pod';

export type TaskState = 'TASK_STAGING' | 'TASK_RUNNING' | 'TASK_KILLED' | 'TASK_FAILED';

/** One launched instance. Each simulated instance carries exactly one task. */
export interface SimInstance {
  readonly instanceId: string;
  readonly taskId: string;
  readonly runSpecId: string;
  readonly version: string;
  readonly agentId: string;
  readonly host: string;
  readonly ports: number[];
  readonly stagedAt: string;
  startedAt: string | null;
  state: TaskState;
}

/** An app or a pod: its normalised definition plus the instances launched for it. */
export interface RunSpecRecord {
  readonly kind: RunSpecKind;
  readonly id: string;
  definition: JsonObject;
  readonly instances: SimInstance[];
}

export interface GroupNode {
  readonly id: string;
  version: string;
  readonly apps: Map<string, RunSpecRecord>;
  readonly pods: Map<string, RunSpecRecord>;
  readonly groups: Map<string, GroupNode>;
}

/** A wanted change of one app or pod; `after: null` removes it. */
export interface RunSpecChange {
  readonly kind: RunSpecKind;
  readonly id: string;
  readonly after: JsonObject | null;
}

/** Receives Marathon event-bus events; `eventType` and `timestamp` are added by the sink. */
export interface EventSink {
  publish(eventType: string, fields: JsonObject): void;
}
