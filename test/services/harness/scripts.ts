import { execFile } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { ROOT } from '../../helpers/driver.js';

/** Runs one of scripts/test-services/*.sh; rejects with its stderr when it fails. */
export function runScript(name: string, args: string[] = [], timeoutMs = 300_000): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile('bash', [join(ROOT, 'scripts', 'test-services', name), ...args], { timeout: timeoutMs }, (err, _stdout, stderr) => {
      if (err) reject(new Error(`${name} ${args.join(' ')} failed: ${stderr.trim() || err.message}`));
      else resolve();
    });
  });
}

/** A TCP port that was free a moment ago on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
