import { mkdtempSync, readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { chromium, type BrowserContext } from 'playwright-core';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from '../helpers/driver.js';

export interface SweepOptions {
  /** `config.parameters` as YAML flow. */
  parameters?: string;
  /** The policy's matrix as YAML flow. */
  matrix?: string;
  summarize?: string;
  /** The shell command; it prints one sample per line. */
  cmdline?: string;
  reporters: string;
  extra?: string;
}

/**
 * A sweep through a shell command whose output lines are the samples of `deployTime`.
 * By default two samples per test case, so mean_err has an error.
 */
export function sweep(o: SweepOptions): string {
  return `
config:
  title: Deployment scale
  parameters: ${o.parameters ?? '[{name: apps, units: apps}, {name: instances, units: instances, default: 1}]'}
  metrics: [{name: deployTime, title: Deployment time, units: s, summarize: ${o.summarize ?? '[mean_err, min, max]'}}]
${o.extra ?? ''}
policies:
  - class: policy.MultivariableExplorerPolicy
    matrix: ${o.matrix ?? '{apps: {type: discrete, values: [1, 2, 4, 8, 16]}}'}
    events: {signal: {OK: CmdlineExitZeroEvent, FAILED: CmdlineExitNonzeroEvent}}
channels:
  - class: channel.CmdlineChannel
    shell: yes
    restart: no
    cmdline: "${o.cmdline ?? 'echo $(( {{apps}} * {{instances}} + 3 )); echo $(( {{apps}} * {{instances}} + {{apps}} ))'}"
trackers:
  - class: tracker.EventAttributeTracker
    event: LogLineEvent[kind=stdout]
    extract: [{metric: deployTime, attrib: line}]
reporters:
${o.reporters}
`;
}

export interface PngFacts {
  width: number;
  height: number;
  /** Share of pixels that are not (near) white. */
  inked: number;
  /** Distinct colours, quantised to 5 bits a channel. */
  colours: number;
  /** Dark pixels in the top 50 rows (where the title is). */
  titleInk: number;
}

/** Checks the PNG signature and IHDR, then decodes the image to measure what was drawn. */
export async function pngFacts(path: string): Promise<PngFacts> {
  const buf = readFileSync(path);
  if (!buf.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) throw new Error(`${path} is not a PNG`);
  if (buf.subarray(12, 16).toString('ascii') !== 'IHDR') throw new Error(`${path} has no IHDR chunk first`);
  const width = buf.readUInt32BE(16);
  const height = buf.readUInt32BE(20);
  const { loadImage, createCanvas } = await import('@napi-rs/canvas');
  const image = await loadImage(buf);
  const ctx = createCanvas(width, height).getContext('2d');
  ctx.drawImage(image, 0, 0);
  const { data } = ctx.getImageData(0, 0, width, height);
  let inked = 0;
  let titleInk = 0;
  const colours = new Set<number>();
  for (let i = 0; i < data.length; i += 4) {
    const [r, g, b] = [data[i]!, data[i + 1]!, data[i + 2]!];
    if (r < 245 || g < 245 || b < 245) inked++;
    if (i / 4 < width * 50 && r + g + b < 200) titleInk++;
    colours.add(((r >> 3) << 10) | ((g >> 3) << 5) | (b >> 3));
  }
  return { width, height, inked: inked / (width * height), colours: colours.size, titleInk };
}

/** Installs Debian's Chromium when it is missing (the script is a no-op otherwise). */
export function ensureChromium(): string {
  execFileSync('bash', [join(ROOT, 'scripts', 'ensure-chromium.sh')], { stdio: ['ignore', 'ignore', 'inherit'], timeout: 900_000 });
  return '/usr/bin/chromium';
}

/**
 * Starts headless Chromium with a fresh profile (Playwright passes it as --user-data-dir)
 * and the flags that keep it off the network: this machine has none.
 */
export async function launchChromium(): Promise<BrowserContext> {
  const executablePath = ensureChromium();
  return chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'pdt-chromium-')), {
    executablePath,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}
