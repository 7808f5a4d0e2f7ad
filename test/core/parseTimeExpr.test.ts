import { describe, it, expect } from 'vitest';
import { parseTimeExpr } from '../../src/core/parseTimeExpr.js';

describe('parseTimeExpr', () => {
  it('gives null for falsy values', () => {
    for (const value of [null, undefined, '', 0, false, NaN]) expect(parseTimeExpr(value)).toBeNull();
  });

  it('returns numbers unchanged as seconds', () => {
    expect(parseTimeExpr(10)).toBe(10);
    expect(parseTimeExpr(0.25)).toBe(0.25);
  });

  it('reads a bare number string as seconds', () => {
    expect(parseTimeExpr('10')).toBe(10);
    expect(parseTimeExpr('2.5')).toBe(2.5);
  });

  it('applies the us, ms, s, m and h suffixes', () => {
    expect(parseTimeExpr('10us')).toBeCloseTo(0.00001, 12);
    expect(parseTimeExpr('500ms')).toBe(0.5);
    expect(parseTimeExpr('100ms')).toBe(0.1);
    expect(parseTimeExpr('2s')).toBe(2);
    expect(parseTimeExpr('10m')).toBe(600);
    expect(parseTimeExpr('2h')).toBe(7200);
  });

  it('accepts decimals with a suffix ("1.5m" is 90 seconds)', () => {
    expect(parseTimeExpr('1.5m')).toBe(90);
    expect(parseTimeExpr('1.5s')).toBe(1.5);
    expect(parseTimeExpr('.5h')).toBe(1800);
  });

  it('tolerates surrounding spaces and upper-case units', () => {
    expect(parseTimeExpr(' 1.5 s ')).toBe(1.5);
    expect(parseTimeExpr('500MS')).toBe(0.5);
  });

  it('parses a zero string as 0, not null (only falsy input gives null)', () => {
    expect(parseTimeExpr('0')).toBe(0);
    expect(parseTimeExpr('0s')).toBe(0);
  });

  it('gives null for unparsable input', () => {
    for (const value of ['abc', 's', 'ms', '1.5x', '10 minutes', '0x10', 'Infinity', '1..5s']) {
      expect(parseTimeExpr(value)).toBeNull();
    }
  });

  it('gives null for values that are neither numbers nor strings', () => {
    expect(parseTimeExpr({ seconds: 5 })).toBeNull();
    expect(parseTimeExpr([5])).toBeNull();
    expect(parseTimeExpr(true)).toBeNull();
  });
});
