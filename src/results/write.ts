/**
 * Crash-safe writes for result files and other artefacts.
 *
 * Every write goes to a temporary file in the target directory (a dotfile,
 * `.<final-name>.<pid>-<thread>.<n>.tmp`, which the reporter skips), is fsynced, and only then gets
 * its final name in one atomic step; the directory is fsynced after that. So a crash, Ctrl-C or
 * kill -9 at any moment leaves either no file, or the earlier intact file, never a half-written
 * one. At worst a stray temporary dotfile remains.
 *
 * Collision policy of writeResultAtomic, when `<name>-s<seed>-<hash8>.json` already exists:
 *  - 'suffix' (default): keep the old file and claim `-2.json`, `-3.json`, ... The claim is
 *    fs.link(tmp, final), which fails with EEXIST instead of replacing, so two identical runs
 *    finishing at the same moment both keep complete files under distinct names.
 *  - 'error': throw UserError RESULT_EXISTS and leave the existing file alone.
 *  - 'replace': rename over the old file (atomic: readers see the old or the new, whole).
 * On file systems without hard links (some FAT/SMB mounts) 'suffix' and 'error' fall back to
 * check-then-rename: still never a partial file, but two writers racing for the same name there
 * could let one replace the other.
 */
import { promises as fsp } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { threadId } from 'node:worker_threads';
import { UserError } from '../errors.ts';
import { resultChecksum } from './checksum.ts';
import { resultFileName } from './name.ts';
import type { ResultFile } from './types.ts';

export type OverwritePolicy = 'suffix' | 'error' | 'replace';

/** More same-named results than this in one directory is a runaway loop, not a workflow. */
const MAX_SUFFIX = 10_000;
let tempCounter = 0;

/** Seals `result` with its checksum and writes it under its canonical name in `dir`; returns the path. */
export async function writeResultAtomic(
  dir: string,
  result: Omit<ResultFile, 'checksum'>,
  opts: { overwrite?: OverwritePolicy } = {},
): Promise<string> {
  const overwrite = opts.overwrite ?? 'suffix';
  // Checksum what a reader will parse: a JSON round trip drops undefined fields and turns
  // non-finite numbers (a diverged fold's NaN loss) into null, exactly as the file will hold them.
  const sealed = JSON.parse(JSON.stringify(result)) as Record<string, unknown>;
  sealed.checksum = resultChecksum(sealed);
  const text = `${JSON.stringify(sealed, null, 2)}\n`;

  await fsp.mkdir(dir, { recursive: true });
  const first = join(dir, resultFileName(result, 1));
  const tmp = await writeTemp(first, text);
  try {
    if (overwrite === 'replace') {
      await fsp.rename(tmp, first);
      await fsyncDir(dir);
      return first;
    }
    const last = overwrite === 'error' ? 1 : MAX_SUFFIX;
    for (let attempt = 1; attempt <= last; attempt++) {
      const target = attempt === 1 ? first : join(dir, resultFileName(result, attempt));
      if (await claim(tmp, target)) {
        await fsyncDir(dir);
        return target;
      }
    }
    if (overwrite === 'error') {
      throw new UserError('RESULT_EXISTS', 'a result file with this name already exists and was left unchanged.', {
        file: first,
        hint: 'Delete or move it, change the experiment name, or let the writer add a -2 suffix.',
      });
    }
    throw new Error(`writeResultAtomic: ${MAX_SUFFIX} files named like ${first} already exist`);
  } finally {
    await fsp.rm(tmp, { force: true });
  }
}

/** Writes `value` as pretty JSON to `path`, replacing any existing file atomically. */
export async function writeJsonAtomic(path: string, value: unknown): Promise<void> {
  await writeTextAtomic(path, `${JSON.stringify(value, null, 2)}\n`);
}

/** Writes `text` (or bytes) to `path`, replacing any existing file atomically (tmp + fsync + rename). */
export async function writeTextAtomic(path: string, text: string | Uint8Array): Promise<void> {
  await fsp.mkdir(dirname(path), { recursive: true });
  const tmp = await writeTemp(path, text);
  try {
    await fsp.rename(tmp, path);
  } catch (e) {
    await fsp.rm(tmp, { force: true });
    throw e;
  }
  await fsyncDir(dirname(path));
}

/** Writes and fsyncs a fresh temporary dotfile beside `finalPath`; returns its path. */
async function writeTemp(finalPath: string, text: string | Uint8Array): Promise<string> {
  // pid + thread + counter: unique across processes, worker threads and concurrent calls,
  // with no randomness; 'wx' turns any remaining clash into an error instead of a shared file.
  const tmp = join(dirname(finalPath), `.${basename(finalPath)}.${process.pid}-${threadId}.${++tempCounter}.tmp`);
  const handle = await fsp.open(tmp, 'wx');
  try {
    await (typeof text === 'string' ? handle.writeFile(text, 'utf8') : handle.writeFile(text));
    await handle.sync();
  } catch (e) {
    await handle.close();
    await fsp.rm(tmp, { force: true });
    throw e;
  }
  await handle.close();
  return tmp;
}

/** Gives `tmp`'s content the name `target` unless `target` exists; true when claimed. */
async function claim(tmp: string, target: string): Promise<boolean> {
  try {
    await fsp.link(tmp, target);
    return true;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return false;
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP' && code !== 'ENOSYS') throw e;
  }
  // No hard links here: check, then rename (see the module comment for the race this leaves).
  if (await exists(target)) return false;
  await fsp.rename(tmp, target);
  return true;
}

async function exists(path: string): Promise<boolean> {
  try {
    await fsp.access(path);
    return true;
  } catch {
    return false;
  }
}

/** Makes the rename itself durable. Some platforms (Windows) cannot open a directory: skip there. */
export async function fsyncDir(dir: string): Promise<void> {
  let handle: Awaited<ReturnType<typeof fsp.open>> | undefined;
  try {
    handle = await fsp.open(dir, 'r');
    await handle.sync();
  } catch {
    // Durability of the directory entry is best effort; the file content was already fsynced.
  } finally {
    await handle?.close();
  }
}
