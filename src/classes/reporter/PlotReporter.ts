import { Reporter } from './Reporter.js';
import { writeFileAtomic } from '../../core/writeFileAtomic.js';
import { toBoolean, type OptionSpec } from '../../core/Options.js';
import type { ConfigObject } from '../../core/config/ConfigLoader.js';
import { colormap, isColormap, unknownColormapMessage } from '../../plot/colormaps.js';
import { fileSafe, plotLayout } from '../../plot/plotData.js';
import { loadReference, referenceSettings, REFERENCE_DESCRIPTION, type ReferenceSettings } from '../../plot/reference.js';
import { AXIS_SCALES, type AxisScale } from '../../plot/scales.js';
import { rawFigure, summaryFigures, type Figure, type FigureInput } from '../../plot/figures.js';

const MACRO = /\{\{/;

/** Draws the results as PNG images: lines over one parameter, heat maps over two. */
export class PlotReporter extends Reporter {
  static readonly className = 'reporter.PlotReporter';
  static readonly description =
    'Creates a PNG plot for every metric: a line per summarizer over one varying parameter, or a heat map per summarizer over two, optionally compared with a reference run.';
  static readonly publishes = [] as const;
  static readonly options: OptionSpec = {
    prefix: { type: 'string', default: 'plot-', description: 'File name prefix (may include a directory, created if missing); a configured relative prefix resolves against the working directory, the default writes into the results directory' },
    suffix: { type: 'string', default: '', description: 'File name suffix, before `.png`' },
    xscale: { type: 'string', enum: AXIS_SCALES, default: 'linear', description: 'The X axis scale: linear, log (base 10), log2 or log10' },
    yscale: { type: 'string', enum: AXIS_SCALES, default: 'linear', description: 'The Y axis scale: linear, log (base 10), log2 or log10' },
    colormap: { type: 'string', default: 'winter', description: 'The matplotlib colour map of the 2-D heat maps (viridis, plasma, inferno, magma, cividis, winter, coolwarm, bwr, PuOr, RdBu, ...; `_r` reverses)' },
    raw: { type: 'boolean', default: false, description: 'Plot every sample as a scatter against the first parameter instead of the summaries' },
    default: { type: ['string', 'number'], description: 'The value of a parameter a test case does not have (default: the parameter default)' },
    reference: { type: 'object', description: REFERENCE_DESCRIPTION },
  };

  override async init(): Promise<void> {
    // Mistakes that need no run to find fail at start-up, before hours of testing.
    const { colormap: map, reference } = this.config;
    if (typeof map === 'string' && !MACRO.test(map) && !isColormap(map)) throw this.configError(unknownColormapMessage(map, 'colormap'), 'colormap');
    if (reference !== undefined && reference !== null && !MACRO.test(JSON.stringify(reference))) this.checkReference(this.config);
  }

  private checkReference(cfg: ConfigObject): ReferenceSettings {
    let settings: ReferenceSettings;
    try {
      settings = referenceSettings(cfg.reference);
    } catch (err) {
      throw this.configError(err instanceof Error ? err.message : String(err), 'reference');
    }
    if (!isColormap(settings.ratioColormap)) throw this.configError(unknownColormapMessage(settings.ratioColormap, 'reference.ratiocolormap'), 'reference');
    return settings;
  }

  private scale(cfg: ConfigObject, key: 'xscale' | 'yscale'): AxisScale {
    const v = String(this.option(cfg, key));
    if (!(AXIS_SCALES as readonly string[]).includes(v)) throw this.configError(`Unknown \`${key}\` value '${v}' (expected ${AXIS_SCALES.join(', ')})`, key);
    return v as AxisScale;
  }

  async dump(): Promise<void> {
    let cfg = this.render();
    const raw = toBoolean(this.option(cfg, 'raw'));
    const sum = this.ctx.collector.sum();
    const rawAxes = raw ? this.ctx.collector.raw() : [];
    // First, so that results a plot cannot show fail before any reference is fetched.
    const layout = plotLayout(this.ctx.general, raw ? rawAxes : sum, cfg.default);
    let reference: FigureInput['reference'] = null;
    if (cfg.reference !== undefined && cfg.reference !== null) {
      const settings = this.checkReference(cfg);
      const refDump = await loadReference(settings.location, settings.headers, this.logger);
      if (refDump) {
        // The reference's own metadata may name it: `name: "v{{refmeta:version}}"`.
        cfg = this.render(Object.fromEntries(Object.entries(refDump.meta).map(([k, v]) => [`refmeta:${k}`, v])));
        const rendered = this.checkReference(cfg);
        reference = { name: rendered.name, ratioColormap: colormap(rendered.ratioColormap), dump: refDump };
      }
    }
    const mapName = String(this.option(cfg, 'colormap'));
    if (!isColormap(mapName)) throw this.configError(unknownColormapMessage(mapName, 'colormap'), 'colormap');
    const warned = new Set<string>();
    const input: FigureInput = {
      general: this.ctx.general,
      layout,
      fallback: cfg.default,
      xscale: this.scale(cfg, 'xscale'),
      yscale: this.scale(cfg, 'yscale'),
      colormap: colormap(mapName),
      reference,
      // Each summarizer meets the same unplottable values: say it once.
      warn: (message) => {
        if (!warned.has(message)) this.logger.warn(message);
        warned.add(message);
      },
    };
    const figures: Array<[string, Figure]> = [];
    for (const metric of this.ctx.general.metrics) {
      const base = fileSafe(metric.name);
      const list = raw ? [rawFigure(input, rawAxes, metric.name)] : summaryFigures(input, sum, metric.name);
      for (const f of list) figures.push([`${base}${String(this.option(cfg, 'suffix'))}${f.fileSuffix}.png`, f]);
    }
    // Loaded only now: a run without plots never pays for chart.js and the canvas binary.
    const { renderFigure } = await import('../../plot/render.js');
    const written: string[] = [];
    for (const [name, figure] of figures) {
      const path = this.outputPath(cfg.prefix === undefined || cfg.prefix === null ? undefined : `${String(cfg.prefix)}${name}`, `plot-${name}`);
      writeFileAtomic(path, await renderFigure(figure.cells, figure.arrange));
      written.push(path);
    }
    this.logger.info(`Wrote ${written.length} plot(s): ${written.join(', ')}`);
  }
}
