import { readFileSync } from 'node:fs';

/**
 * Whether a process still runs. A killed child whose parent is gone stays a zombie until
 * PID 1 reaps it, and `kill(pid, 0)` succeeds on zombies, so their state is read from /proc.
 */
export function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}
