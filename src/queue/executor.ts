/**
 * The queue as a FoldExecutor (see run/experiment.ts): submit the run's flow, then wait for its
 * fold jobs, handing each result to the runner as it arrives, exactly as local folds are. Events
 * wake the wait early; a poll every second is what guarantees progress (events can be missed
 * across a Redis restart). Interrupting the submitter leaves the jobs queued: rerunning the same
 * command collects them.
 */
import { Job } from 'bullmq';
import os from 'node:os';
import path from 'node:path';
import { initBackend, type BackendName } from '../backend.ts';
import { UserError, type UserErrorCode } from '../errors.ts';
import type { QueueRecord } from '../results/types.ts';
import type { FoldExecutor } from '../run/experiment.ts';
import { interrupted } from '../run/schedule.ts';
import type { QueueClient } from './client.ts';
import { decodeFailure, FOLD_JOB_OPTIONS, runJobId, type FoldJobReturn } from './jobs.ts';
import { submitRun } from './submit.ts';
import { adoptWrittenResult } from './write-claim.ts';

export interface QueueExecutorOptions {
  /** Plain progress lines (null: none, e.g. --quiet or a progress bar on the TTY). */
  log: ((line: string) => void) | null;
  pollMs?: number;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export function queueExecutor(q: QueueClient, options: QueueExecutorOptions): FoldExecutor {
  const pollMs = options.pollMs ?? 1000;
  const submitter = `${os.hostname()}:${process.pid}:${Date.now()}`;
  let record: QueueRecord = { url: q.url, run: '', submitter, folds: [] };

  const run: FoldExecutor['run'] = async (config, data, tasks, opts) => {
    const backendAsked = opts.backend as BackendName | 'auto';
    record = { url: q.url, run: runJobId(config, data.identity), submitter, folds: [] };
    if (tasks.length === 0) return { backend: await initBackend(backendAsked), results: [] };
    const submitted = await submitRun(q, config, data, backendAsked);
    const waiting = new Map(tasks.map((t) => [t.index, submitted.jobs.get(t.index)!]));
    const byJob = new Map([...waiting].map(([i, id]) => [id, i]));
    options.log?.(
      `queue ${q.url}: run ${submitted.runId}, ${tasks.length} folds to collect (${submitted.added} newly queued${submitted.retried ? `, ${submitted.retried} failed before and retried` : ''})`,
    );

    let wake: () => void = () => {};
    const events = q.events();
    const onEvent = ({ jobId }: { jobId: string }) => byJob.has(jobId) && wake();
    const onProgress = ({ jobId, data: p }: { jobId: string; data: unknown }) => {
      const index = byJob.get(jobId);
      if (index === undefined || typeof p !== 'object' || p === null || !('epoch' in p)) return;
      const e = p as { epoch: number; epochs: number; loss: number; valLoss: number | null };
      opts.onEpoch?.(index, { ...e, ms: 0 });
    };
    events.on('completed', onEvent);
    events.on('failed', onEvent);
    events.on('active', onEvent);
    events.on('progress', onProgress);

    const started = new Set<number>();
    const results = new Map<number, FoldJobReturn>();
    let backend: BackendName | null = null;
    let lastLine = 0;
    try {
      while (waiting.size > 0) {
        if (opts.signal?.aborted) throw interrupted();
        const counts = { waiting: 0, active: 0 };
        for (const [index, id] of waiting) {
          // State first, then the job: read the other way round, a job finishing in between looks completed without its return value.
          const state = await q.folds.getJobState(id);
          const job = await Job.fromId<unknown, FoldJobReturn>(q.folds, id);
          if (!job || state === 'unknown') {
            // Gone (Redis lost it, or someone removed it): queue it again; same id, same result.
            await submitRun(q, config, data, backendAsked);
            continue;
          }
          if (state === 'completed') {
            const out = job.returnvalue;
            if (!out || out.result?.index !== index) throw new Error(`fold job ${id} returned a result for another fold`);
            if (backend === null) {
              backend = out.backend;
              opts.onBackend?.(backend);
            } else if (out.backend !== backend)
              throw new UserError('QUEUE_JOB_FAILED', `fold ${index + 1} ran on ${out.backend}, earlier folds on ${backend}.`, {
                hint: 'Start every worker with the same --backend (e.g. --backend wasm) so all folds are computed alike.',
              });
            results.set(index, out);
            record.folds.push({
              index,
              job: id,
              worker: out.worker,
              backend: out.backend,
              attempts: job.attemptsMade,
              waitMs: (job.processedOn ?? job.timestamp) - job.timestamp,
              runMs: (job.finishedOn ?? 0) - (job.processedOn ?? 0),
            });
            waiting.delete(index);
            if (!started.has(index)) opts.onFoldStart?.(index);
            await opts.onFoldDone?.(out.result);
            options.log?.(`fold ${index + 1} done on ${out.worker} (${tasks.length - waiting.size}/${tasks.length})`);
          } else if (state === 'failed') {
            throw foldFailure(index, id, job.failedReason ?? 'unknown failure', job.attemptsMade);
          } else if (state === 'active') {
            counts.active++;
            if (!started.has(index)) {
              started.add(index);
              opts.onFoldStart?.(index);
            }
          } else counts.waiting++;
        }
        if (waiting.size === 0) break;
        if (Date.now() - lastLine > 10_000) {
          lastLine = Date.now();
          options.log?.(`queue: ${results.size}/${tasks.length} folds done, ${counts.active} running, ${counts.waiting} waiting`);
        }
        await new Promise<void>((resolve) => {
          wake = resolve;
          opts.signal?.addEventListener('abort', () => resolve(), { once: true });
          void sleep(pollMs).then(resolve);
        });
      }
    } finally {
      events.off('completed', onEvent);
      events.off('failed', onEvent);
      events.off('active', onEvent);
      events.off('progress', onProgress);
    }
    record.folds.sort((a, b) => a.index - b.index);
    return { backend: backend!, results: tasks.map((t) => results.get(t.index)!.result) };
  };

  return {
    run,
    describe: () => ({ queue: record }),
    adoptExisting: (outDir, body) => adoptWrittenResult(q, path.resolve(outDir), body, record),
  };
}

function foldFailure(index: number, id: string, reason: string, attempts: number): Error {
  const { code, message } = decodeFailure(reason);
  if (code) {
    // A user error from the worker: its one-paragraph message, once, with the fold it came from.
    const e = new UserError(code as UserErrorCode, '');
    Object.defineProperty(e, 'message', { value: `fold ${index + 1} (job ${id}): ${message}` });
    return e;
  }
  const tries = attempts >= (FOLD_JOB_OPTIONS.attempts ?? 1) ? ` after ${attempts} attempts` : '';
  return new UserError('QUEUE_JOB_FAILED', `fold ${index + 1} (job ${id}) failed on the worker${tries}: ${message}`, {
    hint: "See the worker's log for the stack trace; rerun the same command to retry it.",
  });
}
