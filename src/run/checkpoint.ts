/**
 * Finished folds of an unfinished run, kept in `<out>/.partial/<run>.json` and rewritten
 * atomically after every fold, so Ctrl-C, a crash or kill -9 loses at most the folds in flight.
 * Checkpoints are sealed like result files (a checksum over their canonical JSON) and checked on
 * `--resume`: an edited, torn or malformed one is never trusted. It is set aside as
 * `<run>.json.bad` with the reason, and its folds are run again. One that is intact but for another
 * config, data or folds is simply not reused.
 */
import { existsSync, readFileSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import { writeFileAtomic } from '../files/atomic.ts';
import { describeSchemaIssues, resultFileSchema } from '../results/schema.ts';
import { resultChecksum } from '../results/checksum.ts';
import type { FoldResult } from '../results/types.ts';
import { sealedText } from '../results/write.ts';

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

export type CheckpointRead = { folds: FoldResult[]; backend: string } | { folds: null; reason: string };

const foldsSchema = resultFileSchema.shape.perFold;

/** Why a parsed checkpoint cannot be trusted, or null when it is intact. */
function damage(cp: Record<string, unknown>): string | null {
  if (typeof cp.checksum !== 'string') return 'it has no checksum (written by an older hurdle-lab, or edited)';
  if (cp.checksum !== resultChecksum(cp)) return 'it was edited or damaged (its checksum does not match)';
  for (const key of ['configHash', 'dataSha256', 'foldFingerprint', 'backend'] as const) {
    if (typeof cp[key] !== 'string') return `its ${key} is missing`;
  }
  const folds = foldsSchema.safeParse(cp.folds);
  if (!folds.success) return `its folds are malformed: ${describeSchemaIssues(folds.error)}`;
  const indices = folds.data.map((f) => f.index);
  if (new Set(indices).size !== indices.length) return 'it lists a fold twice';
  return null;
}

/** Move a checkpoint that cannot be trusted out of the way, keeping it for inspection. */
function setAside(file: string, why: string): { folds: null; reason: string } {
  const bad = `${file}.bad`;
  try {
    renameSync(file, bad);
  } catch {
    return { folds: null, reason: `checkpoint ${file} cannot be trusted: ${why}; its folds are run again` };
  }
  return { folds: null, reason: `checkpoint ${file} cannot be trusted: ${why}; set aside as ${bad}, its folds are run again` };
}

/** The checkpoint's folds if it is intact and matches this run, else null with the reason. */
export function readCheckpoint(file: string, expect: { configHash: string; dataSha256: string; foldFingerprint: string }): CheckpointRead {
  if (!existsSync(file)) return { folds: null, reason: 'no checkpoint' };
  let cp: Record<string, unknown>;
  try {
    cp = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  } catch {
    return setAside(file, 'it is unreadable (not complete JSON)');
  }
  if (cp === null || typeof cp !== 'object' || cp.kind !== 'hurdle-lab/checkpoint') return setAside(file, 'it is not a checkpoint');
  const why = damage(cp);
  if (why) return setAside(file, why);
  if (cp.configHash !== expect.configHash) return { folds: null, reason: 'the config changed since the checkpoint' };
  if (cp.dataSha256 !== expect.dataSha256) return { folds: null, reason: 'the data changed since the checkpoint' };
  if (cp.foldFingerprint !== expect.foldFingerprint) return { folds: null, reason: 'the folds changed since the checkpoint' };
  return { folds: cp.folds as FoldResult[], backend: cp.backend as string };
}

export async function saveCheckpoint(file: string, cp: Omit<Checkpoint, 'kind'>): Promise<void> {
  await writeFileAtomic(file, sealedText({ kind: 'hurdle-lab/checkpoint', ...cp } satisfies Checkpoint), 'write the checkpoint');
}

export function removeCheckpoint(file: string): void {
  rmSync(file, { force: true });
}
