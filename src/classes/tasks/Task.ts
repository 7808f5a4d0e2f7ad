import { Component } from '../../core/Component.js';
import type { OptionSpec } from '../../core/Options.js';

export const TASK_OPTIONS: OptionSpec = {
  at: {
    type: 'string',
    required: true,
    description: 'The trigger that runs this task: setup, pretest, intertest, posttest, teardown, or a name used by a MultiStepPolicy step.',
  },
};

/** A one-time action run at a trigger; run() rejecting counts as the task failing. */
export abstract class Task extends Component {
  static readonly kind = 'task' as const;

  get at(): string {
    return String(this.config.at);
  }

  abstract run(): Promise<void>;
}
