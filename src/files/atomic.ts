/**
 * The one atomic writer. Every file hurdle-lab writes (result files, checkpoints, submissions,
 * reports, synthetic CSVs, saved-model folders via atomic-dir.ts) goes through `stageFile`: the
 * content is written to a fresh temporary dotfile beside the target
 * (`.<name>.<pid>-<thread>.<n>.tmp`), fsynced, and only then given its final name in one atomic
 * rename; the directory is fsynced after that. A crash, Ctrl-C, kill -9 or a full disk at any
 * moment leaves either the earlier intact file or none, never a half-written one; at worst a stray
 * temporary dotfile remains, which `removeStaleTemps` (stale.ts) clears on the next run.
 *
 * Every file-system error becomes a FILE_SYSTEM UserError naming the path (fault.ts).
 */
import { constants as fsc, promises as fsp } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { threadId } from 'node:worker_threads';
import { fsFault, guardFs } from './fault.ts';

/** A whole text or binary file, or chunks written in order (a large CSV need not be one string). */
export type FileContent = string | Uint8Array | Iterable<string | Uint8Array>;

let tempCounter = 0;

/** Temp and staging names carry the writer's pid so a later run can tell whether it is still alive. */
export const TEMP_PATTERN = /^\.(.+)\.(\d+)-(\d+)\.(\d+)\.(tmp|old)$/;

/** `.<name>.<pid>-<thread>.<n>.<suffix>` beside `finalPath`: unique across processes, threads and calls, with no randomness. */
export function tempPathFor(finalPath: string, suffix: 'tmp' | 'old' = 'tmp'): string {
  return join(dirname(finalPath), `.${basename(finalPath)}.${process.pid}-${threadId}.${++tempCounter}.${suffix}`);
}

/** Write `content` to the new file `file` ('wx': never an existing one) and fsync it. */
export async function writeAndSync(file: string, content: FileContent): Promise<void> {
  const handle = await fsp.open(file, 'wx');
  try {
    if (typeof content === 'string' || content instanceof Uint8Array) {
      await handle.writeFile(content);
    } else {
      // writeFile on a handle appends from the current position and loops over partial writes.
      for (const chunk of content) await handle.writeFile(chunk);
    }
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Writes and fsyncs a temporary dotfile beside `finalPath`; returns its path. Nothing is left behind on failure. */
export async function stageFile(finalPath: string, content: FileContent, action = 'write the file'): Promise<string> {
  const tmp = tempPathFor(finalPath);
  try {
    await writeAndSync(tmp, content);
  } catch (e) {
    await removeQuietly(tmp);
    throw fsFault(e, finalPath, action);
  }
  return tmp;
}

/**
 * Write `content` to `path`, replacing any existing file atomically (temp file, fsync, rename,
 * fsync of the directory). `action` names the write in an error ("write the submission file").
 */
export async function writeFileAtomic(path: string, content: FileContent, action = 'write the file'): Promise<void> {
  await ensureDir(dirname(path), `create the folder for ${basename(path)}`);
  const tmp = await stageFile(path, content, action);
  try {
    await fsp.rename(tmp, path);
  } catch (e) {
    await removeQuietly(tmp);
    throw fsFault(e, path, action);
  }
  await fsyncDir(dirname(path));
}

/**
 * mkdir -p with the true cause on failure. A recursive mkdir reports ENOENT on a read-only disk
 * and EEXIST under a file, so the nearest existing ancestor is examined instead: a file there is
 * ENOTDIR, a dangling link ENOENT naming the link, otherwise whatever writing to it answers (EROFS,
 * EACCES).
 */
export async function ensureDir(dir: string, action: string): Promise<void> {
  try {
    await fsp.mkdir(dir, { recursive: true });
  } catch (e) {
    throw await diagnoseMkdir(dir, e, action);
  }
}

async function diagnoseMkdir(dir: string, original: unknown, action: string): Promise<unknown> {
  const errno = (code: string, path: string) => Object.assign(new Error(`${code}: ${path}`), { code, path });
  for (let at = dir; ; at = dirname(at)) {
    const link = await fsp.lstat(at).catch(() => null);
    if (link) {
      const target = await fsp.stat(at).catch(() => null);
      if (!target) return fsFault(errno('ENOENT', at), at, action);
      if (!target.isDirectory()) return fsFault(errno('ENOTDIR', at), at, action);
      const denied = await fsp.access(at, fsc.W_OK).then(() => null, (e: unknown) => e);
      return fsFault(denied ?? original, at, action);
    }
    if (dirname(at) === at) return fsFault(original, dir, action);
  }
}

/**
 * Give the staged `tmp` the name `target` unless `target` exists; true when claimed. The claim is
 * a hard link, which fails with EEXIST instead of replacing, so two writers racing for one name
 * both keep their files. Without hard links (some FAT/SMB mounts) it falls back to
 * check-then-rename: never a partial file, but a racing writer could be replaced there.
 */
export async function claimName(tmp: string, target: string, action = 'write the file'): Promise<boolean> {
  try {
    await fsp.link(tmp, target);
    return true;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return false;
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP' && code !== 'ENOSYS') throw fsFault(e, target, action);
  }
  if (await exists(target)) return false;
  await guardFs(target, action, () => fsp.rename(tmp, target));
  return true;
}

async function exists(path: string): Promise<boolean> {
  try {
    await fsp.lstat(path);
    return true;
  } catch {
    return false;
  }
}

/** rm that never throws: cleanup must not hide the error that made it necessary. */
export async function removeQuietly(path: string): Promise<void> {
  try {
    await fsp.rm(path, { recursive: true, force: true });
  } catch {
    // A read-only disk cannot remove either; the original error says so.
  }
}

/** Makes a rename durable. Some platforms (Windows) cannot open a directory: best effort there. */
export async function fsyncDir(dir: string): Promise<void> {
  let handle: Awaited<ReturnType<typeof fsp.open>> | undefined;
  try {
    handle = await fsp.open(dir, 'r');
    await handle.sync();
  } catch {
    // Durability of the directory entry is best effort; the file content was already fsynced.
  } finally {
    await handle?.close().catch(() => undefined);
  }
}
