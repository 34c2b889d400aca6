/**
 * Result files, written with the one atomic writer (src/files/atomic.ts: temp file, fsync,
 * rename). The temporary dotfile is skipped by the reporter.
 *
 * Collision policy when `<name>-s<seed>-<hash8>.json` already exists:
 *  - 'suffix' (default): keep the old file and claim `-2.json`, `-3.json`, ... The claim is a hard
 *    link (claimName), so two identical runs finishing at the same moment both keep complete files.
 *  - 'error': throw UserError RESULT_EXISTS and leave the existing file alone.
 *  - 'replace': rename over the old file (atomic: readers see the old or the new, whole).
 */
import { promises as fsp } from 'node:fs';
import { join } from 'node:path';
import { UserError } from '../errors.ts';
import { claimName, ensureDir, fsyncDir, removeQuietly, stageFile, writeFileAtomic } from '../files/atomic.ts';
import { fsFault } from '../files/fault.ts';
import { resultChecksum } from './checksum.ts';
import { resultFileName } from './name.ts';
import type { ResultFile } from './types.ts';

export type OverwritePolicy = 'suffix' | 'error' | 'replace';

/** More same-named results than this in one directory is a runaway loop, not a workflow. */
const MAX_SUFFIX = 10_000;

/**
 * `value` as the JSON text of a sealed file: its checksum covers what a reader will parse (a JSON
 * round trip drops undefined fields and turns non-finite numbers, a diverged fold's NaN loss, into
 * null, exactly as the file will hold them). Checkpoints are sealed the same way.
 */
export function sealedText(value: object): string {
  const sealed = JSON.parse(JSON.stringify(value)) as Record<string, unknown>;
  delete sealed.checksum;
  sealed.checksum = resultChecksum(sealed);
  return `${JSON.stringify(sealed, null, 2)}\n`;
}

/** Rewrite the result file at `file` (e.g. to record the model saved after it), sealed again, atomically. */
export async function rewriteResultAtomic(file: string, result: Omit<ResultFile, 'checksum'>): Promise<void> {
  await writeFileAtomic(file, sealedText(result), 'rewrite the result file');
}

/** Seals `result` with its checksum and writes it under its canonical name in `dir`; returns the path. */
export async function writeResultAtomic(
  dir: string,
  result: Omit<ResultFile, 'checksum'>,
  opts: { overwrite?: OverwritePolicy } = {},
): Promise<string> {
  const overwrite = opts.overwrite ?? 'suffix';
  const text = sealedText(result);

  const action = 'write the result file';
  await ensureDir(dir, 'create the result folder');
  const first = join(dir, resultFileName(result, 1));
  const tmp = await stageFile(first, text, action);
  try {
    if (overwrite === 'replace') {
      await fsp.rename(tmp, first).catch((e) => {
        throw fsFault(e, first, action);
      });
      await fsyncDir(dir);
      return first;
    }
    const last = overwrite === 'error' ? 1 : MAX_SUFFIX;
    for (let attempt = 1; attempt <= last; attempt++) {
      const target = attempt === 1 ? first : join(dir, resultFileName(result, attempt));
      if (await claimName(tmp, target, action)) {
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
    await removeQuietly(tmp);
  }
}
