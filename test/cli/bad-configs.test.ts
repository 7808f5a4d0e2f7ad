import { describe, it, expect, beforeAll } from 'vitest';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli, ROOT } from '../helpers/driver.js';

/**
 * Every file of test/fixtures/bad-configs/ is a broken config. Its leading comments say what
 * the CLI must print: one `# expect: <message>` line per error (the text after the
 * `ERROR <date> <time> Main: ` prefix, paths relative to the fixture directory), and
 * optionally `# args: <extra CLI arguments>`. Helper files live in parts/.
 */
const DIR = join(ROOT, 'test', 'fixtures', 'bad-configs');

interface Fixture {
  file: string;
  expected: string[];
  args: string[];
}

function readFixture(file: string): Fixture {
  const expected: string[] = [];
  const args: string[] = [];
  for (const line of readFileSync(join(DIR, file), 'utf8').split('\n')) {
    const m = /^# (expect|args): (.*)$/.exec(line);
    if (!m) break;
    if (m[1] === 'expect') expected.push(m[2]!);
    else args.push(...m[2]!.split(' '));
  }
  return { file, expected, args };
}

const fixtures = readdirSync(DIR)
  .filter((f) => /^\d\d-.*\.yml$/.test(f))
  .sort()
  .map(readFixture);

/** The messages of the ERROR lines of pretty-format logs. */
function errorMessages(stderr: string): string[] {
  return stderr
    .split('\n')
    .filter((l) => /^\s*ERROR /.test(l))
    .map((l) => l.replace(/^\s*ERROR \S+ \S+ Main: /, ''));
}

describe('broken configs', () => {
  beforeAll(() => {
    if (!existsSync(join(ROOT, 'dist', 'core', 'cli.js'))) throw new Error('dist/ is missing: run `npm run build` (npm test does)');
  });

  it('has a corpus of at least 40 fixtures, each starting with its expected error', () => {
    expect(fixtures.length).toBeGreaterThanOrEqual(40);
    for (const f of fixtures) {
      expect(readFileSync(join(DIR, f.file), 'utf8').startsWith('# expect: '), f.file).toBe(true);
      expect(f.expected.length, f.file).toBeGreaterThan(0);
    }
  });

  it.concurrent.each(fixtures.map((f) => [f.file, f] as const))('%s: exit 2, exactly the expected one-line errors, no stack trace', async (_name, f) => {
    const r = await runCli(['validate', '--log-format', 'pretty', ...f.args, f.file], { cwd: DIR });
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(r.stdout).toBe('');
    // All errors of the config at once, each a whole line.
    expect(errorMessages(r.stderr)).toEqual(f.expected);
  });

  it('runs the same checks without `validate`, before anything starts', async () => {
    const f = fixtures.find((x) => x.file.startsWith('56-'))!;
    const r = await runCli(['--log-format', 'pretty', '-r', '/nonexistent/never-created', f.file], { cwd: DIR });
    expect(r.code).toBe(2);
    expect(errorMessages(r.stderr)).toEqual(f.expected);
    expect(r.stderr).not.toContain('Starting');
  });
});
