import { MarathonDeploymentTask } from './MarathonDeploymentTask.js';
import type { OptionSpec } from '../../../core/Options.js';
import type { ConfigObject } from '../../../core/config/ConfigLoader.js';
import { canonicalId } from '../../../marathon/canonicalId.js';
import { MARATHON_API_OPTIONS } from '../../../marathon/marathonOptions.js';

/** Removes a Marathon group with everything in it, and waits until that deployment is finished. */
export class RemoveGroup extends MarathonDeploymentTask {
  static readonly className = 'tasks.marathon.RemoveGroup';
  static readonly description = 'Removes a group (with its apps, pods and groups) from Marathon and waits until the deployment is completed.';
  static readonly publishes = [] as const;
  static readonly options: OptionSpec = {
    ...MARATHON_API_OPTIONS,
    group: { type: 'string', required: true, description: 'The group to remove, with or without the leading slash (macros allowed)', example: '/scale-instances' },
  };

  protected async change(base: string, headers: Record<string, string>, cfg: ConfigObject): Promise<string[]> {
    const group = canonicalId(String(cfg.group));
    this.logger.info(`Removing group ${group}`);
    const deployment = await this.forceDelete(base, `/v2/groups${group}`, `Group ${group}`, headers);
    return deployment === null ? [] : [deployment];
  }
}
