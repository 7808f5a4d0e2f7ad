// Generated from the option specs of the classes (`npm run docs`); do not edit by hand.

/** Explores the parameter space towards the point where a metric is lowest (experimental). */
export interface PolicyAutoExplorerPolicyConfig {
  class: "policy.AutoExplorerPolicy";
  /** The parameters to explore: `parameter` (name), `min` (default 0), `max` (default 1), `step` (default 1; values are integers unless a bound or the step is fractional) */
  "explore": unknown[];
  /** The metric to minimize (one of config.metrics) */
  "metric": string;
  /** How the values of a point are combined: `mean`, or a percentile such as `p95` */
  "average"?: string;
  /** Keep outliers when averaging (by default they are rejected) */
  "outliers"?: boolean;
  /** Search for the lowest value; `no` searches for the highest */
  "minimize"?: boolean;
  /** `advance` (required): the event filter that completes a point (traced to its parameter update, parameters available as macros); `wait`: wait for this event filter before each new point; `start`: before the first point; `abort`: end the exploration */
  "events": Record<string, unknown>;
  /** `minDistance`: the convergence distance in parameter units (default 0.1); `maxRuns`: stop after this many points (default 100) */
  "algorithm"?: Record<string, unknown>;
  /** A JSON file keeping the measured points and the queue; an existing file is continued */
  "database"?: string;
  /** Seed of the random choices, for a reproducible exploration */
  "seed"?: number | string;
}

/** Deploys the values of one parameter one after the other, waiting for success or failure events between them. */
export interface PolicyChainedDeploymentPolicyConfig {
  class: "policy.ChainedDeploymentPolicy";
  /** The parameter to change */
  "parameter": string;
  /** The values to apply, in order */
  "values": unknown[];
  /** Wait for `value` success/failure events per value instead of one */
  "waitForValueEvents"?: boolean;
  /** `success`: event filter (or list) completing a value with OK; `failure`: event filter (or list) completing it with FAILED; `start`: wait for this event filter before the first value (default: start at once) */
  "events": Record<string, unknown>;
}

/** Evolves various parameters through various steps, advancing on events, timeouts or at once. */
export interface PolicyMultiStepPolicyConfig {
  class: "policy.MultiStepPolicy";
  /** The steps, run in order. Each has `name`; `values` (items with `parameter` and one of: `value` (a number or an expression over definitions and parameters), `values` (a list), `min`/`max`/`step` with `inclusive`, or `sample`/`samples` values drawn from min..max (optional `step` grid and `seed`)); `tasks` (`start`, `end`, `pre_value`, `post_value`: trigger names; `post_value` defaults to `intertest`, null disables it); `events` (`start`, `end`, `fail`, `advance`: event filters, traced to the step unless `:notrace`); `end_condition` (`events`: end/fail events to wait for, default 1; `linger`: seconds to wait before completing); `advance_condition` (`events`: expression, default 1; `timeout`; `timeout_status`, default TIMEOUT). */
  "steps": unknown[];
}

/** Runs one scale test for every product of the parameters defined in the matrix. */
export interface PolicyMultivariableExplorerPolicyConfig {
  class: "policy.MultivariableExplorerPolicy";
  /** Parameter name to value spec: `type: discrete` (or `discreet`) with `values`; `type: range` with `min`/`max`/`step` (fractional allowed, max included when aligned); `type: sample` with `min`/`max`/`samples` (uniform, optional `step` grid and `seed`). */
  "matrix": Record<string, unknown>;
  /** `signal`: status -> event filter (or a list of filters, status OK) that ends a test case; `signalEventCount`: how many signal events end a case (expression with the matrix parameters and `_i`, default 1); `start`: wait for this event before the first case. */
  "events": Record<string, unknown>;
}

/** Submits a single parameter change and terminates when the designated end condition is met. */
export interface PolicySimplePolicyConfig {
  class: "policy.SimplePolicy";
  /** The parameter values to submit */
  "parameters"?: Record<string, unknown>;
  /** `start`: wait for this event filter before submitting; `end`: terminate when this event filter matches */
  "events"?: Record<string, unknown>;
  /** Maximum running time, counted from Start (includes the wait for the start event) */
  "timeout"?: number | string;
}

/** Changes parameters monotonically as the time evolves. */
export interface PolicyTimeEvolutionPolicyConfig {
  class: "policy.TimeEvolutionPolicy";
  /** The parameters to evolve: `parameter` (name), `interval` (seconds or a time expression, default 1), `step` (default 1), `min` (the initial value, default 0), `max` (the final value, required). */
  "evolve": unknown[];
  /** `start`: wait for this event filter before evolving; `end`: terminate when this event filter matches */
  "events"?: Record<string, unknown>;
}

/** A user class: `./module.js#ExportName`, relative to the config file. */
export interface UserPoliciesConfig { class: `${string}#${string}`; [option: string]: unknown }

export type PoliciesEntry = PolicyAutoExplorerPolicyConfig | PolicyChainedDeploymentPolicyConfig | PolicyMultiStepPolicyConfig | PolicyMultivariableExplorerPolicyConfig | PolicySimplePolicyConfig | PolicyTimeEvolutionPolicyConfig | UserPoliciesConfig;

/** Launches an application, passes the test parameters through command-line arguments and monitors its standard output and error. */
export interface ChannelCmdlineChannelConfig {
  class: "channel.CmdlineChannel";
  /** The command line to launch (macros allowed) */
  "cmdline": string;
  /** Text written to the standard input of the application */
  "stdin"?: string;
  /** Environment variables added to the driver environment (macros allowed) */
  "env"?: Record<string, unknown>;
  /** The directory to launch the application in */
  "cwd"?: string;
  /** Run the command line through /bin/sh -c */
  "shell"?: boolean;
  /** Re-launch the application when it exits on its own */
  "restart"?: boolean;
  /** Alias of `restart`. */
  "relaunch"?: boolean;
  /** Launch the application as soon as the driver starts */
  "atstart"?: boolean;
  /** Time between SIGINT and SIGKILL when stopping the application */
  "gracePeriod"?: number | string;
  /** Shell command run before the application is stopped */
  "teardown"?: string;
  /** The `kind` of LogLineEvents: `{stdout: ..., stderr: ...}` (defaults stdout and stderr) */
  "kind"?: Record<string, unknown>;
  /** When to apply a parameter update: `always`, `matching` (a parameter the channel references changed) or `changed` (and its value differs). The source form `{when, parameters}` works too. */
  "trigger"?: string | Record<string, unknown>;
  /** The parameters this channel reacts to, instead of the ones its macros reference. */
  "parameters"?: unknown[];
}

/** Performs HTTP requests when a parameter changes: once, repeated, paced, or at a fixed rate with bounded concurrency. */
export interface ChannelHTTPChannelConfig {
  class: "channel.HTTPChannel";
  /** The URL to send the requests to (macros allowed, re-rendered per request) */
  "url": string;
  /** The HTTP verb */
  "verb"?: string;
  /** The request body (macros allowed, re-rendered per request; `{{i}}` is the request index), or a list of `{if: <expression>, value: <body>}` cases: the first case whose `if` is true gives the body (a case without `if` always matches) */
  "body"?: string | unknown[];
  /** The HTTP headers to send. `Authorization: token=<dcos_auth_token>` is added when that definition exists */
  "headers"?: Record<string, unknown>;
  /** How many requests to send per parameter change (a number or a macro) */
  "repeat"?: number | string;
  /** Start the requests at least this long apart (seconds or `500ms`, `2s`), each after the previous one completed (with `concurrency: 1`) */
  "repeatInterval"?: number | string;
  /** Send each request after the first when an event matching this filter is published after the previous request completed */
  "repeatAfter"?: string;
  /** At most this many requests in flight (default 1; unlimited with `rate`) */
  "concurrency"?: number | string;
  /** Send the requests at this many per second, each at its own slot of the schedule whatever the server does (open model); `latency` is then counted from that slot */
  "rate"?: number | string;
  /** Give up on a request that has not completed this long after it started (seconds or `500ms`, `2s`); it then fails with a timeout error. Default: no overall limit (undici waits up to 300 s for headers and between body chunks) */
  "timeout"?: number | string;
  /** For https:// URLs: `ca` (a PEM file with a CA to trust besides the system ones, relative to this config file) and `insecure: yes` (skip certificate verification). Each key defaults to `config.tls` */
  "tls"?: Record<string, unknown>;
  /** Mongoose-style load metrics of these requests (see docs/load-metrics.md): `yes`, `no`, or a mapping of `period` (table and metrics.csv rows, default 10s, 0: none), `headerPeriod` (rows between table headers, default 20), `trace` (io.trace.csv, default no), `threshold` (steady-state window from this fraction of `concurrency`, default 0: none), `persist` (the CSV files, default yes), `enabled`; each key defaults to `config.loadMetrics` */
  "loadMetrics"?: boolean | Record<string, unknown>;
  /** When to apply a parameter update: `always`, `matching` (a parameter the channel references changed) or `changed` (and its value differs). The source form `{when, parameters}` works too. */
  "trigger"?: string | Record<string, unknown>;
  /** The parameters this channel reacts to, instead of the ones its macros reference. */
  "parameters"?: unknown[];
}

/** Performs one or more deployments (apps, pods or groups) on Marathon when a parameter changes, with repeat, concurrency, rate and retries. */
export interface ChannelMarathonDeployChannelConfig {
  class: "channel.MarathonDeployChannel";
  /** The base URL of Marathon (macros allowed) */
  "url": string;
  /** Additional headers to send with every request. `Authorization: token=<dcos_auth_token>` is added when that definition exists (unless given here) */
  "headers"?: Record<string, unknown>;
  /** Give up on a request that has not completed this long after it started (seconds or `500ms`, `2s`); it then fails with a timeout error. Default: no overall limit (undici waits up to 300 s for headers and between body chunks) */
  "timeout"?: number | string;
  /** For https:// URLs: `ca` (a PEM file with a CA to trust besides the system ones, relative to this config file) and `insecure: yes` (skip certificate verification). Each key defaults to `config.tls` */
  "tls"?: Record<string, unknown>;
  /** Retry failed deployment requests: `yes` (10 tries, 1s apart), `no` (one try), or `{tries, interval}` (defaults 10 and 1s); a retry starts `interval` after the previous attempt started */
  "retry"?: boolean | Record<string, unknown> | string;
  /** The deployments to perform on every parameter change, each run at the same time: `type` (app, pod or group; default app), `spec` (the JSON definition with macros; `{{_i}}` is the index of the deployment), `repeat` (how many deployments, default 1), `parallel` (requests in flight, refilled as they complete) or `burst` (requests sent together, the next burst after all completed; default: 2 in flight), `rate` (requests started per second at most), `delay` (wait before the first request) */
  "deploy": unknown[];
  /** Mongoose-style load metrics of these requests (see docs/load-metrics.md): `yes`, `no`, or a mapping of `period` (table and metrics.csv rows, default 10s, 0: none), `headerPeriod` (rows between table headers, default 20), `trace` (io.trace.csv, default no), `threshold` (steady-state window from this fraction of `concurrency`, default 0: none), `persist` (the CSV files, default yes), `enabled`; each key defaults to `config.loadMetrics` */
  "loadMetrics"?: boolean | Record<string, unknown>;
  /** When to apply a parameter update: `always`, `matching` (a parameter the channel references changed) or `changed` (and its value differs). The source form `{when, parameters}` works too. */
  "trigger"?: string | Record<string, unknown>;
  /** The parameters this channel reacts to, instead of the ones its macros reference. */
  "parameters"?: unknown[];
}

/** Performs updates on existing Marathon apps (patching properties of all or some of them) when a parameter changes. */
export interface ChannelMarathonUpdateChannelConfig {
  class: "channel.MarathonUpdateChannel";
  /** The base URL of Marathon (macros allowed) */
  "url": string;
  /** Additional headers to send with every request. `Authorization: token=<dcos_auth_token>` is added when that definition exists (unless given here) */
  "headers"?: Record<string, unknown>;
  /** Give up on a request that has not completed this long after it started (seconds or `500ms`, `2s`); it then fails with a timeout error. Default: no overall limit (undici waits up to 300 s for headers and between body chunks) */
  "timeout"?: number | string;
  /** For https:// URLs: `ca` (a PEM file with a CA to trust besides the system ones, relative to this config file) and `insecure: yes` (skip certificate verification). Each key defaults to `config.tls` */
  "tls"?: Record<string, unknown>;
  /** The updates to perform on every parameter change (required): `action: patch_app` with `patch` (the properties to set, a mapping or a JSON object text), `filter` (a regular expression the app ids must match at their start; default all apps), `limit` (update at most this many apps), `shuffle` (pick the apps in random order; default yes) */
  "update"?: unknown[];
  /** Not an option of this class, but accepted so that the manual's recipes that use it get a clear error: deployments are made by channel.MarathonDeployChannel */
  "deploy"?: unknown;
  /** When to apply a parameter update: `always`, `matching` (a parameter the channel references changed) or `changed` (and its value differs). The source form `{when, parameters}` works too. */
  "trigger"?: string | Record<string, unknown>;
  /** The parameters this channel reacts to, instead of the ones its macros reference. */
  "parameters"?: unknown[];
}

/** A user class: `./module.js#ExportName`, relative to the config file. */
export interface UserChannelsConfig { class: `${string}#${string}`; [option: string]: unknown }

export type ChannelsEntry = ChannelCmdlineChannelConfig | ChannelHTTPChannelConfig | ChannelMarathonDeployChannelConfig | ChannelMarathonUpdateChannelConfig | UserChannelsConfig;

/** Performs HTTP requests to an endpoint at a fixed interval and measures the request and response times. */
export interface ObserverHTTPTimingObserverConfig {
  class: "observer.HTTPTimingObserver";
  /** The URL to send the requests to (macros allowed: definitions and the current parameters) */
  "url": string;
  /** Time between the starts of two requests (seconds or `500ms`, `2s`); a request never overlaps the previous one */
  "interval"?: number | string;
  /** The request body (macros allowed) */
  "body"?: string;
  /** The HTTP verb */
  "verb"?: string;
  /** The HTTP headers to send. `Authorization: token=<dcos_auth_token>` is added when that definition exists */
  "headers"?: Record<string, unknown>;
  /** Give up on a request that has not completed this long after it started (seconds or `500ms`, `2s`); it then fails with a timeout error. Default: no overall limit (undici waits up to 300 s for headers and between body chunks) */
  "timeout"?: number | string;
  /** For https:// URLs: `ca` (a PEM file with a CA to trust besides the system ones, relative to this config file) and `insecure: yes` (skip certificate verification). Each key defaults to `config.tls` */
  "tls"?: Record<string, unknown>;
}

/** Connects to the Java management interface (JMX) of a running Java application and extracts the given metrics as JMXMeasurement events. */
export interface ObserverJMXObserverConfig {
  class: "observer.JMXObserver";
  /** `{host: 127.0.0.1, port: N}` for a JVM with remote JMX enabled, or `{pid_from: <shell command printing a pid>}` to attach to a local JVM (`{{cmdlinepid}}` is the pid of the last CmdlineChannel process). With both, `port` is used */
  "connect": Record<string, unknown>;
  /** What to read: `[{field: name in the event, mbean: object name, attrib: attribute, value: optional expression over `value` and the definitions}]` */
  "metrics": unknown[];
  /** `activate` (default CmdlineStartedEvent) starts reading, `deactivate` (default CmdlineExitEvent) stops it; both event filters */
  "events"?: Record<string, unknown>;
  /** Publish the last values again on every ParameterUpdateEvent, with its trace ids */
  "resendOnUpdate"?: boolean;
  /** How often the attributes are read */
  "interval"?: number | string;
}

/** Logstash-like observer: turns lines of events (LogLineEvent by default) into messages with fields and tags, using codecs and grok filters. */
export interface ObserverLogStaxObserverConfig {
  class: "observer.LogStaxObserver";
  /** Filters applied to every message: `{type: grok, match: {field: pattern}, overwrite, add_field, remove_field, add_tag, remove_tag}` or `{type: basic, ...}` (no condition); the manual's `- codec: {...}` entries are accepted as codecs */
  "filters": unknown[];
  /** Codecs that turn lines into messages: `{type: singleline}` or `{type: multiline, lines: [{match, ignorecase, partial, repeat, optional}], acceptIncomplete, newline}` */
  "codecs"?: unknown[];
  /** Line sources, tried in order: `[{name: EventName, field: attribute, kind: stdout|[stdout, stderr]}]` */
  "events"?: unknown[];
}

/** Extracts deployment and group events by subscribing to the Server-Sent Events endpoint of Marathon. */
export interface ObserverMarathonEventsObserverConfig {
  class: "observer.MarathonEventsObserver";
  /** The URL of the Marathon SSE endpoint */
  "url": string;
  /** Additional headers to send. `Accept: text/event-stream` is always sent; `Authorization: token=<dcos_auth_token>` is added when that definition exists (unless given here) */
  "headers"?: Record<string, unknown>;
  /** Timestamp the events with the `timestamp` Marathon gives them; `no` uses the time they arrived */
  "useEventTimestamp"?: boolean;
  /** Accepted for compatibility: the original could read the stream through an external curl process; the built-in client is always used (a warning says so for `yes`) */
  "curl"?: boolean;
  /** For https:// URLs: `ca` (a PEM file with a CA to trust besides the system ones, relative to this config file) and `insecure: yes` (skip certificate verification). Each key defaults to `config.tls` */
  "tls"?: Record<string, unknown>;
}

/** Finds Marathon log lines (of a Marathon launched through a CmdlineChannel) and turns them into Marathon events. */
export interface ObserverMarathonLogsObserverConfig {
  class: "observer.MarathonLogsObserver";
}

/** Polls the Marathon metrics endpoint twice per second and publishes every value that changed. */
export interface ObserverMarathonMetricsObserverConfig {
  class: "observer.MarathonMetricsObserver";
  /** The URL of the Marathon metrics endpoint */
  "url": string;
  /** Additional headers to send. `Authorization: token=<dcos_auth_token>` is added when that definition exists (unless given here) */
  "headers"?: Record<string, unknown>;
  /** Give up on a request that has not completed this long after it started (seconds or `500ms`, `2s`); it then fails with a timeout error. Default: no overall limit (undici waits up to 300 s for headers and between body chunks) */
  "timeout"?: number | string;
  /** For https:// URLs: `ca` (a PEM file with a CA to trust besides the system ones, relative to this config file) and `insecure: yes` (skip certificate verification). Each key defaults to `config.tls` */
  "tls"?: Record<string, unknown>;
}

/** Polls the Marathon groups endpoint and publishes the changes as deployment events; a fallback for when the SSE stream is not available. */
export interface ObserverMarathonPollerObserverConfig {
  class: "observer.MarathonPollerObserver";
  /** The base URL of Marathon (macros allowed) */
  "url": string;
  /** Additional headers to send with every request. `Authorization: token=<dcos_auth_token>` is added when that definition exists (unless given here) */
  "headers"?: Record<string, unknown>;
  /** Give up on a request that has not completed this long after it started (seconds or `500ms`, `2s`); it then fails with a timeout error. Default: no overall limit (undici waits up to 300 s for headers and between body chunks) */
  "timeout"?: number | string;
  /** For https:// URLs: `ca` (a PEM file with a CA to trust besides the system ones, relative to this config file) and `insecure: yes` (skip certificate verification). Each key defaults to `config.tls` */
  "tls"?: Record<string, unknown>;
  /** Time to wait after each poll before the next one (seconds or `200ms`) */
  "interval"?: number | string;
  /** Fail a deployment started through a Marathon channel that did not complete in this time (seconds or `30s`); 0: never */
  "failureTimeout"?: number | string;
  /** Consecutive failed polls before Marathon counts as unavailable */
  "retries"?: number | string;
  /** Event filters that start and stop the polling: `start` (default StartEvent) and `stop` (default TeardownEvent) */
  "events"?: Record<string, unknown>;
}

/** A user class: `./module.js#ExportName`, relative to the config file. */
export interface UserObserversConfig { class: `${string}#${string}`; [option: string]: unknown }

export type ObserversEntry = ObserverHTTPTimingObserverConfig | ObserverJMXObserverConfig | ObserverLogStaxObserverConfig | ObserverMarathonEventsObserverConfig | ObserverMarathonLogsObserverConfig | ObserverMarathonMetricsObserverConfig | ObserverMarathonPollerObserverConfig | UserObserversConfig;

/** Tracks the occurrences of an event within the tracking session. */
export interface TrackerCountTrackerConfig {
  class: "tracker.CountTracker";
  /** The metric where to write the measured value to */
  "metric": string;
  /** The event to count (a filter expression) */
  "events": string;
  /** The increment per event: a number or an expression with `event`, the definitions and the parameters */
  "step"?: string | number | boolean;
}

/** Dumps metrics collected by observers (usually the MarathonMetricsObserver) into the results. */
export interface TrackerDumpMetricTrackerConfig {
  class: "tracker.DumpMetricTracker";
  /** Observer metric path to the test metric name */
  "map": Record<string, unknown>;
}

/** Tracks the duration between a start and an end event. */
export interface TrackerDurationTrackerConfig {
  class: "tracker.DurationTracker";
  /** The metric where to write the measured value to */
  "metric": string;
  /** `start`: the event to start counting from; `end`: the event to stop counting at (filter expressions) */
  "events": Record<string, unknown>;
}

/** Extracts the value of an attribute of an event into a metric. */
export interface TrackerEventAttributeTrackerConfig {
  class: "tracker.EventAttributeTracker";
  /** The event filter to handle */
  "event": string;
  /** List of `{metric, attrib}` (an attribute path such as `responseTime` or `fields['name']`) or `{metric, eval}` (an expression over `event`) */
  "extract": unknown[];
  /** Take the trace ids from the latest event matching this filter (the test case it belongs to) */
  "traceIdFrom"?: string;
}

/** Forwards the values of LogStax message fields as metrics. */
export interface TrackerLogStaxTrackerConfig {
  class: "tracker.LogStaxTracker";
  /** Rules `{metric, value, traceIdFrom, filter: {all_tags|tags, some_tags, all_fields, some_fields, fields: {k: v}}}`; `value` is an expression over definitions, parameters and message fields; the filter keys may also sit directly on the rule */
  "collect": unknown[];
}

/** A user class: `./module.js#ExportName`, relative to the config file. */
export interface UserTrackersConfig { class: `${string}#${string}`; [option: string]: unknown }

export type TrackersEntry = TrackerCountTrackerConfig | TrackerDumpMetricTrackerConfig | TrackerDurationTrackerConfig | TrackerEventAttributeTrackerConfig | TrackerLogStaxTrackerConfig | UserTrackersConfig;

/** Authenticate against an Enterprise-Edition cluster: obtains a token and sets the `dcos_auth_token` definition. */
export interface TasksAuthAuthEEConfig {
  class: "tasks.auth.AuthEE";
  /** The trigger that runs this task: setup, pretest, intertest, posttest, teardown, or a name used by a MultiStepPolicy step. */
  "at": string;
  /** The user name to authenticate as */
  "user": string;
  /** The password of the user */
  "password": string;
  /** The base cluster URL (default: the `cluster_url` definition) */
  "cluster_url"?: string;
  /** Give up on a request that has not completed this long after it started (seconds or `500ms`, `2s`); it then fails with a timeout error. Default: no overall limit (undici waits up to 300 s for headers and between body chunks) */
  "timeout"?: number | string;
  /** For https:// URLs: `ca` (a PEM file with a CA to trust besides the system ones, relative to this config file) and `insecure: yes` (skip certificate verification). Each key defaults to `config.tls` */
  "tls"?: Record<string, unknown>;
}

/** Authenticate against an Open-Source Edition cluster: exchanges a user token for an authentication token and sets the `dcos_auth_token` definition. */
export interface TasksAuthAuthOpenConfig {
  class: "tasks.auth.AuthOpen";
  /** The trigger that runs this task: setup, pretest, intertest, posttest, teardown, or a name used by a MultiStepPolicy step. */
  "at": string;
  /** The user token to (re-)use */
  "token": string;
  /** The base cluster URL (default: the `cluster_url` definition) */
  "cluster_url"?: string;
  /** Give up on a request that has not completed this long after it started (seconds or `500ms`, `2s`); it then fails with a timeout error. Default: no overall limit (undici waits up to 300 s for headers and between body chunks) */
  "timeout"?: number | string;
  /** For https:// URLs: `ca` (a PEM file with a CA to trust besides the system ones, relative to this config file) and `insecure: yes` (skip certificate verification). Each key defaults to `config.tls` */
  "tls"?: Record<string, unknown>;
}

/** Removes all scheduled jobs from Chronos and waits until they are gone. */
export interface TasksChronosRemoveAllJobsConfig {
  class: "tasks.chronos.RemoveAllJobs";
  /** The trigger that runs this task: setup, pretest, intertest, posttest, teardown, or a name used by a MultiStepPolicy step. */
  "at": string;
  /** The base URL of Chronos (macros allowed) */
  "url": string;
  /** Additional headers to send with every request. `Authorization: token=<dcos_auth_token>` is added when that definition exists (unless given here) */
  "headers"?: Record<string, unknown>;
  /** Give up on a request that has not completed this long after it started (seconds or `500ms`, `2s`); it then fails with a timeout error. Default: no overall limit (undici waits up to 300 s for headers and between body chunks) */
  "timeout"?: number | string;
  /** For https:// URLs: `ca` (a PEM file with a CA to trust besides the system ones, relative to this config file) and `insecure: yes` (skip certificate verification). Each key defaults to `config.tls` */
  "tls"?: Record<string, unknown>;
}

/** Pauses execution for the given time. */
export interface TasksDelayDelayConfig {
  class: "tasks.delay.Delay";
  /** The trigger that runs this task: setup, pretest, intertest, posttest, teardown, or a name used by a MultiStepPolicy step. */
  "at": string;
  /** How long to pause (seconds or a time expression such as 500ms, 2s, 1m) */
  "delay": number | string;
}

/** Executes a command line and waits for it to complete. */
export interface TasksExecRunConfig {
  class: "tasks.exec.Run";
  /** The trigger that runs this task: setup, pretest, intertest, posttest, teardown, or a name used by a MultiStepPolicy step. */
  "at": string;
  /** The command line to execute */
  "cmdline": string;
  /** Run the command line through /bin/sh -c */
  "shell"?: boolean;
  /** Text written to the standard input */
  "stdin"?: string;
  /** Environment variables added to the driver environment */
  "env"?: Record<string, unknown>;
  /** The working directory */
  "cwd"?: string;
  /** Stop the command (SIGINT, then SIGKILL after 5 s) when it runs longer than this */
  "timeout"?: number | string;
  /** Fail the task (and skip the remaining tasks of the trigger) when the command exits non-zero */
  "failOnError"?: boolean;
}

/** Perform an arbitrary HTTP request as a single-shot task. */
export interface TasksHttpRequestConfig {
  class: "tasks.http.Request";
  /** The trigger that runs this task: setup, pretest, intertest, posttest, teardown, or a name used by a MultiStepPolicy step. */
  "at": string;
  /** The URL to send the requests to (macros allowed) */
  "url": string;
  /** The request body (macros allowed; `{{_i}}` is the request index) */
  "body"?: string;
  /** The HTTP verb */
  "verb"?: string;
  /** The HTTP headers to send. `Authorization: token=<dcos_auth_token>` is added when that definition exists */
  "headers"?: Record<string, unknown>;
  /** How many times to send the request (`{{_i}}` counts from 0) */
  "repeat"?: number | string;
  /** Give up on a request that has not completed this long after it started (seconds or `500ms`, `2s`); it then fails with a timeout error. Default: no overall limit (undici waits up to 300 s for headers and between body chunks) */
  "timeout"?: number | string;
  /** For https:// URLs: `ca` (a PEM file with a CA to trust besides the system ones, relative to this config file) and `insecure: yes` (skip certificate verification). Each key defaults to `config.tls` */
  "tls"?: Record<string, unknown>;
  /** Mongoose-style load metrics of these requests (see docs/load-metrics.md): `yes`, `no`, or a mapping of `period` (table and metrics.csv rows, default 10s, 0: none), `headerPeriod` (rows between table headers, default 20), `trace` (io.trace.csv, default no), `threshold` (steady-state window from this fraction of `concurrency`, default 0: none), `persist` (the CSV files, default yes), `enabled`; each key defaults to `config.loadMetrics` */
  "loadMetrics"?: boolean | Record<string, unknown>;
}

/** Removes all apps from Marathon (in every group) and waits until the deployments are completed. */
export interface TasksMarathonRemoveAllAppsConfig {
  class: "tasks.marathon.RemoveAllApps";
  /** The trigger that runs this task: setup, pretest, intertest, posttest, teardown, or a name used by a MultiStepPolicy step. */
  "at": string;
  /** The base URL of Marathon (macros allowed) */
  "url": string;
  /** Additional headers to send with every request. `Authorization: token=<dcos_auth_token>` is added when that definition exists (unless given here) */
  "headers"?: Record<string, unknown>;
  /** Give up on a request that has not completed this long after it started (seconds or `500ms`, `2s`); it then fails with a timeout error. Default: no overall limit (undici waits up to 300 s for headers and between body chunks) */
  "timeout"?: number | string;
  /** For https:// URLs: `ca` (a PEM file with a CA to trust besides the system ones, relative to this config file) and `insecure: yes` (skip certificate verification). Each key defaults to `config.tls` */
  "tls"?: Record<string, unknown>;
}

/** Removes a group (with its apps, pods and groups) from Marathon and waits until the deployment is completed. */
export interface TasksMarathonRemoveGroupConfig {
  class: "tasks.marathon.RemoveGroup";
  /** The trigger that runs this task: setup, pretest, intertest, posttest, teardown, or a name used by a MultiStepPolicy step. */
  "at": string;
  /** The base URL of Marathon (macros allowed) */
  "url": string;
  /** Additional headers to send with every request. `Authorization: token=<dcos_auth_token>` is added when that definition exists (unless given here) */
  "headers"?: Record<string, unknown>;
  /** Give up on a request that has not completed this long after it started (seconds or `500ms`, `2s`); it then fails with a timeout error. Default: no overall limit (undici waits up to 300 s for headers and between body chunks) */
  "timeout"?: number | string;
  /** For https:// URLs: `ca` (a PEM file with a CA to trust besides the system ones, relative to this config file) and `insecure: yes` (skip certificate verification). Each key defaults to `config.tls` */
  "tls"?: Record<string, unknown>;
  /** The group to remove, with or without the leading slash (macros allowed) */
  "group": string;
}

/** Removes the Marathon apps whose id matches a regular expression and waits until the deployments are completed. */
export interface TasksMarathonRemoveMatchingAppsConfig {
  class: "tasks.marathon.RemoveMatchingApps";
  /** The trigger that runs this task: setup, pretest, intertest, posttest, teardown, or a name used by a MultiStepPolicy step. */
  "at": string;
  /** The base URL of Marathon (macros allowed) */
  "url": string;
  /** Additional headers to send with every request. `Authorization: token=<dcos_auth_token>` is added when that definition exists (unless given here) */
  "headers"?: Record<string, unknown>;
  /** Give up on a request that has not completed this long after it started (seconds or `500ms`, `2s`); it then fails with a timeout error. Default: no overall limit (undici waits up to 300 s for headers and between body chunks) */
  "timeout"?: number | string;
  /** For https:// URLs: `ca` (a PEM file with a CA to trust besides the system ones, relative to this config file) and `insecure: yes` (skip certificate verification). Each key defaults to `config.tls` */
  "tls"?: Record<string, unknown>;
  /** A regular expression (or plain text) searched in every app id; the apps that contain it are removed */
  "match": string;
}

/** A user class: `./module.js#ExportName`, relative to the config file. */
export interface UserTasksConfig { class: `${string}#${string}`; [option: string]: unknown }

export type TasksEntry = TasksAuthAuthEEConfig | TasksAuthAuthOpenConfig | TasksChronosRemoveAllJobsConfig | TasksDelayDelayConfig | TasksExecRunConfig | TasksHttpRequestConfig | TasksMarathonRemoveAllAppsConfig | TasksMarathonRemoveGroupConfig | TasksMarathonRemoveMatchingAppsConfig | UserTasksConfig;

/** Prints the summarized results as a table on standard output (used when no reporter is configured). */
export interface ReporterConsoleReporterConfig {
  class: "@reporter.ConsoleReporter";
}

/** Creates a comma-separated values file with the parameter values and the summarized metric values of every test case. */
export interface ReporterCSVReporterConfig {
  class: "reporter.CSVReporter";
  /** The file to write (default: results.csv in the results directory) */
  "filename"?: string;
  /** The column separator */
  "separator"?: string;
  /** The value written for a parameter a test case does not have (default: the parameter default) */
  "default"?: string | number;
}

/** Submits the values of the test metrics (raw and/or summarized) and indicators to DataDog. */
export interface ReporterDataDogMetricReporterConfig {
  class: "reporter.DataDogMetricReporter";
  /** The DataDog API key (default: DD_API_KEY; never logged) */
  "api_key"?: string | number;
  /** The DataDog application key (default: DD_APP_KEY; never logged; submitting needs only the API key) */
  "app_key"?: string | number;
  /** The host name the series are reported for (default: this machine's name) */
  "hostname"?: string;
  /** The prefix of the metric names */
  "prefix"?: string;
  /** The DataDog site, e.g. `datadoghq.eu` (default: DD_SITE, else datadoghq.com) */
  "site"?: string;
  /** A base URL that replaces `https://api.<site>`, e.g. a proxy */
  "endpoint"?: string;
  /** How often raw values are flushed to DataDog */
  "flushInterval"?: number | string;
  /** `metrics`: `all`, a list or a mapping to aliases (default all); `raw`: submit samples as they come (default no); `summarized`: submit summaries at the end (default yes); `indicators`: `all`, a list or a mapping to aliases (default none) */
  "report"?: Record<string, unknown>;
}

/** Uploads indicator values into DataDog for archiving and alerting. */
export interface ReporterDataDogReporterConfig {
  class: "reporter.DataDogReporter";
  /** The DataDog API key (default: DD_API_KEY; never logged) */
  "api_key"?: string | number;
  /** The DataDog application key (default: DD_APP_KEY; never logged; submitting needs only the API key) */
  "app_key"?: string | number;
  /** The host name the series are reported for (default: this machine's name) */
  "hostname"?: string;
  /** The prefix of the metric names */
  "prefix"?: string;
  /** The DataDog site, e.g. `datadoghq.eu` (default: DD_SITE, else datadoghq.com) */
  "site"?: string;
  /** A base URL that replaces `https://api.<site>`, e.g. a proxy */
  "endpoint"?: string;
  /** The data points: `[{name: <DataDog metric name after the prefix>, indicator: <indicator name>}]` */
  "points": unknown[];
}

/** Creates one self-contained HTML report (opens offline): meta, parameters and metrics, an interactive chart per metric that explores any number of parameters, the summary table with failed test cases highlighted, indicators and an optional reference comparison. */
export interface ReporterHTMLReporterConfig {
  class: "reporter.HTMLReporter";
  /** The file to write (default: report.html in the results directory) */
  "filename"?: string;
  /** The report title (default: config.title) */
  "title"?: string;
  /** The initial X axis scale of the charts (linear, log, log2, log10; a checkbox switches it) */
  "xscale"?: "linear" | "log" | "log2" | "log10";
  /** The initial Y axis scale of the charts (linear, log, log2, log10; a checkbox switches it) */
  "yscale"?: "linear" | "log" | "log2" | "log10";
  /** The value of a parameter a test case does not have (default: the parameter default) */
  "default"?: string | number;
  /** Compare with a reference run: `data` (or `url`): a RawReporter JSON dump, as an http(s) URL, a file: URL or a local path; `name` (default `ref`); `ratiocolormap` (default `PuOr`) for the 2-D ratio panels; `headers` sent with an http(s) request. Values of the dump's `meta` are available as `{{refmeta:KEY}}` macros. */
  "reference"?: Record<string, unknown>;
}

/** Writes every LogLineEvent of the test to a log file. */
export interface ReporterLogReporterConfig {
  class: "reporter.LogReporter";
  /** The file to write (default: trace.log in the results directory) */
  "filename"?: string;
  /** Prefix every line with `[%Y-%m-%d %H:%M:%S] ` (local time of the event) */
  "timestamp"?: boolean;
  /** Append to the file instead of replacing it */
  "append"?: boolean;
}

/** Creates a PNG plot for every metric: a line per summarizer over one varying parameter, or a heat map per summarizer over two, optionally compared with a reference run. */
export interface ReporterPlotReporterConfig {
  class: "reporter.PlotReporter";
  /** File name prefix (may include a directory, created if missing); a configured relative prefix resolves against the working directory, the default writes into the results directory */
  "prefix"?: string;
  /** File name suffix, before `.png` */
  "suffix"?: string;
  /** The X axis scale: linear, log (base 10), log2 or log10 */
  "xscale"?: "linear" | "log" | "log2" | "log10";
  /** The Y axis scale: linear, log (base 10), log2 or log10 */
  "yscale"?: "linear" | "log" | "log2" | "log10";
  /** The matplotlib colour map of the 2-D heat maps (viridis, plasma, inferno, magma, cividis, winter, coolwarm, bwr, PuOr, RdBu, ...; `_r` reverses) */
  "colormap"?: string;
  /** Plot every sample as a scatter against the first parameter instead of the summaries */
  "raw"?: boolean;
  /** The value of a parameter a test case does not have (default: the parameter default) */
  "default"?: string | number;
  /** Compare with a reference run: `data` (or `url`): a RawReporter JSON dump, as an http(s) URL, a file: URL or a local path; `name` (default `ref`); `ratiocolormap` (default `PuOr`) for the 2-D ratio panels; `headers` sent with an http(s) request. Values of the dump's `meta` are available as `{{refmeta:KEY}}` macros. */
  "reference"?: Record<string, unknown>;
}

/** Writes the full set of results into the PostgreSQL schema of the PostgREST reporter, directly and in one transaction. */
export interface ReporterPostgresReporterConfig {
  class: "reporter.PostgresReporter";
  /** A `postgres://user@host:port/database` URI; what it and the keys below leave out comes from the PG* environment variables (PGHOST, PGPORT, PGDATABASE, PGUSER, PGPASSWORD) */
  "connection"?: string;
  /** Alias of `connection`. */
  "connectionString"?: string;
  /** The server host or unix socket directory (overrides the one in `connection`) */
  "host"?: string;
  /** The server port (overrides the one in `connection`) */
  "port"?: number | string;
  /** The database (overrides the one in `connection`) */
  "database"?: string;
  /** The user (overrides the one in `connection`) */
  "user"?: string;
  /** The password (overrides the one in `connection`; never logged) */
  "password"?: string | number;
  /** The schema of the tables (default: the search path) */
  "schema"?: string;
  /** The table name prefix (the manual's schema uses `perf_test_`) */
  "prefix"?: string;
  /** The project name stored with the job */
  "project"?: string;
  /** Create the schema and the tables (the manual's DDL) when they do not exist */
  "createSchema"?: boolean;
}

/** Uploads the full set of results in a structured manner into a Postgres database through a PostgREST API endpoint. */
export interface ReporterPostgRESTReporterConfig {
  class: "reporter.PostgRESTReporter";
  /** The URL of the PostgREST endpoint */
  "url": string;
  /** The table name prefix (the manual's schema uses `perf_test_`) */
  "prefix"?: string;
  /** The project name stored with the job */
  "project"?: string;
  /** A PostgREST JWT, sent as `Authorization: Bearer <token>` (never logged) */
  "token"?: string | number;
}

/** Dumps every event of the event bus to a file that can be used for offline event processing. */
export interface ReporterRawEventsReporterConfig {
  class: "reporter.RawEventsReporter";
  /** Where to dump the events */
  "filename"?: string;
  /** Include TickEvents (noisy) */
  "tickEvents"?: boolean;
}

/** Creates a raw dump of the results in JSON format. */
export interface ReporterRawReporterConfig {
  class: "reporter.RawReporter";
  /** Where to dump the results */
  "filename"?: string;
  /** Include event traces: `yes`, or `{include: filter, exclude: filter, traces: yes|no}` (traces groups the events per test case) */
  "events"?: boolean | Record<string, unknown>;
}

/** Uploads a raw dump of the results (the RawReporter JSON) to an S3 bucket, optionally listing it in an index file. */
export interface ReporterS3ReporterConfig {
  class: "reporter.S3Reporter";
  /** The name of the S3 bucket */
  "bucket": string;
  /** The object key to write (macros allowed) */
  "path"?: string;
  /** A canned ACL for the uploaded objects */
  "acl"?: "private" | "public-read" | "public-read-write" | "authenticated-read" | "aws-exec-read" | "bucket-owner-read" | "bucket-owner-full-control";
  /** The access key id; without it the standard AWS credential chain is used (AWS_ACCESS_KEY_ID, ~/.aws, instance roles) */
  "aws_access_key_id"?: string | number;
  /** The secret access key (never logged) */
  "aws_secret_access_key"?: string | number;
  /** A session token for temporary credentials (never logged) */
  "aws_session_token"?: string | number;
  /** The bucket region (default: AWS_REGION, AWS_DEFAULT_REGION, else us-east-1, following redirects to the bucket's region) */
  "region"?: string;
  /** The endpoint of an S3-compatible store */
  "endpoint"?: string;
  /** Address buckets as `endpoint/bucket/key` (most S3-compatible stores need it) */
  "forcePathStyle"?: boolean;
  /** Record the upload in an index: `{path: index.json, entry: name (required), max_entries: N, bucket: name}` */
  "index"?: Record<string, unknown>;
}

/** A user class: `./module.js#ExportName`, relative to the config file. */
export interface UserReportersConfig { class: `${string}#${string}`; [option: string]: unknown }

export type ReportersEntry = ReporterConsoleReporterConfig | ReporterCSVReporterConfig | ReporterDataDogMetricReporterConfig | ReporterDataDogReporterConfig | ReporterHTMLReporterConfig | ReporterLogReporterConfig | ReporterPlotReporterConfig | ReporterPostgresReporterConfig | ReporterPostgRESTReporterConfig | ReporterRawEventsReporterConfig | ReporterRawReporterConfig | ReporterS3ReporterConfig | UserReportersConfig;

/** A whole config file. */
export interface DriverConfig {
  import?: string[];
  include?: string[];
  config?: Record<string, unknown>;
  define?: Record<string, unknown>;
  meta?: Record<string, unknown>;
  policies?: PoliciesEntry[];
  channels?: ChannelsEntry[];
  observers?: ObserversEntry[];
  trackers?: TrackersEntry[];
  tasks?: TasksEntry[];
  reporters?: ReportersEntry[];
}
