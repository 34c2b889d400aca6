/**
 * Atomic folder writes (saved models): all files or none. Every file is written and fsynced with
 * the one file writer (atomic.ts) inside a hidden staging folder beside the target, which is then
 * renamed into place. A folder cannot be claimed with one rename-over, so an existing one is moved
 * aside first and deleted only once the new one is in place; a crash in that instant leaves it as
 * `.<dir>.<pid>-<thread>.<n>.old`, which the next writer puts back or removes (stale.ts).
 */
import { promises as fsp } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { UserError } from '../errors.ts';
import { ensureDir, fsyncDir, removeQuietly, tempPathFor, writeAndSync, type FileContent } from './atomic.ts';
import { fsFault } from './fault.ts';

export interface DirectoryWriteOptions {
  /** File names an existing folder may hold and still be replaced; anything else is refused. */
  replaceable: readonly string[];
  /** What is being written, for messages ("save the model"). */
  action?: string;
  /** What the folder holds, for messages ("a saved model"). */
  kind?: string;
}

/** Make `dir` hold exactly `files`, all or nothing (see the module comment). */
export async function writeDirectoryAtomic(dir: string, files: Record<string, FileContent>, opts: DirectoryWriteOptions): Promise<void> {
  const action = opts.action ?? 'write the folder';
  const target = resolve(dir);
  const parent = dirname(target);
  await ensureDir(parent, `create the parent folder of ${basename(target)}`);
  const staging = tempPathFor(target, 'tmp');
  const old = tempPathFor(target, 'old');
  let movedAside = false;
  let committed = false;
  try {
    await fsp.mkdir(staging);
    for (const [name, content] of Object.entries(files)) await writeAndSync(`${staging}/${name}`, content);
    await fsyncDir(staging);
    const existing = await entriesOf(target, dir);
    if (existing !== null) {
      const foreign = existing.filter((e) => !opts.replaceable.includes(e) && !Object.hasOwn(files, e));
      if (foreign.length > 0) {
        const shown = foreign.slice(0, 5).map((e) => JSON.stringify(e)).join(', ') + (foreign.length > 5 ? ', ...' : '');
        throw new UserError('RESULT_EXISTS', `the folder exists and holds files that are not part of ${opts.kind ?? 'what is written here'} (${shown}); nothing was written.`, {
          file: dir,
          hint: `Choose a new or empty folder (an earlier ${opts.kind ?? 'folder of the same kind'} there would be replaced).`,
        });
      }
      await fsp.rename(target, old);
      movedAside = true;
    }
    await fsp.rename(staging, target);
    committed = true;
    await fsyncDir(parent);
  } catch (e) {
    if (movedAside && !committed) await fsp.rename(old, target).catch(() => undefined); // put the previous folder back
    throw fsFault(e, dir, action);
  } finally {
    await removeQuietly(staging);
    if (committed && movedAside) await removeQuietly(old);
  }
}

/** Entry names of an existing folder, or null when there is none. */
async function entriesOf(target: string, shown: string): Promise<string[] | null> {
  try {
    return await fsp.readdir(target);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return null;
    if (code === 'ENOTDIR') {
      throw new UserError('RESULT_EXISTS', 'a file is in the way of the folder; nothing was written.', {
        file: shown,
        hint: 'Choose another path for the folder, or move the file.',
      });
    }
    throw e;
  }
}
