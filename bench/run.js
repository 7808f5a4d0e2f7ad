// Runs every bench/*.bench.js, one after the other (each in its own Node process, so that
// one benchmark's memory and JIT state do not affect the next), and fails if any failed.
//
//   npm run bench            (builds dist/ first)
//   node bench/run.js [name-filter]
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const filter = process.argv[2] ?? '';
const benches = readdirSync(here)
  .filter((f) => f.endsWith('.bench.js') && f.includes(filter))
  .sort();
if (benches.length === 0) {
  console.error(`No benchmark matches "${filter}" in ${here}`);
  process.exit(2);
}

const failed = [];
for (const bench of benches) {
  console.log(`\n== ${bench}`);
  const started = performance.now();
  const { status, signal } = spawnSync(process.execPath, [join(here, bench)], { stdio: 'inherit' });
  console.log(`== ${bench}: ${status === 0 ? 'ok' : `failed (${signal ?? `exit code ${status}`})`} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  if (status !== 0) failed.push(bench);
}
if (failed.length > 0) console.log(`\nFailed or below goal: ${failed.join(', ')}`);
process.exitCode = failed.length > 0 ? 1 : 0;
