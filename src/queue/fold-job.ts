/**
 * A worker computing one fold job: rebuild the data (synthetic: regenerate from its spec; CSV:
 * read the worker's copy), check it is the submitter's data (sha256) and that the folds are the
 * submitter's folds (fingerprint), then run the very fold function a local run uses (runFold).
 * That is why queued fold metrics are bit-identical to local ones.
 */
import os from 'node:os';
import { storedConfig } from '../config/load.ts';
import type { ExperimentConfig } from '../config/types.ts';
import { canonicalJson } from '../hash.ts';
import { foldFingerprint } from '../cv/folds.ts';
import type { Dataset } from '../data/types.ts';
import { UserError } from '../errors.ts';
import { experimentDataKey, loadExperimentData } from '../run/experiment.ts';
import { planFolds } from '../run/fold-plan.ts';
import { runFold, type FoldHooks } from '../run/fold.ts';
import type { FoldResult } from '../results/types.ts';
import { resolveDataPath, type DataRoot } from './data-root.ts';
import { JOB_FORMAT, type FoldJobData } from './jobs.ts';

export interface WorkerSettings {
  dataRoots: DataRoot[];
}

export const workerName = (): string => `${os.hostname()}:${process.pid}`;

// One dataset per process: consecutive jobs of a run (or of a sweep over model settings) share it.
let cached: { key: string; data: Dataset } | null = null;

async function jobData(job: FoldJobData, settings: WorkerSettings): Promise<{ data: Dataset; loadMs: number }> {
  const config = job.config;
  const localPath = config.data.source === 'csv' && job.data.path ? resolveDataPath(job.data.path, settings.dataRoots, workerName()) : config.data.path;
  const key = canonicalJson({ sha256: job.data.sha256, path: localPath, data: experimentDataKey(config) });
  if (cached?.key === key) return { data: cached.data, loadMs: 0 };
  cached = null; // free the previous dataset before loading the next
  const t = performance.now();
  const data = await loadExperimentData({ ...config, data: { ...config.data, path: localPath } });
  if (data.identity.sha256 !== job.data.sha256) {
    const what = config.data.source === 'csv' ? `the CSV ${localPath}` : 'the regenerated synthetic data';
    throw new UserError('DATA_MISMATCH', `worker ${workerName()}: ${what} is not the data the run was submitted with.`, {
      expected: job.data.sha256,
      found: data.identity.sha256,
      hint:
        config.data.source === 'csv'
          ? 'Give every worker the same file as the submitter (or fix its --data-root); nothing was computed on the wrong data.'
          : 'The worker runs another version of hurdle-lab than the submitter; run the same commit everywhere.',
    });
  }
  cached = { key, data };
  return { data, loadMs: performance.now() - t };
}

/**
 * A job's config comes from Redis, written by a submitter that may run another version: it goes
 * through the config schema like a YAML (a current config is a fixed point of it) before use.
 */
function jobConfig(job: FoldJobData): ExperimentConfig {
  return storedConfig(job.config, ({ key, found }) =>
    new UserError('DATA_MISMATCH', `worker ${workerName()}: the job's config is not one this version of hurdle-lab can run.`, {
      key,
      found,
      hint: 'Run the same version of hurdle-lab on the submitter and the workers.',
    }));
}

export async function computeFoldJob(raw: FoldJobData, settings: WorkerSettings, hooks: FoldHooks = {}): Promise<{ result: FoldResult; dataMs: number }> {
  if (raw.format !== JOB_FORMAT)
    throw new UserError('DATA_MISMATCH', `worker ${workerName()} got a job of format ${raw.format}, it reads format ${JOB_FORMAT}.`, {
      hint: 'Run the same version of hurdle-lab on the submitter and the workers.',
    });
  const job = { ...raw, config: jobConfig(raw) };
  const { data, loadMs } = await jobData(job, settings);
  const folds = planFolds(job.config, data).folds;
  const fingerprint = foldFingerprint(folds, data.rowCount, job.config.cv.groupBy);
  if (fingerprint !== job.fingerprint)
    throw new UserError('DATA_MISMATCH', `worker ${workerName()} derives other folds than the submitter from the same data.`, {
      expected: job.fingerprint,
      found: fingerprint,
      hint: 'The worker runs another version of hurdle-lab than the submitter; run the same commit everywhere.',
    });
  const task = folds.find((f) => f.index === job.index);
  if (!task) throw new Error(`fold job asks for fold ${job.index}, the run has ${folds.length}`);
  const result = await runFold(job.config, data, task, hooks);
  return { result, dataMs: loadMs };
}
