/** Messages between the fold scheduler (main thread) and fold workers. */
import type { BackendName } from '../backend.ts';
import type { ExperimentConfig } from '../config/types.ts';
import type { Dataset } from '../data/types.ts';
import { UserError, type UserErrorCode, type UserErrorDetails } from '../errors.ts';
import type { EpochInfo } from '../models/types.ts';
import type { FoldResult } from '../results/types.ts';
import type { Fold } from '../cv/folds.ts';

export type ToWorker =
  | { type: 'init'; config: ExperimentConfig; data: Dataset; stopFlag: SharedArrayBuffer }
  | { type: 'fold'; task: Fold };

export interface SerializedError {
  message: string;
  stack?: string;
  user?: { code: UserErrorCode; details: UserErrorDetails; message: string };
}

export type FromWorker =
  | { type: 'ready'; backend: BackendName }
  | { type: 'epoch'; index: number; info: EpochInfo }
  | { type: 'done'; result: FoldResult }
  | { type: 'error'; index: number | null; error: SerializedError };

export function serializeError(e: unknown): SerializedError {
  if (e instanceof UserError) return { message: e.message, user: { code: e.code, details: e.details, message: e.message } };
  const err = e instanceof Error ? e : new Error(String(e));
  return { message: err.message, stack: err.stack };
}

export function deserializeError(s: SerializedError): Error {
  if (s.user) {
    const e = new UserError(s.user.code, '', {});
    // The message was already formatted in the worker; keep it verbatim.
    Object.defineProperty(e, 'message', { value: s.user.message });
    Object.defineProperty(e, 'details', { value: s.user.details });
    return e;
  }
  const e = new Error(s.message);
  if (s.stack) e.stack = s.stack;
  return e;
}
