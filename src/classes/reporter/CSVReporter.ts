import { stringify } from 'csv-stringify/sync';
import { Reporter } from './Reporter.js';
import { buildSummaryTable } from './summaryTable.js';
import { writeFileAtomic } from '../../core/writeFileAtomic.js';
import { formatValue } from '../../core/Macros.js';
import type { OptionSpec } from '../../core/Options.js';

/** Writes the summarized results: one row per test case with parameters, summaries and flags. */
export class CSVReporter extends Reporter {
  static readonly className = 'reporter.CSVReporter';
  static readonly description = 'Creates a comma-separated values file with the parameter values and the summarized metric values of every test case.';
  static readonly publishes = [] as const;
  static readonly options: OptionSpec = {
    filename: { type: 'string', default: 'results.csv', description: 'The file to write (default: results.csv in the results directory)' },
    separator: { type: 'string', default: ',', description: 'The column separator' },
    default: { type: ['string', 'number'], description: 'The value written for a parameter a test case does not have (default: the parameter default)' },
  };

  override async checkpoint(): Promise<void> {
    await this.write(false);
  }

  async dump(): Promise<void> {
    await this.write(true);
  }

  private async write(final: boolean): Promise<void> {
    const cfg = this.render();
    const path = this.outputPath(cfg.filename, 'results.csv');
    const separator = String(this.option(cfg, 'separator'));
    const table = buildSummaryTable(this.ctx.general, this.ctx.collector.sum(), cfg.default);
    // The empty column separates parameters from results, as in the original tool's files.
    const header = [...table.parameterColumns, '', ...table.valueColumns, ...table.flagColumns];
    const np = table.parameterColumns.length;
    const rows = table.rows.map((r) => [...r.slice(0, np), '', ...r.slice(np)].map((c) => formatValue(c)));
    writeFileAtomic(path, this.ctx.redact(stringify([header, ...rows], { delimiter: separator, record_delimiter: 'unix' })));
    if (final) this.logger.info(`Wrote ${rows.length} test case(s) to ${path}`);
  }
}
