import { dirname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ComponentClass, ComponentKind } from './Component.js';
import { ConfigError, type SourceLocation } from './ConfigError.js';
import { didYouMean } from './closestMatch.js';

type Loader = () => Promise<ComponentClass>;

/**
 * Every built-in class by its documented name. Modules load lazily, so a config only
 * pays for the classes it uses (charts and cloud SDKs stay unloaded otherwise).
 */
const BUILT_IN: Record<string, Loader> = {
  'policy.SimplePolicy': async () => (await import('../classes/policy/SimplePolicy.js')).SimplePolicy,
  'policy.MultivariableExplorerPolicy': async () => (await import('../classes/policy/MultivariableExplorerPolicy.js')).MultivariableExplorerPolicy,
  'policy.MultiStepPolicy': async () => (await import('../classes/policy/MultiStepPolicy.js')).MultiStepPolicy,
  'policy.TimeEvolutionPolicy': async () => (await import('../classes/policy/TimeEvolutionPolicy.js')).TimeEvolutionPolicy,
  'policy.ChainedDeploymentPolicy': async () => (await import('../classes/policy/ChainedDeploymentPolicy.js')).ChainedDeploymentPolicy,
  'policy.AutoExplorerPolicy': async () => (await import('../classes/policy/AutoExplorerPolicy.js')).AutoExplorerPolicy,
  'channel.CmdlineChannel': async () => (await import('../classes/channel/CmdlineChannel.js')).CmdlineChannel,
  'channel.HTTPChannel': async () => (await import('../classes/channel/HTTPChannel.js')).HTTPChannel,
  'observer.HTTPTimingObserver': async () => (await import('../classes/observer/HTTPTimingObserver.js')).HTTPTimingObserver,
  'tasks.http.Request': async () => (await import('../classes/tasks/http/Request.js')).Request,
  'tasks.auth.AuthEE': async () => (await import('../classes/tasks/auth/AuthEE.js')).AuthEE,
  'tasks.auth.AuthOpen': async () => (await import('../classes/tasks/auth/AuthOpen.js')).AuthOpen,
  'tracker.EventAttributeTracker': async () => (await import('../classes/tracker/EventAttributeTracker.js')).EventAttributeTracker,
  'tracker.CountTracker': async () => (await import('../classes/tracker/CountTracker.js')).CountTracker,
  'tracker.DurationTracker': async () => (await import('../classes/tracker/DurationTracker.js')).DurationTracker,
  'reporter.CSVReporter': async () => (await import('../classes/reporter/CSVReporter.js')).CSVReporter,
  'reporter.RawReporter': async () => (await import('../classes/reporter/RawReporter.js')).RawReporter,
  'reporter.RawEventsReporter': async () => (await import('../classes/reporter/RawEventsReporter.js')).RawEventsReporter,
  'reporter.PlotReporter': async () => (await import('../classes/reporter/PlotReporter.js')).PlotReporter,
  'reporter.HTMLReporter': async () => (await import('../classes/reporter/HTMLReporter.js')).HTMLReporter,
  'observer.LogStaxObserver': async () => (await import('../classes/observer/LogStaxObserver.js')).LogStaxObserver,
  'observer.MarathonLogsObserver': async () => (await import('../classes/observer/MarathonLogsObserver.js')).MarathonLogsObserver,
  'tracker.LogStaxTracker': async () => (await import('../classes/tracker/LogStaxTracker.js')).LogStaxTracker,
  'tracker.DumpMetricTracker': async () => (await import('../classes/tracker/DumpMetricTracker.js')).DumpMetricTracker,
  'tasks.delay.Delay': async () => (await import('../classes/tasks/delay/Delay.js')).Delay,
  'tasks.exec.Run': async () => (await import('../classes/tasks/exec/Run.js')).Run,
  'reporter.LogReporter': async () => (await import('../classes/reporter/LogReporter.js')).LogReporter,
  '@reporter.ConsoleReporter': async () => (await import('../classes/reporter/ConsoleReporter.js')).ConsoleReporter,
  'reporter.PostgRESTReporter': async () => (await import('../classes/reporter/PostgRESTReporter.js')).PostgRESTReporter,
  'reporter.PostgresReporter': async () => (await import('../classes/reporter/PostgresReporter.js')).PostgresReporter,
  'reporter.S3Reporter': async () => (await import('../classes/reporter/S3Reporter.js')).S3Reporter,
  'reporter.DataDogReporter': async () => (await import('../classes/reporter/DataDogReporter.js')).DataDogReporter,
  'reporter.DataDogMetricReporter': async () => (await import('../classes/reporter/DataDogMetricReporter.js')).DataDogMetricReporter,
  'observer.JMXObserver': async () => (await import('../classes/observer/JMXObserver.js')).JMXObserver,
  'channel.MarathonDeployChannel': async () => (await import('../classes/channel/MarathonDeployChannel.js')).MarathonDeployChannel,
  'channel.MarathonUpdateChannel': async () => (await import('../classes/channel/MarathonUpdateChannel.js')).MarathonUpdateChannel,
  'observer.MarathonEventsObserver': async () => (await import('../classes/observer/MarathonEventsObserver.js')).MarathonEventsObserver,
  'observer.MarathonPollerObserver': async () => (await import('../classes/observer/MarathonPollerObserver.js')).MarathonPollerObserver,
  'observer.MarathonMetricsObserver': async () => (await import('../classes/observer/MarathonMetricsObserver.js')).MarathonMetricsObserver,
  'tasks.marathon.RemoveAllApps': async () => (await import('../classes/tasks/marathon/RemoveAllApps.js')).RemoveAllApps,
  'tasks.marathon.RemoveMatchingApps': async () => (await import('../classes/tasks/marathon/RemoveMatchingApps.js')).RemoveMatchingApps,
  'tasks.marathon.RemoveGroup': async () => (await import('../classes/tasks/marathon/RemoveGroup.js')).RemoveGroup,
  'tasks.chronos.RemoveAllJobs': async () => (await import('../classes/tasks/chronos/RemoveAllJobs.js')).RemoveAllJobs,
};

/** Names that the manual's recipes use wrongly, with what they mean. */
const MISNAMED: Record<string, string> = {};

export const SECTION_KINDS: Record<string, ComponentKind> = {
  policies: 'policy',
  channels: 'channel',
  observers: 'observer',
  trackers: 'tracker',
  tasks: 'task',
  reporters: 'reporter',
};

function kindOfName(name: string): ComponentKind | null {
  const prefix = name.replace(/^@/, '').split('.')[0];
  switch (prefix) {
    case 'policy':
      return 'policy';
    case 'channel':
      return 'channel';
    case 'observer':
      return 'observer';
    case 'tracker':
      return 'tracker';
    case 'tasks':
      return 'task';
    case 'reporter':
      return 'reporter';
    default:
      return null;
  }
}

export function builtInClassNames(): string[] {
  return Object.keys(BUILT_IN);
}

/**
 * Resolves a `class:` value: a documented name (`channel.HTTPChannel`), or a user module
 * `./path/to/module.js#ExportName` relative to the config file that names it.
 */
export async function loadComponentClass(name: string, kind: ComponentKind, where: SourceLocation | undefined): Promise<ComponentClass> {
  const hash = name.indexOf('#');
  if (hash > 0) return loadUserClass(name.slice(0, hash), name.slice(hash + 1), name, where);
  const loader = BUILT_IN[name] ?? BUILT_IN[name.startsWith('@') ? name.slice(1) : `@${name}`];
  if (!loader) {
    if (MISNAMED[name]) throw new ConfigError(`Unknown class \`${name}\` (did you mean \`${MISNAMED[name]}\`?)`, where);
    const sameKind = builtInClassNames().filter((n) => kindOfName(n) === kind);
    throw new ConfigError(`Unknown class \`${name}\`${didYouMean(name, builtInClassNames()) || (sameKind.length ? ` (known ${kind} classes: ${sameKind.join(', ')})` : '')}`, where);
  }
  const cls = await loader();
  if (cls.kind !== kind) throw new ConfigError(`\`${name}\` is a ${cls.kind}, not a ${kind}: move it to the right section`, where);
  return cls;
}

async function loadUserClass(modulePath: string, exportName: string, name: string, where: SourceLocation | undefined): Promise<ComponentClass> {
  const base = where ? dirname(resolve(where.file)) : process.cwd();
  const url = pathToFileURL(resolve(base, modulePath)).href;
  let mod: Record<string, unknown>;
  try {
    mod = (await import(url)) as Record<string, unknown>;
  } catch (err) {
    throw new ConfigError(`Cannot load module for class \`${name}\`: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`, where);
  }
  const cls = mod[exportName];
  if (typeof cls !== 'function') {
    throw new ConfigError(`Module ${modulePath} has no export \`${exportName}\`${didYouMean(exportName, Object.keys(mod))}`, where);
  }
  return cls as ComponentClass;
}

/** Every built-in class, loaded (for the reference documentation). */
export async function loadAllClasses(): Promise<Array<[string, ComponentClass]>> {
  const out: Array<[string, ComponentClass]> = [];
  for (const [name, loader] of Object.entries(BUILT_IN)) out.push([name, await loader()]);
  return out;
}
