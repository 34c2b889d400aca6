/**
 * Real file-system faults for tests: a tiny tmpfs (fills up), a read-only tmpfs. Needs root (or
 * CAP_SYS_ADMIN); where mounting is not permitted, `mountTmpfs` returns null and the caller skips
 * LOUDLY (the skip message says why, and `skipLoudly` also writes it to stderr).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface Mount {
  dir: string;
  /** Remount read-only / read-write (same contents). */
  remount(mode: 'ro' | 'rw'): void;
  unmount(): void;
}

let lastReason = '';

/** A fresh tmpfs of `size` (e.g. '64k'), or null when this machine does not allow mounting. */
export function mountTmpfs(size: string, mode: 'ro' | 'rw' = 'rw'): Mount | null {
  const dir = mkdtempSync(join(tmpdir(), 'hl-mount-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size},${mode}`, 'tmpfs', dir], { stdio: 'pipe' });
  } catch (e) {
    lastReason = String((e as { stderr?: Buffer }).stderr ?? e).trim();
    rmSync(dir, { recursive: true, force: true });
    return null;
  }
  let mounted = true;
  return {
    dir,
    remount: (m) => execFileSync('mount', ['-o', `remount,${m}`, dir], { stdio: 'pipe' }),
    unmount: () => {
      if (!mounted) return;
      mounted = false;
      execFileSync('umount', ['-l', dir], { stdio: 'pipe' });
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The message for a test that cannot mount; also printed, so a skipped fault test is never silent. */
export function skipLoudly(what: string): string {
  const message = `SKIPPED (cannot mount here: ${lastReason || 'mount failed'}): ${what} — run the tests as root to cover it`;
  process.stderr.write(`\n*** ${message}\n`);
  return message;
}
