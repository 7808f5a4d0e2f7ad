/**
 * Run by fonts.test.ts in a mount namespace where /usr/share/fonts is empty: renders a
 * plot and prints the font families there were before and after the plot module loaded,
 * and how much dark title text it drew.
 */
import { GlobalFonts, createCanvas, loadImage } from '@napi-rs/canvas';

const before = GlobalFonts.families.map((f) => f.family);
const { renderFigure } = await import('../../src/plot/render.js');

const png = await renderFigure(
  [
    {
      width: 1200,
      height: 800,
      panel: {
        kind: 'lines',
        title: 'Deployment scale [Deployment time]',
        x: { label: 'apps (apps)', scale: 'linear', categories: null },
        y: { label: 'Deployment time (s)', scale: 'linear', categories: null },
        series: [{ label: 'mean', colour: '#1f77b4', style: 'line', points: [1, 2, 4].map((x) => ({ x, y: x * 2 })) }],
      },
    },
  ],
  'rows',
);
const image = await loadImage(png);
const ctx = createCanvas(image.width, image.height).getContext('2d');
ctx.drawImage(image, 0, 0);
const { data } = ctx.getImageData(0, 0, image.width, 50);
let titleInk = 0;
for (let i = 0; i < data.length; i += 4) if (data[i]! + data[i + 1]! + data[i + 2]! < 200) titleInk++;
console.log(JSON.stringify({ before, after: GlobalFonts.families.map((f) => f.family), titleInk }));
