/**
 * Atomic directory writes, for saved models: all files or none. Sits beside write.ts (single
 * files); a directory cannot be claimed with one rename-over, so the old one is moved aside first.
 */
import { promises as fsp } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { threadId } from 'node:worker_threads';
import { UserError } from '../errors.ts';
import { fsyncDir } from './write.ts';

/** Files a saved-model directory may hold; a directory holding anything else is never replaced. */
export const SAVED_MODEL_FILES = ['model.json', 'weights.bin', 'pipeline.json', 'experiment.json'];
let staged = 0;

/**
 * Make `dir` hold exactly `files`, all or nothing: write and fsync them in a hidden staging
 * directory beside `dir`, then rename it into place. An existing saved model at `dir` is moved
 * aside first and deleted only once the new one is in place (a crash in that instant leaves it as
 * `.<dir>.<id>.old`); a directory holding anything else is refused, not overwritten.
 */
export async function writeDirectoryAtomic(dir: string, files: Record<string, string | Uint8Array>): Promise<void> {
  const target = resolve(dir);
  const parent = dirname(target);
  await fsp.mkdir(parent, { recursive: true });
  const stamp = `${process.pid}-${threadId}.${++staged}`;
  const staging = join(parent, `.${basename(target)}.${stamp}.tmp`);
  const old = join(parent, `.${basename(target)}.${stamp}.old`);
  let movedAside = false;
  let committed = false;
  await fsp.mkdir(staging);
  try {
    for (const [name, content] of Object.entries(files)) {
      const handle = await fsp.open(join(staging, name), 'wx');
      try {
        await handle.writeFile(content);
        await handle.sync();
      } finally {
        await handle.close();
      }
    }
    await fsyncDir(staging);
    const existing = await entriesOf(target, dir);
    if (existing !== null) {
      const foreign = existing.filter((e) => !SAVED_MODEL_FILES.includes(e) && !Object.hasOwn(files, e));
      if (foreign.length > 0) {
        const shown = foreign.slice(0, 5).map((e) => JSON.stringify(e)).join(', ') + (foreign.length > 5 ? ', ...' : '');
        throw new UserError('RESULT_EXISTS', `the directory exists and holds files that are not part of a saved model (${shown}); nothing was written.`, {
          file: dir,
          hint: 'Choose a new or empty directory for the model (an earlier saved model there would be replaced).',
        });
      }
      await fsp.rename(target, old);
      movedAside = true;
    }
    await fsp.rename(staging, target);
    committed = true;
    await fsyncDir(parent);
  } catch (e) {
    if (movedAside && !committed) await fsp.rename(old, target); // put the previous model back
    throw e;
  } finally {
    await fsp.rm(staging, { recursive: true, force: true });
    if (committed && movedAside) await fsp.rm(old, { recursive: true, force: true });
  }
}

/** Entry names of an existing directory, or null when there is none. */
async function entriesOf(target: string, shown: string): Promise<string[] | null> {
  try {
    return await fsp.readdir(target);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return null;
    if (code === 'ENOTDIR') {
      throw new UserError('RESULT_EXISTS', 'a file is in the way of the model directory; nothing was written.', {
        file: shown,
        hint: 'Choose another path for the model directory, or move the file.',
      });
    }
    throw e;
  }
}
