/** What a caller sets for one experiment run (runExperiment) and what it gets back. */
import type { BackendName } from '../backend.ts';
import type { Dataset } from '../data/types.ts';
import type { ResultFile } from '../results/types.ts';
import type { Progress } from './progress.ts';
import type { runFolds } from './schedule.ts';

/**
 * Where the folds run: by default here (this thread or its worker threads, `runFolds`); the job
 * queue (src/queue) plugs in another executor with the same contract. `describe` adds result-file
 * keys saying where the folds ran; `adoptExisting` may return a result another process already
 * wrote for this very run (two submitters of one queued run), which is then returned instead of
 * writing a second file.
 */
export interface FoldExecutor {
  run: typeof runFolds;
  describe?: () => Partial<Pick<ResultFile, 'queue'>>;
  adoptExisting?: (outDir: string, body: Omit<ResultFile, 'checksum'>) => Promise<string | null>;
}

export interface RunOptions {
  outDir: string;
  backend: BackendName | 'auto';
  /** Overrides config.cv.workers (e.g. `--workers 1` for a sequential run). */
  workers?: number | 'auto';
  resume: boolean;
  /** false: compute the result but write nothing (used by --reproduce). */
  write: boolean;
  signal?: AbortSignal;
  progress?: Progress;
  /** The command that recreates this run (without --backend, which is appended), recorded in the result. */
  reproduce: string;
  sweep?: ResultFile['sweep'];
  /** Already-loaded data for this config (sweeps reuse one load across points). */
  data?: Dataset;
  log?: (line: string) => void;
  /** After CV, refit pipeline + model on all rows and save them here (see save-model.ts). */
  saveModelDir?: string;
  /** Run the folds elsewhere (e.g. on a job queue); default: here. */
  executor?: FoldExecutor;
  /** Memory the run may plan to use, in bytes (--max-memory; default: 80% of the machine's). */
  maxMemory?: number;
}

export interface RunOutcome {
  result: ResultFile;
  path: string | null;
  resumedFolds: number;
}
