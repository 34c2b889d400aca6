/**
 * Saving the model comes after the result file, never before: the refit is the last and least
 * valuable step, so a failure there (full disk, divergence, Ctrl-C) must not lose the CV. The
 * result is written first; once the model folder is in place the result is rewritten (atomically,
 * sealed again) to record it. If the save fails, the error keeps its kind (and exit code) and says
 * how to finish: `npm run exp -- --from <result> --save-model <dir>` refits from the result alone.
 */
import type { ConfigOrigin, ExperimentConfig } from '../config/types.ts';
import type { Dataset } from '../data/types.ts';
import { isUserError, UserError } from '../errors.ts';
import { shown } from '../files/plan.ts';
import type { ResultFile } from '../results/types.ts';
import { rewriteResultAtomic } from '../results/write.ts';
import { saveRunModel } from './save-model.ts';
import { shellQuote } from './shell.ts';

export interface SaveAfterResultOptions {
  dir: string;
  signal?: AbortSignal;
  log?: (line: string) => void;
}

/** The command that saves the model of a written result later. */
export function finishCommand(resultFile: string, dir: string): string {
  return `npm run exp -- --from ${shellQuote(shown(resultFile))} --save-model ${shellQuote(shown(dir))}`;
}

export async function saveModelAfterResult(
  config: ExperimentConfig,
  data: Dataset,
  origin: ConfigOrigin | null,
  resultFile: string,
  body: Omit<ResultFile, 'checksum'>,
  opts: SaveAfterResultOptions,
): Promise<void> {
  const note = `The result file ${shown(resultFile)} was written and is complete; only the model is missing. To save it, fix the cause and run: ${finishCommand(resultFile, opts.dir)}`;
  try {
    const { dir } = await saveRunModel(config, data, opts.dir, {
      origin: origin ?? undefined,
      log: opts.log,
      shouldStop: () => opts.signal?.aborted ?? false,
      result: resultFile,
    });
    if (opts.signal?.aborted) throw new UserError('INTERRUPTED', 'interrupted while saving the model; nothing was saved.');
    await rewriteResultAtomic(resultFile, { ...body, savedModel: { dir, kind: 'refit-all' } });
  } catch (e) {
    if (opts.signal?.aborted && !(isUserError(e) && e.code === 'INTERRUPTED')) throw new UserError('INTERRUPTED', `interrupted while saving the model; nothing was saved. ${note}`);
    if (!isUserError(e)) {
      opts.log?.(note);
      throw e;
    }
    throw new UserError(e.code, `${e.message} ${note}`);
  }
}
