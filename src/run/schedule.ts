/**
 * Fold scheduling: sequentially in this thread, or in parallel on worker threads (one wasm
 * instance each, since tfjs-wasm is single-threaded in Node). Every fold draws only from its own
 * derived seeds, so the schedule cannot change a result: parallel == sequential.
 */
import os from 'node:os';
import { Worker } from 'node:worker_threads';
import { initBackend, type BackendName } from '../backend.ts';
import type { ExperimentConfig } from '../config/types.ts';
import type { Dataset } from '../data/types.ts';
import { UserError } from '../errors.ts';
import type { EpochInfo } from '../models/types.ts';
import type { FoldResult } from '../results/types.ts';
import type { Fold } from '../cv/folds.ts';
import { runFold } from './fold.ts';
import { deserializeError, type FromWorker, type ToWorker } from './messages.ts';

export interface ScheduleOptions {
  workers: number;
  backend: BackendName | 'auto';
  signal?: AbortSignal;
  onFoldDone?: (result: FoldResult) => void | Promise<void>;
  onEpoch?: (index: number, info: EpochInfo) => void;
  onFoldStart?: (index: number) => void;
  /** Workers started earlier with spawnFoldWorkers (booting while the data loaded); spawned here if absent. */
  pool?: Worker[];
  /** Called once the backend is up (before any fold result), so checkpoints can record it. */
  onBackend?: (backend: BackendName) => void;
}

export function resolveWorkers(setting: number | 'auto', tasks: number, cores = os.availableParallelism()): number {
  const n = setting === 'auto' ? autoWorkers(tasks, cores) : setting;
  return Math.max(1, Math.min(n, tasks));
}

/**
 * Fold makespan, in fold-times, of `tasks` equal folds on `workers` threads sharing `cores`
 * (the OS time-slices threads beyond the core count, so a round of w folds takes max(1, w/cores)).
 */
export function makespan(tasks: number, workers: number, cores: number): number {
  let left = tasks;
  let time = 0;
  while (left > 0) {
    const round = Math.min(workers, left);
    time += Math.max(1, round / cores);
    left -= round;
  }
  return time;
}

/**
 * Workers for 'auto': the fewest (at least one per core) with the shortest makespan. With 5 folds
 * on 2 cores, 2 workers leave the last fold alone on one core (3 fold-times) while 3 workers
 * share both cores throughout (2.5): the extra worker costs memory, not time.
 */
export function autoWorkers(tasks: number, cores: number): number {
  let best = Math.max(1, Math.min(cores, tasks));
  for (let w = best + 1; w <= Math.min(tasks, 2 * cores); w++) if (makespan(tasks, w, cores) < makespan(tasks, best, cores) - 1e-9) best = w;
  return best;
}

export function interrupted(): UserError {
  return new UserError('INTERRUPTED', 'run interrupted; finished folds are kept.', {
    hint: 'Rerun the same command with --resume to continue from them.',
  });
}

/**
 * Start fold workers now: each boots tsx, tfjs and its backend (about a second) while the caller
 * loads the data. They wait for an 'init' message with the config and the data.
 */
export function spawnFoldWorkers(n: number, backend: BackendName | 'auto'): Worker[] {
  return Array.from(
    { length: n },
    () =>
      new Worker(new URL('./worker-boot.mjs', import.meta.url), {
        workerData: { entry: new URL('./worker.ts', import.meta.url).href, backend },
      }),
  );
}

/** Runs the tasks; resolves with the backend used and the results in task order. */
export async function runFolds(
  config: ExperimentConfig,
  data: Dataset,
  tasks: Fold[],
  opts: ScheduleOptions,
): Promise<{ backend: BackendName; results: FoldResult[] }> {
  if (tasks.length === 0) return { backend: await initBackend(opts.backend), results: [] };
  return opts.workers <= 1 ? runSequential(config, data, tasks, opts) : runParallel(config, data, tasks, opts);
}

async function runSequential(config: ExperimentConfig, data: Dataset, tasks: Fold[], opts: ScheduleOptions) {
  const backend = await initBackend(opts.backend);
  opts.onBackend?.(backend);
  const results: FoldResult[] = [];
  for (const task of tasks) {
    if (opts.signal?.aborted) throw interrupted();
    opts.onFoldStart?.(task.index);
    const result = await runFold(config, data, task, {
      onEpoch: (info) => opts.onEpoch?.(task.index, info),
      shouldStop: () => opts.signal?.aborted ?? false,
    }).catch((e) => {
      throw opts.signal?.aborted ? interrupted() : e;
    });
    if (opts.signal?.aborted) throw interrupted();
    await opts.onFoldDone?.(result);
    results.push(result);
  }
  return { backend, results };
}

function runParallel(
  config: ExperimentConfig,
  data: Dataset,
  tasks: Fold[],
  opts: ScheduleOptions,
): Promise<{ backend: BackendName; results: FoldResult[] }> {
  const stopFlag = new SharedArrayBuffer(4);
  const stop = new Int32Array(stopFlag);
  const queue = [...tasks];
  const byIndex = new Map<number, FoldResult>();
  const workers: Worker[] = [];
  let backend: BackendName | null = null;
  let settled = false;
  let callbacks: Promise<void> = Promise.resolve();
  let recorded = 0;

  return new Promise((resolve, reject) => {
    const finish = (error: Error | null) => {
      if (settled) return;
      settled = true;
      Atomics.store(stop, 0, 1);
      opts.signal?.removeEventListener('abort', onAbort);
      for (const w of workers) void w.terminate();
      // Folds already finished still get their onFoldDone (kept for --resume) before the run settles.
      void callbacks.then(() => {
        if (error) reject(error);
        else resolve({ backend: backend!, results: tasks.map((t) => byIndex.get(t.index)!) });
      });
    };
    const onAbort = () => finish(interrupted());
    if (opts.signal?.aborted) return finish(interrupted());
    opts.signal?.addEventListener('abort', onAbort);

    const next = (w: Worker) => {
      const task = queue.shift();
      if (!task) return;
      opts.onFoldStart?.(task.index);
      w.postMessage({ type: 'fold', task } satisfies ToWorker);
    };

    const n = resolveWorkers(opts.workers, tasks.length);
    const pool = opts.pool ?? spawnFoldWorkers(n, opts.backend);
    // A resumed run may need fewer workers than were started for it.
    for (const extra of pool.splice(n)) void extra.terminate();
    // onFoldDone calls (checkpoint writes) run one at a time, in the order folds finish, and the
    // run settles only after the last one: a write can never land after the caller has moved on
    // (written the result, removed the checkpoint), nor an older snapshot over a newer one.
    const fail = (e: unknown) => finish(e instanceof Error ? e : new Error(String(e)));
    const onMessage = (w: Worker, m: FromWorker) => {
      if (m.type === 'ready') {
        if (backend && backend !== m.backend) return finish(new Error(`workers disagree on the backend: ${backend} vs ${m.backend}`));
        if (!backend) opts.onBackend?.(m.backend);
        backend = m.backend;
        next(w);
      } else if (m.type === 'epoch') {
        opts.onEpoch?.(m.index, m.info);
      } else if (m.type === 'done') {
        byIndex.set(m.result.index, m.result);
        callbacks = callbacks
          .then(() => opts.onFoldDone?.(m.result))
          .then(() => {
            if (settled) return;
            if (++recorded === tasks.length) return finish(null);
            next(w);
          })
          .catch(fail);
      } else {
        finish(deserializeError(m.error));
      }
    };
    for (const w of pool) {
      workers.push(w);
      // Synchronous on purpose: whatever a callback throws fails the run here, never as an unhandled rejection.
      w.on('message', (m: FromWorker) => {
        if (settled) return;
        try {
          onMessage(w, m);
        } catch (e) {
          fail(e);
        }
      });
      w.on('error', (e) => finish(e));
      w.on('exit', (code) => {
        if (!settled && code !== 0) finish(new Error(`fold worker exited with code ${code}`));
      });
      w.postMessage({ type: 'init', config, data, stopFlag } satisfies ToWorker);
    }
  });
}
