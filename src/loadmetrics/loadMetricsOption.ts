import type { OptionSpec } from '../core/Options.js';

/** The `loadMetrics` option of every load-generating class. */
export const LOAD_METRICS_OPTION: OptionSpec = {
  loadMetrics: {
    type: ['boolean', 'object'],
    description:
      'Mongoose-style load metrics of these requests (see docs/load-metrics.md): `yes`, `no`, or a mapping of `period` (table and metrics.csv rows, default 10s, 0: none), `headerPeriod` (rows between table headers, default 20), `trace` (io.trace.csv, default no), `threshold` (steady-state window from this fraction of `concurrency`, default 0: none), `persist` (the CSV files, default yes), `enabled`; each key defaults to `config.loadMetrics`',
    example: { period: '1s', threshold: 0.8 },
  },
};
