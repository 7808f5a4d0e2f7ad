export const X_UUID = '4a003e85-e8bb-4a95-a340-eec1727cfd0d';
export const Y_UUID = '5b114f96-f9cc-4b06-b451-ffd2838d0e1e';
export const M_UUID = 'cfac77fc-eb24-4862-aedd-89066441c416';

/**
 * A two-case sweep (x = 1, 2) whose metric `m` gets the samples x and 3x (`pause` seconds apart),
 * with uuids on the parameters and the metric, meta `version: master` and `env: ci`, and the given reporters.
 */
export function sweepConfig(reporters: string, opts: { meta?: string; metricUuid?: string | null; summarize?: string; pause?: number } = {}): string {
  const metricUuid = opts.metricUuid === undefined ? M_UUID : opts.metricUuid;
  return `
config:
  title: Service reporters
  parameters:
    - {name: x, uuid: ${X_UUID}, units: count, title: Instances}
    - {name: y, uuid: ${Y_UUID}, default: 9}
  metrics:
    - {name: m, ${metricUuid ? `uuid: ${metricUuid}, ` : ''}units: s, title: Deploy time, summarize: ${opts.summarize ?? '[mean]'}}
  indicators:
    - {name: perX, class: indicator.NormalizedMeanMetricIndicator, metric: m.mean, normalizeto: x}
meta: ${opts.meta ?? '{version: master, env: ci}'}
policies:
  - class: policy.MultivariableExplorerPolicy
    matrix: {x: {type: discrete, values: [1, 2]}}
    events: {signal: {OK: CmdlineExitZeroEvent}}
channels:
  - class: channel.CmdlineChannel
    shell: yes
    restart: no
    cmdline: "echo {{x}}; ${opts.pause ? `sleep ${opts.pause}; ` : ''}echo $(( {{x}} * 3 ))"
trackers:
  - class: tracker.EventAttributeTracker
    event: LogLineEvent
    extract: [{metric: m, attrib: line}]
reporters:
${reporters}
`;
}

/** The log lines that report a failed reporter. */
export function reporterFailures(logs: string[]): string[] {
  return logs.filter((l) => /Reporter '[^']+' failed with error:/.test(l));
}
