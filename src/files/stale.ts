/**
 * Leftovers of killed writers. The atomic writers stage into `.<name>.<pid>-<thread>.<n>.tmp`
 * (and move a replaced folder aside as `.old`); kill -9 at the wrong moment leaves them behind,
 * a saved model's staging folder being several MB. The next writer to the same place clears the
 * ones whose process is gone: a `.tmp` is deleted; an `.old` is put back when its folder is
 * missing (the crash came between the two renames), else deleted. Entries of a live process
 * (another run writing right now) are left alone.
 */
import { promises as fsp } from 'node:fs';
import { join } from 'node:path';
import { removeQuietly, TEMP_PATTERN } from './atomic.ts';

function alive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM'; // exists, owned by someone else
  }
}

/**
 * Clear stale temp files and staging folders in `dir` (only those for `name` when given);
 * returns one line per entry handled, for the log.
 */
export async function removeStaleTemps(dir: string, name?: string): Promise<string[]> {
  const entries = await fsp.readdir(dir).catch(() => [] as string[]);
  const lines: string[] = [];
  for (const entry of entries) {
    const m = TEMP_PATTERN.exec(entry);
    if (!m || (name !== undefined && m[1] !== name) || alive(Number(m[2]))) continue;
    const path = join(dir, entry);
    const target = join(dir, m[1]);
    if (m[5] === 'old' && !(await fsp.lstat(target).catch(() => null))) {
      const restored = await fsp.rename(path, target).then(() => true, () => false);
      if (restored) {
        lines.push(`restored ${target} from ${entry}, left by a run that was killed while replacing it`);
        continue;
      }
    }
    await removeQuietly(path);
    lines.push(`removed ${path}, left by a killed run (process ${m[2]})`);
  }
  return lines;
}
