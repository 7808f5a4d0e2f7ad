import { didYouMean } from '../core/closestMatch.js';

type Rgb = [number, number, number];

/**
 * Colour maps as data: evenly spaced hex stops, or `[position, hex]` stops where the
 * spacing is uneven. Stops were sampled from matplotlib's maps (the perceptual ones
 * every 1/16, ColorBrewer maps at their 9 or 11 classes), so a config that names a
 * matplotlib map gets the colours it expects. Linear interpolation between stops.
 */
const MAPS: Record<string, ReadonlyArray<string | readonly [number, string]>> = {
  viridis: ['440154', '48186a', '472d7b', '424086', '3b528b', '33638d', '2c728e', '26828e', '21918c', '1f9f88', '27ad81', '3dbc74', '5cc863', '81d34d', 'aadc32', 'd5e21a', 'fde725'],
  plasma: ['0d0887', '310597', '4c02a1', '6600a7', '7e03a8', '9511a1', 'aa2395', 'bc3587', 'cc4778', 'd9586a', 'e56b5d', 'f07f4f', 'f89441', 'fdab33', 'fdc328', 'f9dd25', 'f0f921'],
  inferno: ['000004', '0b0724', '210c4a', '3d0965', '57106e', '71196e', '8a226a', 'a32c61', 'bc3754', 'd04545', 'e35933', 'f1711f', 'f98c0a', 'fcaa0f', 'f9c932', 'f2e865', 'fcffa4'],
  magma: ['000004', '0a0822', '1d1147', '36106b', '51127c', '6a1c81', '832681', '9c2e7f', 'b73779', 'cf4070', 'e55064', 'f4695c', 'fb8761', 'fea571', 'fec287', 'fde0a1', 'fcfdbf'],
  cividis: ['002051', '012b65', '11366c', '26426e', '3c4d6e', '51586e', '62646f', '727071', '7f7c75', '8c8877', '9a9478', 'a9a177', 'bbaf71', 'cebd68', 'e2cb5c', 'f3da4f', 'fdea45'],
  turbo: ['23171b', '493eae', '4569ee', '3295f7', '26bce1', '29dcbc', '3ff393', '65fd6e', '95fb51', 'c5ec3c', 'ecd12e', 'ffad24', 'ff821d', 'f05616', 'cb2f0d', 'a31302', '900c00'],
  rainbow: ['8000ff', '6032fe', '4062fa', '208ef4', '00b4ec', '20d4e1', '40ecd4', '60fac5', '80ffb4', '9ffaa2', 'bfec8e', 'dfd478', 'ffb462', 'ff8e4a', 'ff6232', 'ff3219', 'ff0000'],
  jet: [[0, '000080'], [0.11, '0000ff'], [0.125, '0000ff'], [0.34, '00dbff'], [0.35, '00e5f7'], [0.375, '14ffe2'], [0.64, 'eeff08'], [0.65, 'f7f500'], [0.66, 'ffec00'], [0.89, 'ff1300'], [0.91, 'e80000'], [1, '800000']],
  winter: ['0000ff', '00ff80'],
  summer: ['008066', 'ffff66'],
  autumn: ['ff0000', 'ffff00'],
  spring: ['ff00ff', 'ffff00'],
  cool: ['00ffff', 'ff00ff'],
  hot: [[0, '0b0000'], [0.365079, 'ff0000'], [0.746032, 'ffff00'], [1, 'ffffff']],
  gray: ['000000', 'ffffff'],
  binary: ['ffffff', '000000'],
  bwr: ['0000ff', 'ffffff', 'ff0000'],
  seismic: ['00004d', '0000ff', 'ffffff', 'ff0000', '800000'],
  coolwarm: ['3b4cc0', '4d68d7', '6282ea', '779af7', '8db0fe', 'a3c2ff', 'b8d0f9', 'cad8ee', 'dddddd', 'ecd3c5', 'f5c4ad', 'f7b194', 'f49a7b', 'ec7f63', 'de604d', 'cb3e38', 'b40426'],
  PuOr: ['7f3b08', 'b35806', 'e08214', 'fdb863', 'fee0b6', 'f7f7f7', 'd8daeb', 'b2abd2', '8073ac', '542788', '2d004b'],
  RdBu: ['67001f', 'b2182b', 'd6604d', 'f4a582', 'fddbc7', 'f7f7f7', 'd1e5f0', '92c5de', '4393c3', '2166ac', '053061'],
  RdYlBu: ['a50026', 'd73027', 'f46d43', 'fdae61', 'fee090', 'ffffbf', 'e0f3f8', 'abd9e9', '74add1', '4575b4', '313695'],
  RdYlGn: ['a50026', 'd73027', 'f46d43', 'fdae61', 'fee08b', 'ffffbf', 'd9ef8b', 'a6d96a', '66bd63', '1a9850', '006837'],
  Spectral: ['9e0142', 'd53e4f', 'f46d43', 'fdae61', 'fee08b', 'ffffbf', 'e6f598', 'abdda4', '66c2a5', '3288bd', '5e4fa2'],
  PiYG: ['8e0152', 'c51b7d', 'de77ae', 'f1b6da', 'fde0ef', 'f7f7f7', 'e6f5d0', 'b8e186', '7fbc41', '4d9221', '276419'],
  PRGn: ['40004b', '762a83', '9970ab', 'c2a5cf', 'e7d4e8', 'f7f7f7', 'd9f0d3', 'a6dba0', '5aae61', '1b7837', '00441b'],
  BrBG: ['543005', '8c510a', 'bf812d', 'dfc27d', 'f6e8c3', 'f5f5f5', 'c7eae5', '80cdc1', '35978f', '01665e', '003c30'],
  RdGy: ['67001f', 'b2182b', 'd6604d', 'f4a582', 'fddbc7', 'ffffff', 'e0e0e0', 'bababa', '878787', '4d4d4d', '1a1a1a'],
  Blues: ['f7fbff', 'deebf7', 'c6dbef', '9ecae1', '6baed6', '4292c6', '2171b5', '08519c', '08306b'],
  Greens: ['f7fcf5', 'e5f5e0', 'c7e9c0', 'a1d99b', '74c476', '41ab5d', '238b45', '006d2c', '00441b'],
  Reds: ['fff5f0', 'fee0d2', 'fcbba1', 'fc9272', 'fb6a4a', 'ef3b2c', 'cb181d', 'a50f15', '67000d'],
  Oranges: ['fff5eb', 'fee6ce', 'fdd0a2', 'fdae6b', 'fd8d3c', 'f16913', 'd94801', 'a63603', '7f2704'],
  Purples: ['fcfbfd', 'efedf5', 'dadaeb', 'bcbddc', '9e9ac8', '807dba', '6a51a3', '54278f', '3f007d'],
  Greys: ['ffffff', 'f0f0f0', 'd9d9d9', 'bdbdbd', '969696', '737373', '525252', '252525', '000000'],
  YlOrRd: ['ffffcc', 'ffeda0', 'fed976', 'feb24c', 'fd8d3c', 'fc4e2a', 'e31a1c', 'bd0026', '800026'],
  YlGnBu: ['ffffd9', 'edf8b1', 'c7e9b4', '7fcdbb', '41b6c4', '1d91c0', '225ea8', '253494', '081d58'],
};

export const COLORMAP_NAMES: readonly string[] = Object.keys(MAPS);

/** Names match case-insensitively (`puor` is `PuOr`); `grey` is matplotlib's other spelling of `gray`. */
const BY_LOWER_NAME = new Map<string, string>([...COLORMAP_NAMES.map((n): [string, string] => [n.toLowerCase(), n]), ['grey', 'gray']]);

export interface Colormap {
  readonly name: string;
  /** The colour at `t` in [0, 1] (clamped). */
  at(t: number): Rgb;
}

function hex(h: string): Rgb {
  return [parseInt(h.slice(0, 2), 16), parseInt(h.slice(2, 4), 16), parseInt(h.slice(4, 6), 16)];
}

/** The map a name means, and whether matplotlib's `_r` suffix reverses it. */
function lookup(name: string): { stops: (typeof MAPS)[string]; reversed: boolean } | null {
  const reversed = name.endsWith('_r');
  const base = BY_LOWER_NAME.get((reversed ? name.slice(0, -2) : name).toLowerCase());
  return base ? { stops: MAPS[base]!, reversed } : null;
}

export function isColormap(name: string): boolean {
  return lookup(name) !== null;
}

/** A message for an unknown colour map name, with a suggestion. */
export function unknownColormapMessage(name: string, key: string): string {
  return `Unknown \`${key}\` colour map '${name}'${didYouMean(name.replace(/_r$/, ''), COLORMAP_NAMES) || ` (known: ${COLORMAP_NAMES.join(', ')}; add _r to reverse one)`}`;
}

export function colormap(name: string): Colormap {
  const found = lookup(name);
  if (!found) throw new Error(unknownColormapMessage(name, 'colormap'));
  const { stops, reversed } = found;
  const positions = stops.map((s, i) => (typeof s === 'string' ? i / (stops.length - 1) : s[0]));
  const colours = stops.map((s) => hex(typeof s === 'string' ? s : s[1]));
  return {
    name,
    at(t: number): Rgb {
      let u = Number.isFinite(t) ? Math.min(1, Math.max(0, t)) : 0;
      if (reversed) u = 1 - u;
      let i = 1;
      while (i < positions.length - 1 && positions[i]! < u) i++;
      const p0 = positions[i - 1]!;
      const p1 = positions[i]!;
      const f = p1 > p0 ? (u - p0) / (p1 - p0) : 0;
      const a = colours[i - 1]!;
      const b = colours[i]!;
      return [Math.round(a[0] + (b[0] - a[0]) * f), Math.round(a[1] + (b[1] - a[1]) * f), Math.round(a[2] + (b[2] - a[2]) * f)];
    },
  };
}

export function cssColor([r, g, b]: Rgb, alpha = 1): string {
  return alpha === 1 ? `rgb(${r}, ${g}, ${b})` : `rgba(${r}, ${g}, ${b}, ${alpha})`;
}

/** matplotlib's default line colours (tab10), for series that are not on a colour map. */
export const SERIES_COLOURS: readonly string[] = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22', '#17becf'];
