import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { BuiltInSummarizer } from '../../src/summarizers/BuiltInSummarizer.js';
import { PercentileSummarizer } from '../../src/summarizers/PercentileSummarizer.js';
import { createSummarizer } from '../../src/summarizers/createSummarizer.js';
import type { Sample, SummarizerContext } from '../../src/summarizers/Summarizer.js';

const testDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const FIXTURE = './fixtures/custom-summarizers.mjs';
const series = (values: number[]): Sample[] => values.map((v, i) => [1000 + i, v]);

function context(parameters: Record<string, unknown> = {}): SummarizerContext & { notes: string[] } {
  const notes: string[] = [];
  return { parameters, notes, note: (m) => notes.push(m) };
}

describe('createSummarizer: built-ins', () => {
  it('maps "@name" to the built-in, named after the function', async () => {
    const s = await createSummarizer({ class: '@mean' }, testDir);
    expect(s).toBeInstanceOf(BuiltInSummarizer);
    expect(s.name).toBe('mean');
    expect(s.calculate(series([1, 2, 6]), context())).toBe(3);
  });

  it('accepts the compact form, a bare built-in name', async () => {
    const s = await createSummarizer('mean_err', testDir);
    expect(s.name).toBe('mean_err');
    expect((await createSummarizer('@max', testDir)).name).toBe('max');
    expect(s.calculate(series([5]), context())).toEqual([5, 0]);
  });

  it('honours name and outliers', async () => {
    const s = await createSummarizer({ class: '@mean_err', name: 'Mean (With Error)', outliers: false }, testDir);
    expect(s.name).toBe('Mean (With Error)');
    expect((s.calculate(series([1, 2, 3, 4, 100]), context()) as number[])[0]).toBe(3);
    const kept = await createSummarizer({ class: '@mean', outliers: true }, testDir);
    expect(kept.calculate(series([1, 2, 3, 4, 100]), context())).toBe(22);
  });

  it('rejects unknown built-ins and options with suggestions', async () => {
    await expect(createSummarizer({ class: '@meen' }, testDir)).rejects.toThrow('Unknown built-in summarizer "meen" (did you mean "mean"?)');
    await expect(createSummarizer('sdev', testDir)).rejects.toThrow('Unknown built-in summarizer "sdev"');
    await expect(createSummarizer({ class: '@mean', outlier: false }, testDir)).rejects.toThrow('Unknown option "outlier" for summarizer "@mean" (did you mean "outliers"?)');
    await expect(createSummarizer({ class: '@mean', percentile: 50 }, testDir)).rejects.toThrow('Unknown option "percentile"');
    await expect(createSummarizer({ class: '@mean', outliers: 'maybe' as unknown as boolean }, testDir)).rejects.toThrow('`outliers` must be yes or no, got "maybe"');
  });
});

describe('createSummarizer: summarize.PercentileSummarizer', () => {
  it('builds the percentile summarizer', async () => {
    const s = await createSummarizer({ class: 'summarize.PercentileSummarizer', percentile: 25 }, testDir);
    expect(s).toBeInstanceOf(PercentileSummarizer);
    expect(s.name).toBe('PercentileSummarizer');
    expect(s.calculate(series([1, 2, 3, 4]), context())).toBe(1.75);
  });

  it('accepts a name, outliers and a percentile rendered as text', async () => {
    const s = await createSummarizer({ class: 'summarize.PercentileSummarizer', percentile: '100' as unknown as number, name: 'p100', outliers: false }, testDir);
    expect(s.name).toBe('p100');
    expect(s.calculate(series([1, 2, 3, 4, 100]), context())).toBe(4);
  });

  it('requires a valid percentile', async () => {
    await expect(createSummarizer({ class: 'summarize.PercentileSummarizer' }, testDir)).rejects.toThrow('needs `percentile`');
    await expect(createSummarizer({ class: 'summarize.PercentileSummarizer', percentile: 150 }, testDir)).rejects.toThrow('from 0 to 100');
    await expect(createSummarizer({ class: 'summarize.PercentileSummarizer', percentile: 'high' as unknown as number }, testDir)).rejects.toThrow('got "high"');
    await expect(createSummarizer({ class: 'summarize.PercentileSummarizer', percentil: 5 }, testDir)).rejects.toThrow('(did you mean "percentile"?)');
  });
});

describe('createSummarizer: user classes', () => {
  it('loads ./file.mjs#ClassName relative to baseDir and constructs it with the config', async () => {
    const s = await createSummarizer({ class: `${FIXTURE}#RangeSummarizer`, scale: 2 }, testDir);
    expect(s.name).toBe('RangeSummarizer');
    const ctx = context({ instances: 3 });
    expect(s.calculate(series([4, 1, 9]), ctx)).toBe(16);
    expect(ctx.notes).toEqual(['range of 3 samples at {"instances":3}']);
  });

  it('accepts a path without ./ and an absolute path, and a configured name', async () => {
    const s = await createSummarizer({ class: 'fixtures/custom-summarizers.mjs#EndsSummarizer', name: 'ends' }, testDir);
    expect(s.name).toBe('ends');
    expect(s.calculate(series([3, 1, 2]), context())).toEqual([3, 2]);
    const abs = await createSummarizer({ class: `${resolve(testDir, FIXTURE)}#RangeSummarizer` }, '/');
    expect(abs.calculate(series([1, 5]), context())).toBe(4);
  });

  it('passes a private copy of the samples', async () => {
    const s = await createSummarizer({ class: `${FIXTURE}#RangeSummarizer` }, testDir);
    const samples = series([3, 1, 2]);
    s.calculate(samples, context());
    expect(samples).toEqual(series([3, 1, 2]));
  });

  it('rejects results that are not a finite number or [value, error]', async () => {
    const s = await createSummarizer({ class: `${FIXTURE}#NaNSummarizer` }, testDir);
    expect(() => s.calculate(series([1]), context())).toThrow('Summarizer "NaNSummarizer" returned NaN; expected a finite number or [value, error]');
  });

  it('reports loading problems in one line', async () => {
    await expect(createSummarizer({ class: './missing.mjs#X' }, testDir)).rejects.toThrow(/^Cannot load summarizer module "\.\/missing\.mjs" \([^\n]*\): [^\n]*$/);
    await expect(createSummarizer({ class: `${FIXTURE}#RangeSumarizer` }, testDir)).rejects.toThrow(`Summarizer module "${FIXTURE}" has no exported class "RangeSumarizer" (did you mean "RangeSummarizer"?)`);
    await expect(createSummarizer({ class: `${FIXTURE}#NoCalculate` }, testDir)).rejects.toThrow('has no calculate(samples, context) method');
    await expect(createSummarizer({ class: `${FIXTURE}#Failing` }, testDir)).rejects.toThrow(/failed to initialise: bad config$/);
    await expect(createSummarizer({ class: `${FIXTURE}#` }, testDir)).rejects.toThrow('as "./file.mjs#ClassName"');
  });

  it('rejects unknown class names, suggesting the closest', async () => {
    await expect(createSummarizer({ class: 'summarize.PercentileSumarizer' }, testDir)).rejects.toThrow('(did you mean "summarize.PercentileSummarizer"?)');
    await expect(createSummarizer({ class: 'mean_err' }, testDir)).rejects.toThrow('(did you mean "@mean_err"?)');
    await expect(createSummarizer({ class: 'summarizers.MyCustomSummarizer.summarisationFunction' }, testDir)).rejects.toThrow('a module "./file.mjs#ClassName"');
    await expect(createSummarizer({} as { class: string }, testDir)).rejects.toThrow('A summarizer needs a `class`');
  });
});
