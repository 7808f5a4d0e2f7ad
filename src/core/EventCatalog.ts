import { LOAD_SUMMARY_ATTRIBUTES } from '../loadmetrics/loadSummaryAttributes.js';

/**
 * The catalogue of every event the driver knows: name, parent events and attributes.
 * Events are data, not classes, so filters, validation and documentation read one table.
 */
export interface EventSpec {
  /** Parent event names (an event matches a filter naming any ancestor). */
  parents: string[];
  /** Attribute name to a one-line description. */
  attributes: Record<string, string>;
  description: string;
}

const http = {
  verb: 'The HTTP verb that was used (in lower-case). Ex: get',
  method: 'The same as verb (the spelling of the manual\'s filter examples)',
  url: 'The URL requested',
  body: 'The request body',
  headers: 'The request headers (secret values shown as ***)',
  index: 'The position of the request in its batch (0-based)',
};
const httpResponseStart = {
  url: 'The URL requested',
  statusCode: 'The HTTP status code',
  index: 'The position of the request in its batch (0-based)',
};
const httpResponseEnd = {
  url: 'The URL requested',
  body: 'The response body (as string)',
  headers: 'The response headers',
  statusCode: 'The HTTP status code (0 when no response arrived)',
  index: 'The position of the request in its batch (0-based)',
  requestTime: 'Seconds from the start of the request until it was sent (null if it never was)',
  responseTime: 'Seconds from the request sent until the first response byte (null if none arrived)',
  totalTime: 'Seconds from the start of the request until the response completed or failed',
  latency: 'Seconds from when the request was due (its `rate` slot, else its start) until the response completed or failed',
  contentLength: 'The length of the response body in bytes',
};
const httpError = { ...httpResponseEnd, exception: 'The error message' };
const marathonUpdate = {
  deployment: 'The Marathon deployment id',
  instances: 'The app/pod/group ids affected',
};

/*
 * The HTTPFirst... and HTTPLast... events are published in addition to the plain event of the same request,
 * so they do not derive from it: a filter on HTTPResponseEndEvent sees every request exactly once.
 */
export const EVENT_CATALOG: Record<string, EventSpec> = {
  Event: { parents: [], attributes: {}, description: 'Base event' },
  StartEvent: { parents: ['Event'], attributes: {}, description: 'Published once before the first run, when the policies are started' },
  RestartEvent: { parents: ['Event'], attributes: {}, description: 'Published in place of StartEvent before runs 2..N' },
  TeardownEvent: { parents: ['Event'], attributes: {}, description: 'Published when all policies are completed and the system is about to be torn down' },
  InterruptEvent: { parents: ['Event'], attributes: {}, description: 'Published when the user interrupts the tests (SIGINT/SIGTERM)' },
  StalledEvent: { parents: ['Event'], attributes: { policy: 'The name of the stalled policy' }, description: 'Published when a policy stayed in one state longer than config.staleTimeout' },
  RunTaskEvent: { parents: ['Event'], attributes: { task: 'The trigger name' }, description: 'Asks the session to run the tasks of a trigger' },
  RunTaskCompletedEvent: { parents: ['Event'], attributes: { task: 'The trigger name', exception: 'null, or the error message of the failed task' }, description: 'The tasks of a trigger completed' },
  TickEvent: { parents: ['Event'], attributes: { count: 'Tick number (1, 2, ...)', delta: 'Seconds since the previous tick' }, description: 'Clock tick, published at the configured rate (--clock-fps)' },
  ParameterUpdateEvent: {
    parents: ['Event'],
    attributes: { parameters: 'The full new parameter values', oldParameters: 'The previous parameter values', changes: 'The parameters set in this batch' },
    description: 'A policy changed the test parameters: starts a test case',
  },
  FlagUpdateEvent: { parents: ['Event'], attributes: { name: 'Flag name', value: 'Flag value' }, description: 'A flag of the current test case changed (e.g. status)' },
  MetricUpdateEvent: { parents: ['Event'], attributes: { name: 'Metric name', value: 'Metric value' }, description: 'A tracker recorded a metric sample' },
  ObserverEvent: { parents: ['Event'], attributes: { metric: 'Metric name' }, description: 'A metric change is observed' },
  ObserverValueEvent: { parents: ['ObserverEvent'], attributes: { metric: 'Metric name', value: 'Metric value' }, description: 'A metric has changed to a new value' },
  LogLineEvent: { parents: ['Event'], attributes: { line: 'The line (ANSI colour codes removed)', source: 'The program that wrote it', kind: 'stdout or stderr (or the configured kind)' }, description: 'A line of output of a process' },
  CmdlineStartedEvent: { parents: ['Event'], attributes: { pid: 'Process id' }, description: 'A CmdlineChannel process started' },
  CmdlineExitEvent: { parents: ['Event'], attributes: { exitcode: 'The exit code (or null when killed by a signal)', signal: 'The signal that ended it, or null', source: 'The program (as in its LogLineEvents)' }, description: 'A CmdlineChannel process exited' },
  CmdlineExitZeroEvent: { parents: ['CmdlineExitEvent'], attributes: {}, description: 'The process exited with code zero' },
  CmdlineExitNonzeroEvent: { parents: ['CmdlineExitEvent'], attributes: {}, description: 'The process exited with a non-zero code or a signal' },
  HTTPRequestStartEvent: { parents: ['Event'], attributes: http, description: 'Published before every HTTP request' },
  HTTPFirstRequestStartEvent: { parents: ['Event'], attributes: http, description: 'The first request of a batch is started' },
  HTTPLastRequestStartEvent: { parents: ['Event'], attributes: http, description: 'The last request of a batch is started' },
  HTTPRequestEndEvent: { parents: ['Event'], attributes: http, description: 'The HTTP request was sent and the response is pending' },
  HTTPFirstRequestEndEvent: { parents: ['Event'], attributes: http, description: 'The first request of a batch was sent' },
  HTTPLastRequestEndEvent: { parents: ['Event'], attributes: http, description: 'The last request of a batch was sent' },
  HTTPResponseStartEvent: { parents: ['Event'], attributes: httpResponseStart, description: 'The first byte of the HTTP response arrived' },
  HTTPFirstResponseStartEvent: { parents: ['Event'], attributes: httpResponseStart, description: 'The response of the first request of a batch is starting' },
  HTTPLastResponseStartEvent: { parents: ['Event'], attributes: httpResponseStart, description: 'The response of the last request of a batch is starting' },
  HTTPResponseEndEvent: { parents: ['Event'], attributes: httpResponseEnd, description: 'The HTTP response has completed' },
  HTTPFirstResponseEndEvent: { parents: ['Event'], attributes: httpResponseEnd, description: 'The response of the first request of a batch has completed' },
  HTTPLastResponseEndEvent: { parents: ['Event'], attributes: httpResponseEnd, description: 'The response of the last request of a batch has completed' },
  HTTPErrorEvent: { parents: ['Event'], attributes: { exception: 'The error message' }, description: 'An HTTP operation failed' },
  HTTPResponseErrorEvent: { parents: ['HTTPResponseEndEvent', 'HTTPErrorEvent'], attributes: httpError, description: 'The request failed (connection error, timeout, or a status outside 2xx/3xx)' },
  HTTPFirstResponseErrorEvent: { parents: ['HTTPFirstResponseEndEvent'], attributes: httpError, description: 'The first request of a batch failed' },
  HTTPLastResponseErrorEvent: { parents: ['HTTPLastResponseEndEvent'], attributes: httpError, description: 'The last request of a batch failed' },
  HTTPTimingResultEvent: {
    parents: ['Event'],
    attributes: {
      url: 'The URL requested',
      verb: 'The HTTP verb used',
      statusCode: 'The HTTP response code (0 on a connection error)',
      requestTime: 'Seconds from the start until the request was sent',
      responseTime: 'Seconds from the request sent until the first response byte',
      totalTime: 'Seconds from the start until the response body completed',
      contentLength: 'The length of the response body in bytes',
      error: 'The error message, or null',
    },
    description: 'The result of one HTTPTimingObserver measurement',
  },
  MarathonDeploymentRequestedEvent: { parents: ['Event'], attributes: { instance: 'The app/pod/group id' }, description: 'A deployment request is about to be sent to Marathon' },
  MarathonDeploymentStartedEvent: { parents: ['Event'], attributes: { instance: 'The app/pod/group id', deployment: 'The Marathon deployment id' }, description: 'Marathon accepted a deployment request' },
  MarathonDeploymentRequestFailedEvent: {
    parents: ['Event'],
    attributes: { instance: 'The app/pod/group id', status_code: 'HTTP status (-1 on an exception)', respose: 'The response text or error (original spelling)', response: 'The response text or error' },
    description: 'Marathon refused a deployment request',
  },
  MarathonEvent: { parents: ['Event'], attributes: {}, description: 'Base class for all marathon-related events' },
  MarathonStartedEvent: { parents: ['MarathonEvent'], attributes: {}, description: 'Marathon is up and accepting HTTP requests' },
  MarathonUnavailableEvent: { parents: ['MarathonEvent'], attributes: {}, description: 'Marathon is not reachable' },
  MarathonSSEEvent: { parents: ['MarathonEvent'], attributes: { eventName: 'The SSE event type', eventData: 'The parsed JSON payload' }, description: 'Raw SSE event' },
  MarathonSSEConnectedEvent: { parents: ['MarathonEvent'], attributes: {}, description: 'Raw SSE endpoint was connected' },
  MarathonSSEDisconnectedEvent: { parents: ['MarathonEvent'], attributes: {}, description: 'Raw SSE endpoint was disconnected' },
  MarathonUpdateEvent: { parents: ['MarathonEvent'], attributes: marathonUpdate, description: 'Base class for update events' },
  MarathonGroupChangeSuccessEvent: { parents: ['MarathonUpdateEvent'], attributes: {}, description: 'A group change succeeded' },
  MarathonGroupChangeFailedEvent: { parents: ['MarathonUpdateEvent'], attributes: { reason: 'The failure reason' }, description: 'A group change failed' },
  MarathonDeploymentSuccessEvent: { parents: ['MarathonUpdateEvent'], attributes: {}, description: 'A deployment succeeded' },
  MarathonDeploymentFailedEvent: { parents: ['MarathonUpdateEvent'], attributes: { reason: 'Why it failed (null when not known)' }, description: 'A deployment failed' },
  MarathonDeploymentStatusEvent: { parents: ['MarathonUpdateEvent'], attributes: {}, description: 'Deployment progress information (the manual calls it MarathonDeploymentInfoEvent)' },
  MarathonDeploymentStepSuccessEvent: { parents: ['MarathonUpdateEvent'], attributes: {}, description: 'A deployment step succeeded' },
  MarathonDeploymentStepFailureEvent: { parents: ['MarathonUpdateEvent'], attributes: {}, description: 'A deployment step failed' },
  MarathonMetricUpdateEvent: { parents: ['Event'], attributes: { name: 'Flattened metric path', value: 'Metric value' }, description: 'A Marathon /metrics value changed' },
  JMXMeasurement: { parents: ['Event'], attributes: { fields: 'Metric name to value' }, description: 'A JMX measurement' },
  LogStaxMessageEvent: { parents: ['Event'], attributes: { tags: 'The message tags', fields: 'The message fields' }, description: 'A message parsed by the LogStaxObserver' },
  LoadSummaryEvent: { parents: ['Event'], attributes: LOAD_SUMMARY_ATTRIBUTES, description: 'Load metrics of a load-generating class over a span of a test case (docs/load-metrics.md)' },
  LoadStepSummaryEvent: { parents: ['LoadSummaryEvent'], attributes: LOAD_SUMMARY_ATTRIBUTES, description: 'The load metrics of one step (the requests of one class in one test case), at its end' },
  LoadThresholdSummaryEvent: { parents: ['LoadSummaryEvent'], attributes: LOAD_SUMMARY_ATTRIBUTES, description: 'The load metrics of the steady-state window of a step (`loadMetrics.threshold`), when it closes' },
  CompleteStepImmediatelyEvent: { parents: ['Event'], attributes: {}, description: 'A MultiStepPolicy value completes without waiting for advance events' },
};

/** Names the manual uses that the original published under another name. */
export const EVENT_ALIASES: Record<string, string> = {
  MarathonDeploymentInfoEvent: 'MarathonDeploymentStatusEvent',
  HTTPResponseEnd: 'HTTPResponseEndEvent',
  HTTPRequestEvent: 'HTTPRequestStartEvent',
};

export function canonicalEventName(name: string): string {
  return EVENT_ALIASES[name] ?? name;
}

export function isKnownEventName(name: string): boolean {
  return name === '*' || canonicalEventName(name) in EVENT_CATALOG;
}

const ancestorCache = new Map<string, Set<string>>();

/** Every name an event of type `name` answers to: itself, its ancestors and their aliases. */
export function eventAncestors(name: string): Set<string> {
  let cached = ancestorCache.get(name);
  if (cached) return cached;
  cached = new Set<string>();
  const visit = (n: string): void => {
    if (cached!.has(n)) return;
    cached!.add(n);
    for (const p of EVENT_CATALOG[n]?.parents ?? []) visit(p);
  };
  visit(name);
  for (const [alias, target] of Object.entries(EVENT_ALIASES)) if (cached.has(target)) cached.add(alias);
  ancestorCache.set(name, cached);
  return cached;
}
