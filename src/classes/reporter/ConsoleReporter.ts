import { Reporter } from './Reporter.js';
import { buildSummaryTable } from './summaryTable.js';
import { formatValue } from '../../core/Macros.js';
import type { OptionSpec } from '../../core/Options.js';

/** The default reporter: prints the summary table and the indicators to standard output. */
export class ConsoleReporter extends Reporter {
  static readonly className = '@reporter.ConsoleReporter';
  static readonly description = 'Prints the summarized results as a table on standard output (used when no reporter is configured).';
  static readonly publishes = [] as const;
  static readonly options: OptionSpec = {};

  async dump(): Promise<void> {
    const table = buildSummaryTable(this.ctx.general, this.ctx.collector.sum());
    const header = [...table.parameterColumns, ...table.valueColumns, ...table.flagColumns];
    const rows = table.rows.map((r) => r.map((c) => formatCell(c)));
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
    const line = (cells: string[]): string => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd();
    const out = [`${this.ctx.general.title}`, line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)];
    const indicators = await this.ctx.indicators.calculate(this.ctx.collector.sum());
    for (const [name, value] of Object.entries(indicators)) out.push(`${name} = ${formatCell(value)}`);
    process.stdout.write(`${out.join('\n')}\n`);
  }
}

function formatCell(v: unknown): string {
  if (typeof v === 'number' && Number.isFinite(v) && !Number.isInteger(v)) return String(Number(v.toPrecision(6)));
  return formatValue(v);
}
