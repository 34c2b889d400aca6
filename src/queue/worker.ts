/**
 * `npm run worker`: BullMQ workers on the fold queue (sandboxed: one child process, hence one
 * tfjs backend, per concurrency slot) and on the run queue (a run job completes once all its
 * folds have). Locks are renewed every lockMs/2 by this process: that is the heartbeat; a job
 * whose lock lapses (its worker was killed) is moved back to the queue by any other worker's
 * stalled-job check and recomputed, with the same result.
 */
import { Worker, type Job } from 'bullmq';
import { fileURLToPath } from 'node:url';
import type { BackendName } from '../backend.ts';
import { FOLD_QUEUE, RUN_QUEUE, displayQueueUrl, type QueueConnection } from './connection.ts';
import type { DataRoot } from './data-root.ts';
import { decodeFailure, SETTINGS_ENV, type FoldJobData, type FoldJobReturn } from './jobs.ts';

export interface FoldWorkerOptions {
  connection: QueueConnection;
  concurrency: number;
  backend: BackendName | 'auto';
  dataRoots: DataRoot[];
  /** Lock lifetime: a killed worker's fold is rerun elsewhere after about 1–2 × this. */
  lockMs: number;
  log: (line: string) => void;
}

export interface FoldWorkers {
  /** Graceful: finish the running folds, then stop. force: release them now (they are rerun elsewhere). */
  close(force?: boolean): Promise<void>;
  active(): number;
}

const processorFile = fileURLToPath(new URL('./processor.ts', import.meta.url));

export function startFoldWorkers(opts: FoldWorkerOptions): FoldWorkers {
  const { connection, log } = opts;
  let running = 0;
  const folds = new Worker<FoldJobData, FoldJobReturn>(FOLD_QUEUE, processorFile, {
    connection,
    concurrency: opts.concurrency,
    useWorkerThreads: false,
    lockDuration: opts.lockMs,
    stalledInterval: opts.lockMs,
    // A job whose worker died twice in a row is still retried; a third stall fails it.
    maxStalledCount: 2,
    workerForkOptions: { env: { ...process.env, [SETTINGS_ENV]: JSON.stringify({ dataRoots: opts.dataRoots, backend: opts.backend }) } },
  });
  const runs = new Worker(RUN_QUEUE, async (job: Job) => ({ folds: Object.keys(await job.getChildrenValues()).length }), { connection, concurrency: 4 });

  const describe = (job: Job<FoldJobData> | undefined) => (job ? `${job.data.config?.name ?? '?'} fold ${(job.data.index ?? 0) + 1}` : 'a fold');
  let lastError = '';
  const onError = (e: Error) => {
    if (e.message === lastError) return;
    lastError = e.message;
    log(`redis ${displayQueueUrl(connection)}: ${e.message} (retrying)`);
  };
  folds.on('error', onError);
  runs.on('error', onError);
  folds.on('active', (job) => {
    running++;
    lastError = '';
    log(`started ${describe(job)} (${job.id}, attempt ${job.attemptsMade + 1})`);
  });
  folds.on('completed', (job) => {
    running--;
    log(`finished ${describe(job)} in ${(((job.finishedOn ?? Date.now()) - (job.processedOn ?? Date.now())) / 1000).toFixed(1)} s`);
  });
  folds.on('failed', (job, e) => {
    if (job) running--;
    const { code, message } = decodeFailure(e.message);
    log(`failed ${describe(job)}: ${code ? message : (e.stack ?? e.message)}`);
  });
  folds.on('stalled', (id) => log(`job ${id} stalled (its worker stopped heartbeating); requeued`));

  return {
    active: () => running,
    async close(force = false) {
      await Promise.all([folds.close(force), runs.close(force)]);
    },
  };
}
