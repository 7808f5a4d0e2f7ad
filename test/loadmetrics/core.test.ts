import { describe, expect, it } from 'vitest';
import { EwmaRate } from '../../src/loadmetrics/EwmaRate.js';
import { HdrStats } from '../../src/loadmetrics/HdrStats.js';
import { ioStatusCode } from '../../src/loadmetrics/ioStatusCode.js';
import { DEFAULT_LOAD_METRICS, readLoadMetricsSettings } from '../../src/loadmetrics/LoadMetricsSettings.js';
import type { LoadOperation } from '../../src/loadmetrics/LoadOperation.js';
import { ioTypeCode, opTypeOfVerb } from '../../src/loadmetrics/OpType.js';
import { StepMetrics } from '../../src/loadmetrics/StepMetrics.js';
import { formatStepSummary } from '../../src/loadmetrics/StepSummary.js';
import { ThresholdWindow } from '../../src/loadmetrics/ThresholdWindow.js';

const MS = 1_000_000n;
const identity = { stepId: 'step', opType: 'READ' as const, concurrencyLimit: 20 };

function op(start: bigint, sent: bigint, firstByte: bigint, end: bigint, bytes: number, error: string | null = null): LoadOperation {
  return { url: 'http://127.0.0.1:1/x', start, sent, firstByte, end, bytesSent: 0, bytesReceived: bytes, statusCode: error === null ? 200 : 500, error };
}

describe('EwmaRate', () => {
  it('takes the first tick as is, then decays with α = 1 − e^(−1/t) per one-second tick', () => {
    const rate = new EwmaRate(10);
    expect(rate.value).toBe(0);
    rate.add(10);
    rate.tick(1);
    expect(rate.value).toBe(10);
    rate.tick(1);
    expect(rate.value).toBeCloseTo(10 * Math.exp(-0.1), 12);
    rate.add(30);
    rate.tick(1);
    const alpha = 1 - Math.exp(-1 / 10);
    expect(rate.value).toBeCloseTo(10 * Math.exp(-0.1) + alpha * (30 - 10 * Math.exp(-0.1)), 12);
  });

  it('weighs a partial tick by its length', () => {
    const a = new EwmaRate(5);
    a.add(5);
    a.tick(1);
    a.add(1);
    a.tick(0.5);
    expect(a.value).toBeCloseTo(5 + (1 - Math.exp(-0.5 / 5)) * (2 - 5), 12);
  });
});

describe('HdrStats', () => {
  it('has exact count, mean, min and max, and percentiles within 0.1% of the nearest-rank value', () => {
    const stats = new HdrStats();
    const values = Array.from({ length: 1001 }, (_, i) => 1000 + i * 97);
    for (const v of [...values].reverse()) stats.record(v);
    expect(stats.count).toBe(1001);
    expect(stats.mean).toBe(values.reduce((a, b) => a + b) / 1001);
    expect(stats.min).toBe(1000);
    expect(stats.max).toBe(1000 + 1000 * 97);
    for (const p of [25, 50, 75, 90, 99]) {
      const exact = values[Math.ceil((p / 100) * values.length) - 1]!;
      const got = stats.percentile(p);
      expect(got).toBeGreaterThanOrEqual(exact);
      expect(got).toBeLessThanOrEqual(exact * 1.001);
    }
    expect(stats.percentile(100)).toBe(stats.max);
  });

  it('keeps percentiles within 0.1% from one microsecond to a day, over and under 2^32', () => {
    for (const values of [
      [1, 2, 3, 2047, 2048, 2049],
      Array.from({ length: 500 }, (_, i) => Math.round(1.07 ** i)).filter((v) => v <= 86_400_000_000),
      [4_294_967_295, 4_294_967_296, 5_000_000_000, 86_399_999_999, 86_400_000_000],
    ]) {
      const stats = new HdrStats();
      for (const v of values) stats.record(v);
      const sorted = [...values].sort((a, b) => a - b);
      for (const p of [1, 10, 25, 50, 75, 90, 99, 99.9]) {
        const exact = sorted[Math.max(1, Math.ceil((p / 100) * sorted.length)) - 1]!;
        const got = stats.percentile(p);
        expect(got).toBeGreaterThanOrEqual(exact);
        expect(got).toBeLessThanOrEqual(exact * 1.001);
      }
    }
  });

  it('counts a value past a day as a day', () => {
    const stats = new HdrStats();
    stats.record(200_000_000_000);
    expect(stats.max).toBe(86_400_000_000);
    expect(stats.percentile(50)).toBe(86_400_000_000);
  });

  it('keeps the same memory whatever the count', () => {
    const stats = new HdrStats();
    stats.record(1);
    const before = stats.footprintBytes;
    for (let i = 0; i < 200_000; i++) stats.record((i * 7919) % 5_000_000);
    expect(stats.footprintBytes).toBe(before);
    expect(before).toBeLessThan(256_000);
    expect(stats.count).toBe(200_001);
  });
});

describe('StepMetrics', () => {
  it('accounts successes, failures, bytes, durations, latencies and the time-weighted concurrency', () => {
    const m = new StepMetrics(identity, 0n, 10);
    // The spec's summary: 2 successes of 10 KB, 998 failures, 2.386 s.
    m.changeActive(1, 0n);
    m.changeActive(1, 0n);
    m.account(op(0n, 10n * MS, 10n * MS + 14_089_000n, 33_086_000n, 10240));
    m.changeActive(-1, 33_086_000n);
    m.account(op(100n * MS, 110n * MS, 110n * MS + 29_375_000n, 100n * MS + 85_844_000n, 10240));
    m.changeActive(-1, 100n * MS + 85_844_000n);
    for (let i = 0; i < 998; i++) m.account(op(0n, 0n, 0n, 1n, 99, 'HTTP 500'));
    const s = m.snapshot(2386n * MS, true);
    expect(s).toMatchObject({ successes: 2, failures: 998, bytes: 20480, elapsed: 2.386, durationSum: 0.11893, concurrencyCurrent: 0 });
    expect(s.rateMean).toBeCloseTo(2 / 2.386, 12);
    expect(s.byteRateMean).toBeCloseTo(20480 / 2.386, 9);
    expect(s.duration).toMatchObject({ count: 2, mean: 59465, min: 33086, max: 85844 });
    expect(s.latency).toMatchObject({ count: 2, mean: 21732, min: 14089, max: 29375 });
    expect(s.concurrencyMean).toBeCloseTo((33_086_000 + 185_844_000) / 2_386_000_000, 12);
    expect(formatStepSummary(s)).toContain('n=(2/998); t[s]=(2.386/0.11893); size=(20KB); TP[op/s]=(0.83822/');
    expect(formatStepSummary(s)).toContain('; dur[us]=(59465/33086/85844); lat[us]=(21732/14089/29375)');
  });

  it('gives the mean concurrency of the last period since the previous output', () => {
    const m = new StepMetrics(identity, 0n, 10);
    for (let i = 0; i < 4; i++) m.changeActive(1, 0n);
    expect(m.snapshot(1000n * MS, true).concurrencyLastMean).toBe(4);
    m.changeActive(-1, 1500n * MS);
    m.changeActive(-1, 1500n * MS);
    const s = m.snapshot(2000n * MS, true);
    expect(s.concurrencyLastMean).toBe(3);
    expect(s.concurrencyMean).toBe(3.5);
    expect(s.concurrencyCurrent).toBe(2);
  });
});

describe('ThresholdWindow', () => {
  it('opens at ceil(C·P) operations in flight, closes below, and only once', () => {
    const w = new ThresholdWindow(100, 0.7, identity, 10);
    expect(w.count).toBe(70);
    const small = new ThresholdWindow(3, 0.5, identity, 10);
    expect(small.count).toBe(2);
    expect(small.update(1, 1n)).toBeNull();
    expect(small.update(2, 2n)).toBe('opened');
    expect(small.current).not.toBeNull();
    expect(small.result?.inFlight).toBe(2);
    expect(small.update(3, 3n)).toBeNull();
    expect(small.update(1, 4n)).toBe('closed');
    expect(small.update(3, 5n)).toBeNull();
    expect(small.current).toBeNull();
    expect(small.result?.inFlight).toBe(2);
  });
});

describe('status and operation codes', () => {
  it('maps HTTP statuses and failures as the spec table does', () => {
    const cases: Array<[number, string | null, number]> = [
      [200, null, 4], [204, null, 4], [301, null, 3], [100, null, 8], [400, 'x', 8], [405, 'x', 8], [409, 'x', 8], [411, 'x', 8], [414, 'x', 8], [416, 'x', 8],
      [413, 'x', 9], [415, 'x', 9], [429, 'x', 9], [500, 'x', 9], [501, 'x', 9], [502, 'x', 9], [503, 'x', 9], [505, 'x', 9],
      [404, 'x', 10], [401, 'x', 11], [403, 'x', 11], [504, 'x', 6], [507, 'x', 13], [418, 'x', 3],
      [0, 'No complete response from http://h:1 within 2s (timeout)', 6], [0, 'No response headers from http://h:1 in time', 6],
      [0, 'Request aborted', 2], [0, 'Cannot connect to http://h:1: connection refused', 5],
    ];
    for (const [status, error, code] of cases) expect([status, ioStatusCode(status, error)]).toEqual([status, code]);
  });

  it('maps verbs to operation types and their codes', () => {
    expect(['POST', 'get', 'HEAD', 'PUT', 'patch', 'DELETE', 'OPTIONS'].map(opTypeOfVerb)).toEqual(['CREATE', 'READ', 'READ', 'UPDATE', 'UPDATE', 'DELETE', 'NOOP']);
    expect((['NOOP', 'CREATE', 'READ', 'UPDATE', 'DELETE'] as const).map(ioTypeCode)).toEqual([0, 1, 2, 3, 4]);
  });
});

describe('settings', () => {
  it('reads yes, no and mappings over a base', () => {
    expect(readLoadMetricsSettings(undefined, null)).toBeNull();
    expect(readLoadMetricsSettings(true, null)).toEqual(DEFAULT_LOAD_METRICS);
    expect(readLoadMetricsSettings(false, DEFAULT_LOAD_METRICS)).toBeNull();
    expect(readLoadMetricsSettings({ period: '500ms', trace: 'yes', threshold: '0.8', headerPeriod: 5 }, null)).toEqual({ period: 0.5, headerPeriod: 5, trace: true, threshold: 0.8, persist: true });
    const base = { ...DEFAULT_LOAD_METRICS, period: 1 };
    expect(readLoadMetricsSettings({ trace: true }, base)).toEqual({ ...base, trace: true });
    expect(readLoadMetricsSettings({ period: 0 }, base)).toEqual({ ...base, period: 0 });
    expect(readLoadMetricsSettings({ enabled: false }, base)).toBeNull();
  });

  it('names the bad key', () => {
    const fail = (v: unknown): unknown => {
      try {
        readLoadMetricsSettings(v, null);
      } catch (err) {
        return { message: (err as Error).message, key: (err as { key?: string }).key };
      }
      return null;
    };
    expect(fail({ perid: 1 })).toEqual({ message: 'Unknown key `perid` in loadMetrics (did you mean `period`?)', key: 'perid' });
    expect(fail({ threshold: 2 })).toMatchObject({ key: 'threshold', message: expect.stringContaining('from 0 to 1') });
    expect(fail({ period: 'soon' })).toMatchObject({ key: 'period' });
    expect(fail({ headerPeriod: 1.5 })).toMatchObject({ key: 'headerPeriod' });
    expect(fail({ trace: 3 })).toMatchObject({ key: 'trace' });
    expect(fail([1])).toMatchObject({ key: undefined });
  });
});
