/**
 * Finished folds of an unfinished run, kept in `<out>/.partial/<run>.json` and rewritten
 * atomically after every fold, so Ctrl-C, a crash or kill -9 loses at most the folds in flight.
 * `--resume` reuses them only when config, data and folds are provably the same.
 */
import { existsSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { writeFileAtomic } from '../files/atomic.ts';
import type { FoldResult } from '../results/types.ts';

export interface Checkpoint {
  kind: 'hurdle-lab/checkpoint';
  configHash: string;
  dataSha256: string;
  foldFingerprint: string;
  backend: string;
  folds: FoldResult[];
}

export function checkpointPath(outDir: string, runBase: string): string {
  return path.join(outDir, '.partial', `${runBase}.json`);
}

/** The checkpoint's folds if it matches this run, else null with the reason it does not. */
export function readCheckpoint(
  file: string,
  expect: { configHash: string; dataSha256: string; foldFingerprint: string },
): { folds: FoldResult[]; backend: string } | { folds: null; reason: string } {
  if (!existsSync(file)) return { folds: null, reason: 'no checkpoint' };
  let cp: Checkpoint;
  try {
    cp = JSON.parse(readFileSync(file, 'utf8')) as Checkpoint;
  } catch {
    return { folds: null, reason: `checkpoint ${file} is unreadable` };
  }
  if (cp.kind !== 'hurdle-lab/checkpoint') return { folds: null, reason: `${file} is not a checkpoint` };
  if (cp.configHash !== expect.configHash) return { folds: null, reason: 'the config changed since the checkpoint' };
  if (cp.dataSha256 !== expect.dataSha256) return { folds: null, reason: 'the data changed since the checkpoint' };
  if (cp.foldFingerprint !== expect.foldFingerprint) return { folds: null, reason: 'the folds changed since the checkpoint' };
  return { folds: cp.folds, backend: cp.backend };
}

export async function saveCheckpoint(file: string, cp: Omit<Checkpoint, 'kind'>): Promise<void> {
  await writeFileAtomic(file, `${JSON.stringify({ kind: 'hurdle-lab/checkpoint', ...cp } satisfies Checkpoint, null, 2)}\n`, 'write the checkpoint');
}

export function removeCheckpoint(file: string): void {
  rmSync(file, { force: true });
}
