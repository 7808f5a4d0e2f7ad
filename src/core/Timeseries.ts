import type { Sample } from '../summarizers/Summarizer.js';

/**
 * Samples of one metric in one test case, kept in growable Float64Arrays: two numbers
 * per sample instead of an array object each, so millions of samples stay cheap.
 */
export class Timeseries {
  private ts = new Float64Array(16);
  private values = new Float64Array(16);
  private runs = new Uint16Array(16);
  length = 0;

  push(ts: number, value: number, run: number): void {
    if (this.length === this.ts.length) {
      const size = this.length * 2;
      this.ts = grow(this.ts, new Float64Array(size));
      this.values = grow(this.values, new Float64Array(size));
      this.runs = grow(this.runs, new Uint16Array(size));
    }
    this.ts[this.length] = ts;
    this.values[this.length] = value;
    this.runs[this.length] = run;
    this.length += 1;
  }

  samples(): Sample[] {
    const out: Sample[] = new Array(this.length);
    for (let i = 0; i < this.length; i++) out[i] = [this.ts[i]!, this.values[i]!];
    return out;
  }

  /** Run number (1-based) of each sample, parallel to samples(). */
  runNumbers(): number[] {
    return Array.from(this.runs.subarray(0, this.length));
  }
}

function grow<T extends Float64Array | Uint16Array>(from: T, to: T): T {
  to.set(from);
  return to;
}
