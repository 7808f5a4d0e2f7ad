import { describe, it, expect } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from '../helpers/driver.js';

/** Hiding the system fonts needs a private mount namespace: root on Linux. */
const canHideFonts = process.platform === 'linux' && process.getuid?.() === 0 && spawnSync('unshare', ['-m', 'true']).status === 0;

describe('plot text', () => {
  it.skipIf(!canHideFonts)('renders with the font shipped in an npm package when the machine has no fonts', () => {
    const empty = mkdtempSync(join(tmpdir(), 'pdt-nofonts-'));
    const script = join(ROOT, 'test', 'plot', 'renderWithoutSystemFonts.ts');
    const out = execFileSync('unshare', ['-m', 'sh', '-c', `mount --bind "${empty}" /usr/share/fonts && exec "${join(ROOT, 'node_modules', '.bin', 'vite-node')}" "${script}"`], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
    const result = JSON.parse(out.trim().split('\n').pop()!) as { before: string[]; after: string[]; titleInk: number };
    // No system font was visible; the packaged DejaVu Sans registers under its own name and the plots' alias.
    expect(result.before).toEqual([]);
    expect(result.after).toContain('PlotSans');
    expect(result.titleInk).toBeGreaterThan(500);
  });
});
