import { RemoveAllApps } from './RemoveAllApps.js';
import type { OptionSpec } from '../../../core/Options.js';
import type { ConfigObject } from '../../../core/config/ConfigLoader.js';

/**
 * Removes the Marathon apps whose id contains a match of the `match` regular expression, and
 * waits until the deployments that remove them are finished.
 */
export class RemoveMatchingApps extends RemoveAllApps {
  static override readonly className: string = 'tasks.marathon.RemoveMatchingApps';
  static override readonly description: string = 'Removes the Marathon apps whose id matches a regular expression and waits until the deployments are completed.';
  static override readonly options: OptionSpec = {
    ...RemoveAllApps.options,
    match: { type: 'string', required: true, description: 'A regular expression (or plain text) searched in every app id; the apps that contain it are removed', example: 'test-01-' },
  };

  override async init(): Promise<void> {
    await super.init();
    try {
      new RegExp(String(this.render().match));
    } catch (err) {
      throw this.configError(`\`match\` is not a valid regular expression: ${err instanceof Error ? err.message : String(err)}`, 'match');
    }
  }

  protected override selects(id: string, cfg: ConfigObject): boolean {
    return new RegExp(String(cfg.match)).test(id);
  }
}
