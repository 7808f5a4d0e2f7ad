/** One app, pod or group a channel asks Marathon to deploy. */
export interface DeploymentTarget {
  /** The canonical id (`/group/app`), as Marathon reports it in its events. */
  instance: string;
  /** How log lines name it, e.g. `app "/group/app"`. */
  label: string;
  /** Trace ids of its latest MarathonDeploymentRequestedEvent (set before every attempt). */
  traceids: number[];
}
