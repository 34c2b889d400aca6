/**
 * What a fold job carries and returns, and its deterministic ids. A job id is a function of the
 * config hash, the data identity (sha256), the repeat and the fold, so submitting the same run
 * twice adds nothing, and a finished fold is never computed again.
 */
import type { JobsOptions } from 'bullmq';
import type { BackendName } from '../backend.ts';
import { configHash } from '../config/load.ts';
import type { ExperimentConfig } from '../config/types.ts';
import type { Fold } from '../cv/folds.ts';
import type { DataIdentity } from '../data/types.ts';
import type { FoldResult } from '../results/types.ts';

export const JOB_FORMAT = 1;
/** How `npm run worker` hands its settings (data roots, backend) to its sandboxed processes. */
export const SETTINGS_ENV = 'HURDLE_WORKER_SETTINGS';

export interface FoldJobData {
  format: typeof JOB_FORMAT;
  /** The resolved config: a worker needs nothing else to rebuild the data and the folds. */
  config: ExperimentConfig;
  /** Data identity as the submitter saw it; the worker's copy must have the same sha256. */
  data: Pick<DataIdentity, 'source' | 'path' | 'sha256' | 'rows'>;
  /** Fingerprint of all the run's folds; the worker recomputes the folds and checks it. */
  fingerprint: string;
  index: number;
  repeat: number;
  fold: number;
  /** The backend the submitter asked for ('auto' accepts the worker's). */
  backend: BackendName | 'auto';
}

export interface FoldJobReturn {
  format: typeof JOB_FORMAT;
  result: FoldResult;
  backend: BackendName;
  /** host:pid of the process that computed the fold. */
  worker: string;
  /** Time spent getting the data on the worker (0 when its cache had it). */
  dataMs: number;
}

export interface RunJobData {
  name: string;
  configHash: string;
  dataSha256: string;
  folds: number;
}

/** Retries for infrastructure trouble (a crash, a lost connection); user errors never retry. */
export const FOLD_JOB_OPTIONS: JobsOptions = {
  attempts: 3,
  backoff: { type: 'exponential', delay: 2000 },
  removeOnComplete: { age: 30 * 24 * 3600 },
  removeOnFail: { age: 30 * 24 * 3600 },
};

const short = (hex: string) => hex.slice(0, 16);

export function runJobId(config: ExperimentConfig, data: Pick<DataIdentity, 'sha256'>): string {
  return `run-${short(configHash(config, data.sha256))}-${short(data.sha256)}`;
}

export function foldJobId(config: ExperimentConfig, data: Pick<DataIdentity, 'sha256'>, f: Pick<Fold, 'repeat' | 'fold'>): string {
  return `fold-${short(configHash(config, data.sha256))}-${short(data.sha256)}-r${f.repeat}-f${f.fold}`;
}

/**
 * User errors cross the queue as the job's failure reason with this prefix, so the submitter can
 * print them as the one-paragraph message they are (and BullMQ does not retry them).
 */
const USER_PREFIX = '[user error ';

export function encodeUserError(code: string, message: string): string {
  return `${USER_PREFIX}${code}] ${message}`;
}

export function decodeFailure(reason: string): { code: string | null; message: string } {
  const m = /^\[user error ([A-Z_]+)\] ([\s\S]*)$/.exec(reason);
  return m ? { code: m[1], message: m[2] } : { code: null, message: reason };
}
