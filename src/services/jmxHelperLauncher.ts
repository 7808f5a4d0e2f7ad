import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { accessSync, constants, existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, renameSync, rmSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface JmxHelperLauncher {
  /** The `java` of the JDK that compiled the helper. */
  java: string;
  /** The directory holding JmxReader.class. */
  classpath: string;
}

/** The helper's source, shipped in the package's java/ directory (two levels above src/ or dist/ services). */
const SOURCE = fileURLToPath(new URL('../../java/JmxReader.java', import.meta.url));

let launcher: Promise<JmxHelperLauncher> | null = null;

/**
 * Compiles the JMX helper with the JDK's javac on first use and caches the class file under
 * `$XDG_CACHE_HOME/dcos-perf-test-driver/` (default `~/.cache`), in a directory named after the
 * source's hash, so a new version compiles again and concurrent drivers never see half a file.
 */
export function jmxHelperLauncher(): Promise<JmxHelperLauncher> {
  launcher ??= compile().catch((err: unknown) => {
    launcher = null;
    throw err;
  });
  return launcher;
}

async function compile(): Promise<JmxHelperLauncher> {
  const javac = findJavac();
  const javaBin = join(dirname(realpathSync(javac)), 'java');
  const java = isExecutable(javaBin) ? javaBin : 'java';
  const source = readFileSync(SOURCE);
  const hash = createHash('sha256').update(source).digest('hex').slice(0, 16);
  const root = cacheRoot();
  const classpath = join(root, `jmx-reader-${hash}`);
  if (existsSync(join(classpath, 'JmxReader.class'))) return { java, classpath };
  mkdirSync(root, { recursive: true });
  const staging = mkdtempSync(join(root, '.jmx-reader-'));
  try {
    await new Promise<void>((resolve, reject) => {
      execFile(javac, ['-nowarn', '-d', staging, SOURCE], { timeout: 120_000 }, (err, _stdout, stderr) => {
        if (err) reject(new Error(`Compiling the JMX helper with ${javac} failed: ${(stderr || err.message).trim().split('\n')[0]}`));
        else resolve();
      });
    });
    try {
      renameSync(staging, classpath);
    } catch (err) {
      // Another driver finished the same compilation first: its copy is as good.
      if (!existsSync(join(classpath, 'JmxReader.class'))) throw err;
    }
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
  return { java, classpath };
}

function findJavac(): string {
  const candidates: string[] = [];
  if (process.env.JAVA_HOME) candidates.push(join(process.env.JAVA_HOME, 'bin', 'javac'));
  for (const dir of (process.env.PATH ?? '').split(delimiter)) if (dir) candidates.push(join(dir, 'javac'));
  const found = candidates.find(isExecutable);
  if (!found) {
    throw new Error(
      'observer.JMXObserver needs a Java Development Kit to compile its helper, and `javac` was not found in $JAVA_HOME/bin or on PATH (install one, e.g. `apt-get install default-jdk-headless`, or set JAVA_HOME)',
    );
  }
  return found;
}

function cacheRoot(): string {
  const base = process.env.XDG_CACHE_HOME || join(homedir(), '.cache');
  const preferred = join(base, 'dcos-perf-test-driver');
  try {
    mkdirSync(preferred, { recursive: true });
    accessSync(preferred, constants.W_OK);
    return preferred;
  } catch {
    // A read-only home (some CI sandboxes) still has a temporary directory.
    return join(tmpdir(), 'dcos-perf-test-driver-cache');
  }
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
