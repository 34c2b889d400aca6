/** `--resume`: the folds an interrupted identical run already finished, read from its checkpoint. */
import path from 'node:path';
import type { FoldResult } from '../results/types.ts';
import { readCheckpoint } from './checkpoint.ts';

export interface Resumed {
  /** Finished folds by index (their seeds, metrics and predictions as that run recorded them). */
  done: Map<number, FoldResult>;
  /** The backend they ran on; null when nothing is resumed. */
  backend: string | null;
}

export function resumeFolds(file: string, expect: Parameters<typeof readCheckpoint>[1], total: number, log?: (line: string) => void): Resumed {
  const cp = readCheckpoint(file, expect);
  if (!cp.folds) {
    log?.(`--resume: nothing to resume (${cp.reason}); starting from scratch`);
    return { done: new Map(), backend: null };
  }
  const done = new Map(cp.folds.map((f) => [f.index, f]));
  log?.(`resuming: ${done.size} of ${total} folds already finished on ${cp.backend} (${path.relative(process.cwd(), file)})`);
  return { done, backend: cp.backend };
}
