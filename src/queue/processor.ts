/**
 * The sandboxed BullMQ processor: each worker slot is a child process of `npm run worker` with
 * its own tfjs backend (tfjs-wasm is single-threaded). The parent keeps renewing the job's lock
 * (the heartbeat) while this process computes, so a busy event loop here is never a stall, and a
 * killed worker's job is detected as stalled and rerun elsewhere.
 */
import { UnrecoverableError, type SandboxedJob } from 'bullmq';
import { initBackend, type BackendName } from '../backend.ts';
import { isUserError } from '../errors.ts';
import { computeFoldJob, workerName, type WorkerSettings } from './fold-job.ts';
import { encodeUserError, JOB_FORMAT, SETTINGS_ENV, type FoldJobData, type FoldJobReturn } from './jobs.ts';

const settings = JSON.parse(process.env[SETTINGS_ENV] ?? '{"dataRoots":[],"backend":"auto"}') as WorkerSettings & { backend: BackendName | 'auto' };
// Orphaned by a killed parent: stop instead of computing a fold nobody will collect.
process.on('disconnect', () => process.exit(1));
const backendReady = initBackend(settings.backend);
backendReady.catch(() => {});

export default async function processFold(job: SandboxedJob<FoldJobData, FoldJobReturn>, _token?: string, signal?: AbortSignal): Promise<FoldJobReturn> {
  try {
    const backend = await backendReady;
    if (job.data.backend !== 'auto' && job.data.backend !== backend)
      throw new UnrecoverableError(
        encodeUserError('BACKEND_UNAVAILABLE', `worker ${workerName()} runs ${backend}, the run asks for --backend ${job.data.backend}. Start workers with --backend ${job.data.backend}, or submit with --backend auto.`),
      );
    const { result, dataMs } = await computeFoldJob(job.data, settings, {
      onEpoch: (info) => void job.updateProgress({ epoch: info.epoch, epochs: info.epochs, loss: info.loss, valLoss: info.valLoss }),
      shouldStop: () => signal?.aborted ?? false,
    });
    return { format: JOB_FORMAT, result, backend, worker: workerName(), dataMs };
  } catch (e) {
    if (isUserError(e)) throw new UnrecoverableError(encodeUserError(e.code, e.message));
    throw e;
  }
}
