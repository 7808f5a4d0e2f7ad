import { describe, expect, it } from 'vitest';
import { NormalizedMaxMetricIndicator } from '../../src/classes/indicator/NormalizedMaxMetricIndicator.js';
import { NormalizedMeanMetricIndicator } from '../../src/classes/indicator/NormalizedMeanMetricIndicator.js';
import { NormalizedMinMetricIndicator } from '../../src/classes/indicator/NormalizedMinMetricIndicator.js';
import type { AxisSummary } from '../../src/classes/indicator/NormalizedMetricIndicator.js';
import type { SummaryValue } from '../../src/summarizers/Summarizer.js';

function axis(parameters: Record<string, unknown>, mean: SummaryValue, extra: Record<string, SummaryValue> = {}): AxisSummary {
  return { parameters, values: { deployTime: { mean, ...extra }, other: {} }, flags: {} };
}

// deployTime.mean normalised by instances: 10/2 = 5, 30/3 = 10, 12/4 = 3.
const AXES = [axis({ instances: 2 }, 10), axis({ instances: 3 }, 30), axis({ instances: 4 }, 12)];
const config = (extra: Record<string, unknown> = {}) => ({ name: 'ind', class: 'indicator.X', metric: 'deployTime.mean', normalizeto: 'instances', ...extra });

describe('NormalizedMeanMetricIndicator', () => {
  it('averages the normalised values of all test cases', () => {
    expect(new NormalizedMeanMetricIndicator(config()).calculate(AXES, {})).toBeCloseTo(6, 14);
  });

  it('takes the value of a [value, error] pair', () => {
    const axes = [axis({ instances: 2 }, [10, 99]), axis({ instances: 5 }, [5, 1])];
    expect(new NormalizedMeanMetricIndicator(config()).calculate(axes, {})).toBeCloseTo(3, 14);
  });

  it('evaluates normalizeto as an expression over definitions and parameters, parameters winning', () => {
    // 0.8 * instances: 10/1.6, 30/2.4, 12/3.2
    expect(new NormalizedMeanMetricIndicator(config({ normalizeto: '0.8 * instances' })).calculate(AXES, {})).toBeCloseTo((6.25 + 12.5 + 3.75) / 3, 12);
    // instances * factor with factor a definition: 10/4, 30/6, 12/8
    expect(new NormalizedMeanMetricIndicator(config({ normalizeto: 'instances * factor' })).calculate(AXES, { factor: 2 })).toBeCloseTo((2.5 + 5 + 1.5) / 3, 12);
    // A definition of the same name loses to the parameter.
    expect(new NormalizedMeanMetricIndicator(config()).calculate(AXES, { instances: 1000 })).toBeCloseTo(6, 14);
    // Python spellings work too.
    expect(new NormalizedMeanMetricIndicator(config({ normalizeto: 'instances ** 2' })).calculate(AXES, {})).toBeCloseTo((2.5 + 30 / 9 + 0.75) / 3, 12);
  });

  it("accepts the manual's `parameter:` spelling, numbers, and no normaliser (1)", () => {
    const { normalizeto: _, ...plain } = config();
    expect(new NormalizedMeanMetricIndicator({ ...plain, parameter: 'instances' }).calculate(AXES, {})).toBeCloseTo(6, 14);
    expect(new NormalizedMeanMetricIndicator({ ...plain, normalizeto: 2 }).calculate(AXES, {})).toBeCloseTo(26 / 3, 14);
    expect(new NormalizedMeanMetricIndicator(plain).calculate(AXES, {})).toBeCloseTo(52 / 3, 14);
  });

  it('skips test cases whose normaliser fails, is zero or is not a number', () => {
    const axes = [...AXES, axis({ instances: 0 }, 7), axis({ instances: 'many' }, 7), axis({}, 7), axis({ instances: null }, 7)];
    expect(new NormalizedMeanMetricIndicator(config()).calculate(axes, {})).toBeCloseTo(6, 14);
    expect(new NormalizedMeanMetricIndicator(config()).normalizedValues(axes, {})).toEqual([5, 10, 3]);
    expect(new NormalizedMeanMetricIndicator(config({ normalizeto: 'unknownName' })).calculate(AXES, {})).toBeNull();
  });

  it('gives null without test cases', () => {
    expect(new NormalizedMeanMetricIndicator(config()).calculate([], {})).toBeNull();
  });
});

describe('NormalizedMinMetricIndicator and NormalizedMaxMetricIndicator', () => {
  it('give the real minimum and maximum (not the original accumulation)', () => {
    expect(new NormalizedMinMetricIndicator(config()).calculate(AXES, {})).toBe(3);
    expect(new NormalizedMaxMetricIndicator(config()).calculate(AXES, {})).toBe(10);
    const plain = { name: 'x', class: 'c', metric: 'deployTime.mean' };
    // The original gave 9 for [4, 2, 3] and 4 for [1, 3, 2].
    expect(new NormalizedMinMetricIndicator(plain).calculate([axis({}, 4), axis({}, 2), axis({}, 3)], {})).toBe(2);
    expect(new NormalizedMaxMetricIndicator(plain).calculate([axis({}, 1), axis({}, 3), axis({}, 2)], {})).toBe(3);
    expect(new NormalizedMinMetricIndicator(plain).calculate([axis({}, -1), axis({}, -5)], {})).toBe(-5);
  });

  it('skip bad normalisers and give null without values', () => {
    const axes = [axis({ instances: 0 }, 1), axis({ instances: 2 }, 8)];
    expect(new NormalizedMinMetricIndicator(config()).calculate(axes, {})).toBe(4);
    expect(new NormalizedMaxMetricIndicator(config()).calculate(axes, {})).toBe(4);
    expect(new NormalizedMinMetricIndicator(config()).calculate([], {})).toBeNull();
    expect(new NormalizedMaxMetricIndicator(config()).calculate([axis({ instances: 0 }, 1)], {})).toBeNull();
  });
});

describe('NormalizedMetricIndicator configuration', () => {
  it('splits metric into metric and summarizer', () => {
    const ind = new NormalizedMeanMetricIndicator(config({ metric: 'responseTime.mean_err' }));
    expect([ind.name, ind.metric, ind.summarizer, ind.normalizeto]).toEqual(['ind', 'responseTime', 'mean_err', 'instances']);
  });

  it('requires metric to be exactly <metric>.<summarizer>', () => {
    for (const metric of ['deployTime', 'a.b.c', '.mean', 'deployTime.', undefined, 5]) {
      expect(() => new NormalizedMeanMetricIndicator(config({ metric }))).toThrow('`metric` must be "<metric>.<summarizer>"');
    }
  });

  it('rejects unknown options with a suggestion', () => {
    expect(() => new NormalizedMaxMetricIndicator(config({ normalizeTo: 'x' }))).toThrow('NormalizedMaxMetricIndicator "ind": unknown option "normalizeTo" (did you mean "normalizeto"?)');
  });

  it('rejects bad normalisers at construction', () => {
    expect(() => new NormalizedMeanMetricIndicator(config({ normalizeto: 0 }))).toThrow('`normalizeto` must be a non-zero number');
    expect(() => new NormalizedMeanMetricIndicator(config({ normalizeto: '' }))).toThrow('`normalizeto` must be a non-zero number');
    expect(() => new NormalizedMeanMetricIndicator(config({ normalizeto: true }))).toThrow('`normalizeto` must be a non-zero number');
    expect(() => new NormalizedMeanMetricIndicator(config({ normalizeto: 'instances *' }))).toThrow('`normalizeto`: Invalid expression');
    expect(() => new NormalizedMeanMetricIndicator(config({ parameter: 'apps' }))).toThrow('give either `normalizeto` or `parameter`');
  });

  it('reports a summarizer the metric does not have', () => {
    const ind = new NormalizedMeanMetricIndicator(config({ metric: 'deployTime.maen' }));
    expect(() => ind.calculate(AXES, {})).toThrow('Indicator "ind": metric "deployTime" has no summarizer "maen" (did you mean "mean"?)');
    const other = new NormalizedMeanMetricIndicator(config({ metric: 'deployTim.mean' }));
    expect(() => other.calculate(AXES, {})).toThrow('no metric "deployTim" (did you mean "deployTime"?)');
  });
});
