import { isAbsolute, join, resolve } from 'node:path';
import { Component } from '../../core/Component.js';

/** A reporter writes the results after the session ended. */
export abstract class Reporter extends Component {
  static readonly kind = 'reporter' as const;

  /** Called when the tests start (StartEvent). */
  start(): void {}

  /** Writes the results; a rejection is logged and the other reporters still run. */
  abstract dump(): Promise<void>;

  /**
   * Called (throttled) when a test case finished, so a crash keeps every finished case.
   * File reporters rewrite their file atomically; others do nothing.
   */
  async checkpoint(): Promise<void> {}

  /**
   * An output path: a configured relative path resolves against the working directory
   * (as the manual's `filename: results/dump.json` expects); the default file name goes
   * into the -r/--results directory.
   */
  protected outputPath(configured: unknown, defaultName: string): string {
    if (typeof configured === 'string' && configured !== '') return isAbsolute(configured) ? configured : resolve(configured);
    return join(this.ctx.resultsDir, defaultName);
  }
}
