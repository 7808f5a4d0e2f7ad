import { describe, expect, it } from 'vitest';
import { ConsoleTable, formatTableRow, MIB, TABLE_FRAME, TABLE_HEADER } from '../../src/loadmetrics/ConsoleTable.js';
import { formatFixedSize } from '../../src/loadmetrics/formatFixedSize.js';
import { formatFixedWidth, javaDoubleString } from '../../src/loadmetrics/formatFixedWidth.js';
import type { Distribution, LoadSnapshot } from '../../src/loadmetrics/LoadSnapshot.js';
import { formatStepSummary } from '../../src/loadmetrics/StepSummary.js';
import { METRICS_CSV_COLUMNS } from '../../src/loadmetrics/MetricsCsvWriter.js';
import { IO_TRACE_COLUMNS } from '../../src/loadmetrics/IoTraceWriter.js';

/** The spec's example table and summary, whitespace runs collapsed as the spec shows them. */
const SPEC_HEADER = [
  '------------------------------------------------------------------------------------------------------------------------',
  'Step Id | Timestamp | Op | Concurrency | Count | Step | Last Rate | Mean | Mean',
  '(last 10 | | type |---------------------|-------------------| Time |----------------| Latency | Duration',
  'symbols) |yyMMddHHmmss| | Current | Mean | Success |Failed| [s] | [op/s] |[MB/s] | [us] | [us]',
  '----------|------------|------|----------|----------|------------|------|-------|--------|-------|----------|-----------',
];
const SPEC_SUMMARY = 'READ-20x1: c=(19.87); n=(2/998); t[s]=(2.386/0.11893); size=(20KB); TP[op/s]=(0.83822/1.0); BW[MB/s]=(0.0081/0.0097); dur[us]=(59465/33086/85844); lat[us]=(21732/14089/29375)';

/** Spec rows: [collapsed line, time, current, mean, success, elapsed, op/s, MB/s, latency, duration]. */
const SPEC_ROWS: Array<[string, [number, number, number, number, number], number, number, number, number, number, number, number, number]> = [
  ['1881901842|170824183431|CREATE| 0|0.0 | 0| 0|0.011 |0.0 |0.0 | 0| 0', [17, 8, 24, 18, 3431], 0, 0, 0, 0.011, 0, 0, 0, 0],
  ['1881901842|170824183441|CREATE| 29|0.7765 | 23| 0|10.033 |1.060711|106.071| 571575| 2437084', [17, 8, 24, 18, 3441], 29, 0.776543, 23, 10.033, 1.0607113, 106.0711, 571575.4, 2437084.9],
  ['1881901842|170824183511|CREATE| 423|220.20 | 203| 0|40.033 |4.353079|435.307| 520783| 2337984', [17, 8, 24, 18, 3511], 423, 220.2049, 203, 40.033, 4.3530791, 435.3079, 520783, 2337984],
  ['1881901842|170824183531|CREATE| 417|433.73 | 477| 0|60.033 |18.34146|1834.14| 620557| 11863247', [17, 8, 24, 18, 3531], 417, 433.7312, 477, 60.033, 18.341462, 1834.146, 620557, 11863247],
  ['1881901842|170824183611|CREATE| 493|485.12 | 1066| 0|100.033|14.30267|1430.26| 795762| 16876532', [17, 8, 24, 18, 3611], 493, 485.129, 1066, 100.033, 14.302671, 1430.267, 795762, 16876532],
  ['1881901842|170824183621|CREATE| 510|495.63 | 1225| 0|110.03 |15.00818|1500.81| 775649| 17780188', [17, 8, 24, 18, 3621], 510, 495.63, 1225, 110.03, 15.008183, 1500.818, 775649, 17780188],
  ['1881901842|170824183731|CREATE| 585|577.05 | 2270| 0|180.039|11.65720|1165.72| 754406| 19747777', [17, 8, 24, 18, 3731], 585, 577.05, 2270, 180.039, 11.657201, 1165.7201, 754406, 19747777],
];

const collapse = (line: string): string => line.replace(/ +/g, ' ').trim();

function dist(mean: number, min = 0, max = 0): Distribution {
  return { count: mean > 0 ? 1 : 0, mean, min, loq: 0, med: 0, hiq: 0, p90: 0, p99: 0, max };
}

function snapshot(over: Partial<LoadSnapshot>): LoadSnapshot {
  return {
    stepId: '1881901842',
    opType: 'CREATE',
    concurrencyLimit: 1000,
    nodeCount: 1,
    time: 0,
    concurrencyCurrent: 0,
    concurrencyLastMean: 0,
    concurrencyMean: 0,
    successes: 0,
    failures: 0,
    bytes: 0,
    elapsed: 0,
    durationSum: 0,
    rateMean: 0,
    rateLast: 0,
    byteRateMean: 0,
    byteRateLast: 0,
    duration: dist(0),
    latency: dist(0),
    ...over,
  };
}

function specSnapshot(row: (typeof SPEC_ROWS)[number]): LoadSnapshot {
  const [, [yy, mm, dd, hh, mmss], current, mean, success, elapsed, rate, mbs, lat, dur] = row;
  const time = new Date(2000 + yy, mm - 1, dd, hh, Math.floor(mmss / 100), mmss % 100).getTime();
  return snapshot({ time, concurrencyCurrent: current, concurrencyLastMean: mean, successes: success, elapsed, rateLast: rate, byteRateLast: mbs * MIB, latency: dist(lat), duration: dist(dur) });
}

/** Where the `|` of a table row are. */
const ROW_PIPES = [10, 23, 30, 41, 52, 65, 72, 80, 89, 97, 108];
const pipes = (line: string): number[] => [...line].flatMap((c, i) => (c === '|' ? [i] : []));

describe('console table', () => {
  it('has the header of the spec, every column border where the rows have theirs', () => {
    const lines = TABLE_HEADER.split('\n');
    expect(lines.map(collapse)).toEqual(SPEC_HEADER);
    for (const line of lines) expect(ROW_PIPES).toEqual(expect.arrayContaining(pipes(line)));
    expect(lines[0]).toHaveLength(120);
    expect(lines[4]).toHaveLength(120);
    expect(TABLE_FRAME).toBe('*'.repeat(120));
  });

  it('formats the rows of the spec character by character', () => {
    for (const row of SPEC_ROWS) {
      const text = formatTableRow(specSnapshot(row), false);
      expect(collapse(text)).toBe(row[0]);
      expect(text).toHaveLength(120);
      expect(pipes(text)).toEqual(ROW_PIPES);
    }
    // The widths of Mongoose's table, from its documentation (right-aligned counts, left-aligned rates).
    expect(formatTableRow(specSnapshot(SPEC_ROWS[1]!), false)).toBe('1881901842|170824183441|CREATE|        29|0.7765    |          23|     0|10.033 |1.060711|106.071|    571575|    2437084');
    expect(formatTableRow(specSnapshot(SPEC_ROWS[0]!), false)).toBe('1881901842|170824183431|CREATE|         0|0.0       |           0|     0|0.011  |0.0     |0.0    |         0|          0');
  });

  it('shows the last 10 characters of the step id, right-aligned when shorter', () => {
    expect(formatTableRow(snapshot({ stepId: 'concurrency=16' }), false).slice(0, 11)).toBe('urrency=16|');
    expect(formatTableRow(snapshot({ stepId: 'c=4', opType: 'READ' }), false).slice(0, 31)).toMatch(/^       c=4\|\d{12}\|READ  \|$/);
  });

  it('repeats the header every headerPeriod rows and frames a final row with asterisks', () => {
    const table = new ConsoleTable();
    const out = Array.from({ length: 5 }, (_, i) => table.format(snapshot({ successes: i }), { final: i === 4, headerPeriod: 2, colour: false }));
    const headerAt = out.map((text) => text.startsWith(`${TABLE_HEADER}\n`));
    expect(headerAt).toEqual([true, false, true, false, true]);
    const final = out[4]!.split('\n').slice(5);
    expect(final).toHaveLength(3);
    expect(final[0]).toBe(TABLE_FRAME);
    expect(final[1]).toBe(formatTableRow(snapshot({ successes: 4 }), false));
    expect(final[2]).toBe(TABLE_FRAME);
    expect(out[1]).toBe(formatTableRow(snapshot({ successes: 1 }), false));
    // headerPeriod 0: the header once.
    const once = new ConsoleTable();
    expect(Array.from({ length: 3 }, () => once.format(snapshot({}), { final: false, headerPeriod: 0, colour: false }).includes('Step Id'))).toEqual([true, false, false]);
  });

  it('colours the op type and the failure count only when asked', () => {
    const plain = formatTableRow(snapshot({ successes: 1, failures: 3 }), false);
    const coloured = formatTableRow(snapshot({ successes: 1, failures: 3 }), true);
    expect(plain).not.toContain('\x1b');
    expect(coloured).toContain('\x1b[36mCREATE\x1b[0m');
    expect(coloured).toContain('\x1b[31m     3\x1b[0m');
    expect(coloured.replace(/\x1b\[[0-9;]*m/g, '')).toBe(plain);
  });
});

describe('step summary', () => {
  it('reproduces the line of the spec', () => {
    const s = snapshot({
      opType: 'READ',
      concurrencyLimit: 20,
      concurrencyLastMean: 19.87,
      successes: 2,
      failures: 998,
      elapsed: 2.386,
      durationSum: 0.11893,
      bytes: 20480,
      rateMean: 2 / 2.386,
      rateLast: 1,
      byteRateMean: 20480 / 2.386,
      byteRateLast: 0.00976 * MIB,
      duration: dist(59465, 33086, 85844),
      latency: dist(21732.5, 14089, 29375),
    });
    expect(formatStepSummary(s)).toBe(SPEC_SUMMARY);
  });
});

describe('number formats', () => {
  it('writes numbers as Java does, cut to a width without losing magnitude', () => {
    expect(javaDoubleString(0)).toBe('0.0');
    expect(javaDoubleString(423)).toBe('423.0');
    expect(javaDoubleString(0.0001)).toBe('1.0E-4');
    expect(javaDoubleString(12345678.9)).toBe('1.23456789E7');
    expect(formatFixedWidth(1.0607113, 8)).toBe('1.060711');
    expect(formatFixedWidth(1248.2049, 7)).toBe('1248.20');
    expect(formatFixedWidth(110.03, 7)).toBe('110.03');
    expect(formatFixedWidth(1234567.8, 7)).toBe('1234567');
    expect(formatFixedWidth(123456789, 8)).toBe('1.2345E8');
    expect(formatFixedWidth(12345678, 6)).toBe('1.23E7');
  });

  it('writes sizes in binary units as Mongoose does', () => {
    expect(formatFixedSize(0)).toBe('0B');
    expect(formatFixedSize(1023)).toBe('1023B');
    expect(formatFixedSize(20480)).toBe('20KB');
    expect(formatFixedSize(1536)).toBe('1.500KB');
    expect(formatFixedSize(1282867)).toBe('1.223MB');
    expect(formatFixedSize(15.25 * 1024 ** 3)).toBe('15.25GB');
    expect(formatFixedSize(123.4 * 1024 ** 2)).toBe('123.4MB');
  });

  it('names the CSV columns as the spec does', () => {
    expect(METRICS_CSV_COLUMNS.join(',')).toBe(
      'DateTimeISO8601,TypeLoad,Concurrency,NodeCount,ConcurrencyCurr,ConcurrencyMean,CountSucc,CountFail,Size,JobDuration[s],DurationSum[s],TPAvg[op/s],TPLast[op/s],BWAvg[MB/s],BWLast[MB/s],DurationAvg[us],DurationMin[us],DurationLoQ[us],DurationMed[us],DurationHiQ[us],DurationMax[us],LatencyAvg[us],LatencyMin[us],LatencyLoQ[us],LatencyMed[us],LatencyHiQ[us],LatencyMax[us]',
    );
    expect(IO_TRACE_COLUMNS.join(',')).toBe('StorageNode,ItemPath,IoTypeCode,StatusCode,ReqTimeStart,Duration,RespLatency,DataLatency,TransferSize');
  });
});
