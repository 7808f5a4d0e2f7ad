import { MarathonDeploymentTask } from './MarathonDeploymentTask.js';
import type { OptionSpec } from '../../../core/Options.js';
import { isPlainObject, type ConfigObject } from '../../../core/config/ConfigLoader.js';
import { MARATHON_API_OPTIONS } from '../../../marathon/marathonOptions.js';
import { marathonUrl } from '../../../marathon/marathonUrl.js';

/** Every app id in a group answer, groups below included. */
function appIds(group: unknown, out: string[] = []): string[] {
  if (!isPlainObject(group)) return out;
  for (const app of Array.isArray(group.apps) ? group.apps : []) if (isPlainObject(app) && typeof app.id === 'string') out.push(app.id);
  for (const child of Array.isArray(group.groups) ? group.groups : []) appIds(child, out);
  return out;
}

/**
 * Removes every app (in every group) from Marathon with `force`, and waits until the
 * deployments that remove them are finished.
 */
export class RemoveAllApps extends MarathonDeploymentTask {
  static readonly className: string = 'tasks.marathon.RemoveAllApps';
  static readonly description: string = 'Removes all apps from Marathon (in every group) and waits until the deployments are completed.';
  static readonly publishes = [] as const;
  static readonly options: OptionSpec = MARATHON_API_OPTIONS;

  /** Whether the app with this id is removed. */
  protected selects(_id: string, _cfg: ConfigObject): boolean {
    return true;
  }

  protected async change(base: string, headers: Record<string, string>, cfg: ConfigObject): Promise<string[]> {
    const res = await this.request('GET', marathonUrl(base, '/v2/groups?embed=group.groups&embed=group.apps'), headers);
    if (res.aborted) return [];
    if (res.statusCode !== 200) throw new Error(`Unable to enumerate running apps (HTTP ${res.statusCode} from ${base})`);
    const ids = appIds(res.json).filter((id) => this.selects(id, cfg));
    if (ids.length === 0) {
      this.logger.info('No app to remove');
      return [];
    }
    this.logger.info(`Removing ${ids.length} app(s)`);
    const deployments: string[] = [];
    for (const id of ids) {
      if (this.stopped) break;
      const deployment = await this.forceDelete(base, `/v2/apps${id}`, `app ${id}`, headers);
      if (deployment !== null) deployments.push(deployment);
    }
    return deployments;
  }
}
