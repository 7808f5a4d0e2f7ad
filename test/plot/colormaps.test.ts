import { describe, it, expect } from 'vitest';
import { colormap, COLORMAP_NAMES, isColormap, unknownColormapMessage } from '../../src/plot/colormaps.js';
import { formatNumber, niceTicks, powerOfTwoTicks } from '../../src/plot/scales.js';

describe('colour maps', () => {
  it('has the common matplotlib maps', () => {
    for (const name of ['winter', 'viridis', 'plasma', 'inferno', 'magma', 'cividis', 'coolwarm', 'bwr', 'seismic', 'PuOr', 'RdBu', 'RdYlBu', 'Spectral', 'jet', 'hot', 'gray', 'Blues']) {
      expect(COLORMAP_NAMES, name).toContain(name);
    }
  });

  it('matches matplotlib at the ends and in the middle', () => {
    expect(colormap('winter').at(0)).toEqual([0, 0, 255]);
    expect(colormap('winter').at(1)).toEqual([0, 255, 128]);
    expect(colormap('bwr').at(0.5)).toEqual([255, 255, 255]);
    expect(colormap('viridis').at(0)).toEqual([0x44, 0x01, 0x54]);
    expect(colormap('viridis').at(1)).toEqual([0xfd, 0xe7, 0x25]);
    expect(colormap('PuOr').at(0)).toEqual([0x7f, 0x3b, 0x08]);
    expect(colormap('hot').at(1)).toEqual([255, 255, 255]);
  });

  it('interpolates between stops and clamps outside [0, 1]', () => {
    expect(colormap('gray').at(0.5)).toEqual([128, 128, 128]);
    expect(colormap('gray').at(-3)).toEqual([0, 0, 0]);
    expect(colormap('gray').at(7)).toEqual([255, 255, 255]);
    expect(colormap('gray').at(Number.NaN)).toEqual([0, 0, 0]);
  });

  it('reverses with _r and matches names case-insensitively', () => {
    expect(colormap('winter_r').at(0)).toEqual([0, 255, 128]);
    expect(colormap('puor').at(1)).toEqual(colormap('PuOr').at(1));
    expect(colormap('grey').at(1)).toEqual([255, 255, 255]);
    expect(isColormap('viridis_r')).toBe(true);
    expect(isColormap('virdis')).toBe(false);
  });

  it('rejects unknown names with a suggestion', () => {
    expect(() => colormap('virdis')).toThrow(/Unknown `colormap` colour map 'virdis' \(did you mean `viridis`\?\)/);
    expect(unknownColormapMessage('zzzzzz', 'colormap')).toMatch(/known: viridis, .*add _r/);
  });
});

describe('axis helpers', () => {
  it('picks round ticks', () => {
    expect(niceTicks(0, 10, 6)).toEqual([0, 2, 4, 6, 8, 10]);
    expect(niceTicks(0.25, 1.75, 7)).toEqual([0.25, 0.5, 0.75, 1, 1.25, 1.5, 1.75]);
    expect(niceTicks(3, 3)).toEqual([3]);
  });

  it('places log2 ticks at powers of two', () => {
    expect(powerOfTwoTicks(1, 16)).toEqual([1, 2, 4, 8, 16]);
    expect(powerOfTwoTicks(3, 40)).toEqual([4, 8, 16, 32]);
    expect(powerOfTwoTicks(1, 2 ** 40).length).toBeLessThanOrEqual(12);
  });

  it('formats numbers short', () => {
    expect(formatNumber(1234.5678)).toBe('1235');
    expect(formatNumber(0.125)).toBe('0.125');
    expect(formatNumber(2500000)).toBe('2.5e6');
    expect(formatNumber(0)).toBe('0');
  });
});
