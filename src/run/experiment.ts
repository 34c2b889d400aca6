/**
 * One experiment run: load data → seeded folds → folds (in workers) → metrics → result file.
 * The only effects are reading the data, the checkpoint and writing the result; the CLI owns
 * argv, signals and exit codes.
 */
import { canonicalJson } from '../hash.ts';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Worker } from 'node:worker_threads';
import { initBackend, type BackendName } from '../backend.ts';
import type { ConfigOrigin, ExperimentConfig } from '../config/types.ts';
import { configHash } from '../config/load.ts';
import type { Fold } from '../cv/folds.ts';
import { loadData } from '../data/load.ts';
import type { Dataset } from '../data/types.ts';
import { rowsUsedLine } from '../data/describe.ts';
import { columnSpecsFor, fitPipeline } from '../features/pipeline.ts';
import { oneHotNotes, planOneHot } from '../features/onehot-plan.ts';
import type { FoldResult, ResultFile } from '../results/types.ts';
import { writeResultAtomic } from '../results/write.ts';
import { freeResultName, resultFileName } from '../results/name.ts';
import { oofPathFor, writeOof } from '../results/oof.ts';
import { checkpointPath, removeCheckpoint, saveCheckpoint } from './checkpoint.ts';
import { planFolds } from './fold-plan.ts';
import { silentProgress, type Progress } from './progress.ts';
import { guardMemory } from './resources.ts';
import { resultBody, withoutPredictions } from './result-body.ts';
import { resumeFolds } from './resume.ts';
import type { RunOptions, RunOutcome } from './run-options.ts';
import { saveModelAfterResult } from './save-after-result.ts';
import { resolveWorkers, runFolds, spawnFoldWorkers } from './schedule.ts';
import { loadsUserColumn, USER_COLUMN, warnFoldsSplitUsers } from './split-users.ts';

export type { FoldExecutor, RunOptions, RunOutcome } from './run-options.ts';

/** The run's file stem, `<name>-s<seed>-<hash8>`, as the result writer names it (see configHash for the data part). */
export function runBaseName(config: ExperimentConfig, dataSha256: string): string {
  return resultFileName({ name: config.name, configHash: configHash(config, dataSha256), seeds: { root: config.seed } }).replace(/\.json$/, '');
}

/** A path as the user would type it: relative to the working directory when below it. */
export function shownPath(p: string | null): string | undefined {
  if (!p) return undefined;
  const rel = path.relative(process.cwd(), p);
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : p;
}

/** Equal keys ⇔ loadExperimentData reads the same dataset (rows and loaded columns): a cache key for it. */
export function experimentDataKey(config: ExperimentConfig): string {
  return canonicalJson({ data: config.data, features: config.features, groupBy: config.cv.groupBy ?? null, seed: config.seed });
}

export async function loadExperimentData(config: ExperimentConfig): Promise<Dataset> {
  const specs = columnSpecsFor(config.features);
  const groupBy = config.cv.groupBy;
  if (groupBy && !specs.some((s) => s.name === groupBy)) specs.push({ name: groupBy, kind: 'categorical' });
  // Ungrouped folds on a CSV: its userIds tell whether users come back (split-users.ts).
  if (!specs.some((s) => s.name === USER_COLUMN) && (await loadsUserColumn(config))) specs.push({ name: USER_COLUMN, kind: 'categorical' });
  return loadData(config.data, specs, config.seed, {
    displayPath: config.data.path ? path.relative(process.cwd(), config.data.path) || config.data.path : undefined,
  });
}

export async function runExperiment(config: ExperimentConfig, origin: ConfigOrigin, opts: RunOptions): Promise<RunOutcome> {
  const startedAt = new Date();
  const t0 = performance.now();
  const progress = opts.progress ?? silentProgress;

  // Fold workers boot (tsx, tfjs, the backend: about a second each) while the data loads.
  const planned = opts.executor ? 1 : resolveWorkers(opts.workers ?? config.cv.workers, config.cv.folds * config.cv.repeats);
  if (!opts.data && config.data.source === 'synthetic') {
    // Before generating anything: the raw columns are a lower bound of the input width.
    const columns = columnSpecsFor(config.features).length + 1;
    guardMemory(config, { rows: config.data.synthetic.rows, columns, inputWidth: columns - 1, workers: planned }, opts.maxMemory);
  }
  const pool = planned > 1 ? spawnFoldWorkers(planned, opts.backend) : undefined;
  try {
    return await runWithPool(config, origin, opts, { startedAt, t0, progress, pool });
  } finally {
    for (const w of pool ?? []) void w.terminate();
  }
}

interface RunState {
  startedAt: Date;
  t0: number;
  progress: Progress;
  pool: Worker[] | undefined;
}

async function runWithPool(config: ExperimentConfig, origin: ConfigOrigin, opts: RunOptions, state: RunState): Promise<RunOutcome> {
  const { startedAt, t0, progress } = state;
  let pool = state.pool;
  const tLoad = performance.now();
  const data = opts.data ?? (await loadExperimentData(config));
  const loadMs = performance.now() - tLoad;
  if (!opts.data) opts.log?.(`data: ${rowsUsedLine(data.identity, config.data.maxRows, shownPath(data.identity.path))}`);
  for (const line of oneHotNotes(config.features, planOneHot(config.features, data))) opts.log?.(line);
  if (!data.target) throw new Error('experiment data has no target column');
  // The true input width (one-hot columns included) is known once the pipeline is fitted.
  const width = fitPipeline(config.features, data, Int32Array.from({ length: data.rowCount }, (_, i) => i)).nFeatures;
  guardMemory(config, { rows: data.rowCount, columns: Object.keys(data.columns).length + 1, inputWidth: width, workers: resolveWorkers(opts.workers ?? config.cv.workers, config.cv.folds * config.cv.repeats) }, opts.maxMemory);

  warnFoldsSplitUsers(config, data, opts.log);
  const plan = planFolds(config, data);
  const { folds, fingerprint } = plan;
  const hash = configHash(config, data.identity.sha256);

  const cpFile = checkpointPath(opts.outDir, runBaseName(config, data.identity.sha256));
  const resumed = opts.resume
    ? resumeFolds(cpFile, { configHash: hash, dataSha256: data.identity.sha256, foldFingerprint: fingerprint }, folds.length, opts.log)
    : { done: new Map<number, FoldResult>(), backend: null };
  const { done, backend: resumedBackend } = resumed;
  const resumedFolds = done.size;

  const tasks: Fold[] = folds.filter((f) => !done.has(f.index));
  const workers = opts.executor ? 1 : resolveWorkers(opts.workers ?? config.cv.workers, tasks.length);
  const backendWanted = resumedBackend ? (resumedBackend as BackendName) : opts.backend;
  if (pool && (backendWanted !== opts.backend || workers <= 1)) {
    // Resumed on another backend, or too few folds left for workers: the early pool is no use.
    for (const w of pool) void w.terminate();
    pool = undefined;
  }
  progress.start(folds.length, done.size);
  let backendUsed: string = resumedBackend ?? 'unknown';
  try {
    const { backend } = await (opts.executor?.run ?? runFolds)(config, data, tasks, {
      workers,
      pool,
      backend: backendWanted,
      signal: opts.signal,
      onBackend: (b) => {
        if (resumedBackend && b !== resumedBackend) throw new Error(`resumed folds ran on ${resumedBackend} but this run got ${b}`);
        backendUsed = b;
      },
      onFoldStart: (i) => progress.foldStarted(i),
      onEpoch: (i, info) => progress.epoch(i, info),
      onFoldDone: async (result) => {
        done.set(result.index, result);
        progress.foldDone(result.index);
        if (opts.write) {
          await saveCheckpoint(cpFile, {
            configHash: hash,
            dataSha256: data.identity.sha256,
            foldFingerprint: fingerprint,
            backend: backendUsed,
            folds: [...done.values()].sort((a, b) => a.index - b.index),
          });
        }
      },
    });
    backendUsed = backend;
  } finally {
    progress.stop();
  }

  // Predictions travel with the folds (workers, checkpoint) and go to the side file, not the result.
  const predictions = folds.flatMap((f) => done.get(f.index)!.predictions ?? []);
  const perFold = folds.map((f) => withoutPredictions(done.get(f.index)!));
  const body = resultBody({
    config, origin, configHash: hash, data, plan, perFold, backend: backendUsed, startedAt,
    timings: { loadMs, totalMs: performance.now() - t0 },
    reproduce: opts.reproduce, sweep: opts.sweep, where: opts.executor?.describe?.(),
  });
  if (!opts.write) return { result: { ...body, checksum: '' }, path: null, resumedFolds };
  if (predictions.length) body.oof = await writeOof(oofPathFor(path.join(opts.outDir, freeResultName(opts.outDir, body))), predictions);
  // The result first: a model save that fails late (full disk, divergence, Ctrl-C) loses no CV work.
  // A queued run whose result another submitter already wrote adopts that file instead.
  const file = (await opts.executor?.adoptExisting?.(opts.outDir, body)) ?? (await writeResultAtomic(opts.outDir, body));
  removeCheckpoint(cpFile);
  if (opts.saveModelDir) {
    await initBackend(backendUsed as BackendName); // parallel folds ran in workers; this thread may have no backend yet
    await saveModelAfterResult(config, data, origin, file, body, { dir: opts.saveModelDir, signal: opts.signal, log: opts.log });
  }
  return { result: JSON.parse(readFileSync(file, 'utf8')) as ResultFile, path: file, resumedFolds };
}
