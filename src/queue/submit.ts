/**
 * Submitting a run: one BullMQ flow whose parent is the run and whose children are its folds,
 * all with deterministic ids. Adding it again adds nothing (BullMQ ignores an existing job id), so
 * a restarted submitter, or a second one, picks up the same jobs. A fold that failed in an earlier
 * submission (say, the worker's CSV was wrong and has been fixed) is retried once per submission.
 */
import { Job } from 'bullmq';
import type { BackendName } from '../backend.ts';
import { configHash } from '../config/load.ts';
import type { ExperimentConfig } from '../config/types.ts';
import { foldFingerprint, type Fold } from '../cv/folds.ts';
import type { Dataset } from '../data/types.ts';
import { canonicalJson } from '../hash.ts';
import { loadExperimentData } from '../run/experiment.ts';
import { planFolds } from '../run/fold-plan.ts';
import type { SweepPlan } from '../run/sweep.ts';
import type { QueueClient } from './client.ts';
import { FOLD_QUEUE, RUN_QUEUE } from './connection.ts';
import { withLock } from './redis-lock.ts';
import { FOLD_JOB_OPTIONS, foldJobId, JOB_FORMAT, runJobId, type FoldJobData, type RunJobData } from './jobs.ts';

export interface SubmittedRun {
  runId: string;
  /** Fold index → job id. */
  jobs: Map<number, string>;
  /** Fold jobs that were not in Redis before this call. */
  added: number;
  /** Fold jobs found failed from an earlier submission and retried. */
  retried: number;
}

export function foldJobs(config: ExperimentConfig, data: Dataset, backend: BackendName | 'auto', folds: Fold[] = planFolds(config, data).folds): FoldJobData[] {
  const fingerprint = foldFingerprint(folds, data.rowCount, config.cv.groupBy);
  const { source, path, sha256, rows } = data.identity;
  return folds.map((f) => ({ format: JOB_FORMAT, config, data: { source, path, sha256, rows }, fingerprint, index: f.index, repeat: f.repeat, fold: f.fold, backend }));
}

/** A submitter that dies holding the lock frees it after this long. */
const SUBMIT_LOCK_MS = 30_000;

export async function submitRun(q: QueueClient, config: ExperimentConfig, data: Dataset, backend: BackendName | 'auto'): Promise<SubmittedRun> {
  const jobsData = foldJobs(config, data, backend);
  const runId = runJobId(config, data.identity);
  const jobs = new Map(jobsData.map((j) => [j.index, foldJobId(config, data.identity, j)]));
  // Counting what is new and adding the flow is one step per run id: two submitters at once would both count a job as new.
  return withLock(q.redis, `hurdle-lab:submitting:${runId}`, SUBMIT_LOCK_MS, async () => {
    let added = 0;
    let retried = 0;
    for (const id of jobs.values()) {
      const existing = await Job.fromId(q.folds, id);
      if (!existing) added++;
      else if ((await existing.getState()) === 'failed') {
        // Another submitter may have retried it a moment ago: then it is no longer failed.
        if (await existing.retry('failed').then(() => true, () => false)) retried++;
      }
    }
    const runData: RunJobData = { name: config.name, configHash: configHash(config, data.identity.sha256), dataSha256: data.identity.sha256, folds: jobsData.length };
    await q.flows.add({
      name: config.name,
      queueName: RUN_QUEUE,
      data: runData,
      opts: { jobId: runId, removeOnComplete: FOLD_JOB_OPTIONS.removeOnComplete, removeOnFail: FOLD_JOB_OPTIONS.removeOnFail },
      children: jobsData.map((j) => ({ name: `${config.name} fold ${j.index + 1}`, queueName: FOLD_QUEUE, data: j, opts: { ...FOLD_JOB_OPTIONS, jobId: jobs.get(j.index)! } })),
    });
    return { runId, jobs, added, retried };
  });
}

/**
 * Every point of a sweep goes on the queue before the first one is awaited, so workers never idle
 * between points. Returns how many fold jobs were new.
 */
export async function submitSweep(q: QueueClient, plan: SweepPlan, backend: BackendName | 'auto'): Promise<{ added: number; total: number }> {
  let data: Dataset | null = null;
  let dataKey = '';
  let added = 0;
  let total = 0;
  for (const { config } of plan.points) {
    const key = canonicalJson({ data: config.data, features: config.features, seed: config.seed });
    if (key !== dataKey) {
      data = await loadExperimentData(config);
      dataKey = key;
    }
    const run = await submitRun(q, config, data!, backend);
    added += run.added;
    total += run.jobs.size;
  }
  return { added, total };
}
