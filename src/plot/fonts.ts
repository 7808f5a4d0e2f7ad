import { createRequire } from 'node:module';
import { GlobalFonts } from '@napi-rs/canvas';

const FAMILY = 'PlotSans';
const FILES = ['dejavu-sans-latin-400-normal.woff2', 'dejavu-sans-latin-700-normal.woff2'];

let stack: string | null = null;

/**
 * The font stack for plot text. DejaVu Sans ships inside an npm package and is
 * registered from there, so text renders on a machine without any system fonts.
 */
export function plotFontStack(): string {
  if (stack !== null) return stack;
  const require = createRequire(import.meta.url);
  const loaded = FILES.filter((file) => GlobalFonts.registerFromPath(require.resolve(`@fontsource/dejavu-sans/files/${file}`), FAMILY) !== null);
  stack = loaded.length > 0 ? `${FAMILY}, "DejaVu Sans", sans-serif` : '"DejaVu Sans", sans-serif';
  return stack;
}
