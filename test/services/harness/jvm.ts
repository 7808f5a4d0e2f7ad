import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, runScript } from './scripts.js';

export interface TestJvm {
  port: number;
  pid: number;
  /** Holds JmxTarget.class, to start more targets from. */
  classDir: string;
  stop(): Promise<void>;
}

/** A real JVM (scripts/test-services/JmxTarget.java) with remote JMX on a free local port. */
export async function startJvm(): Promise<TestJvm> {
  await runScript('jdk-install.sh');
  const dir = mkdtempSync(join(tmpdir(), 'pdt-jvm-'));
  const port = await freePort();
  await runScript('jvm-start.sh', [dir, String(port)], 120_000);
  return {
    port,
    pid: Number(readFileSync(join(dir, 'jvm.pid'), 'utf8').trim()),
    classDir: dir,
    stop: () => runScript('jvm-stop.sh', [dir], 60_000),
  };
}
