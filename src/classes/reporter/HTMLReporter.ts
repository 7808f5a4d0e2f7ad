import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Reporter } from './Reporter.js';
import { writeFileAtomic } from '../../core/writeFileAtomic.js';
import type { OptionSpec } from '../../core/Options.js';
import type { ConfigObject } from '../../core/config/ConfigLoader.js';
import { loadReference, referenceSettings, REFERENCE_DESCRIPTION, type ReferenceDump, type ReferenceSettings } from '../../plot/reference.js';
import { AXIS_SCALES, type AxisScale } from '../../plot/scales.js';
import { buildReportModel } from '../../plot/reportModel.js';
import { reportHtml } from '../../plot/htmlTemplate.js';

const MACRO = /\{\{/;

/** One self-contained HTML page with the results, interactive charts and the summary table. */
export class HTMLReporter extends Reporter {
  static readonly className = 'reporter.HTMLReporter';
  static readonly description =
    'Creates one self-contained HTML report (opens offline): meta, parameters and metrics, an interactive chart per metric that explores any number of parameters, the summary table with failed test cases highlighted, indicators and an optional reference comparison.';
  static readonly publishes = [] as const;
  static readonly options: OptionSpec = {
    filename: { type: 'string', default: 'report.html', description: 'The file to write (default: report.html in the results directory)' },
    title: { type: 'string', description: 'The report title (default: config.title)' },
    xscale: { type: 'string', enum: AXIS_SCALES, default: 'linear', description: 'The initial X axis scale of the charts (linear, log, log2, log10; a checkbox switches it)' },
    yscale: { type: 'string', enum: AXIS_SCALES, default: 'linear', description: 'The initial Y axis scale of the charts (linear, log, log2, log10; a checkbox switches it)' },
    default: { type: ['string', 'number'], description: 'The value of a parameter a test case does not have (default: the parameter default)' },
    reference: { type: 'object', description: REFERENCE_DESCRIPTION },
  };

  private started = new Date();

  override start(): void {
    this.started = new Date();
  }

  override async init(): Promise<void> {
    const reference = this.config.reference;
    if (reference !== undefined && reference !== null && !MACRO.test(JSON.stringify(reference))) this.referenceOf(this.config);
  }

  private referenceOf(cfg: ConfigObject): ReferenceSettings {
    try {
      return referenceSettings(cfg.reference);
    } catch (err) {
      throw this.configError(err instanceof Error ? err.message : String(err), 'reference');
    }
  }

  private scale(cfg: ConfigObject, key: 'xscale' | 'yscale'): AxisScale {
    const v = String(this.option(cfg, key));
    if (!(AXIS_SCALES as readonly string[]).includes(v)) throw this.configError(`Unknown \`${key}\` value '${v}' (expected ${AXIS_SCALES.join(', ')})`, key);
    return v as AxisScale;
  }

  async dump(): Promise<void> {
    let cfg = this.render();
    const path = this.outputPath(cfg.filename, 'report.html');
    let reference: { name: string; location: string; dump: ReferenceDump | null } | null = null;
    if (cfg.reference !== undefined && cfg.reference !== null) {
      const settings = this.referenceOf(cfg);
      const dump = await loadReference(settings.location, settings.headers, this.logger);
      // The reference's own metadata may name it: `name: "v{{refmeta:version}}"`.
      if (dump) cfg = this.render(Object.fromEntries(Object.entries(dump.meta).map(([k, v]) => [`refmeta:${k}`, v])));
      reference = { name: this.referenceOf(cfg).name, location: settings.location, dump };
    }
    const sum = this.ctx.collector.sum();
    const model = buildReportModel({
      title: cfg.title === undefined || cfg.title === null ? this.ctx.general.title : String(cfg.title),
      general: this.ctx.general,
      sum,
      indicators: await this.ctx.indicators.calculate(sum),
      meta: this.ctx.meta,
      started: this.started,
      completed: new Date(),
      fallback: cfg.default,
      xscale: this.scale(cfg, 'xscale'),
      yscale: this.scale(cfg, 'yscale'),
      reference,
    });
    writeFileAtomic(path, this.ctx.redact(reportHtml(model, await chartJsSource())));
    this.logger.info(`Wrote the HTML report to ${path}`);
  }
}

/** chart.js's browser bundle, embedded so the report needs no network. */
async function chartJsSource(): Promise<string> {
  const entry = createRequire(import.meta.url).resolve('chart.js');
  return readFile(join(dirname(entry), 'chart.umd.min.js'), 'utf8');
}
