/**
 * `--save-model` without a second cross-validation: refuse to replace a model folder unless
 * forced, and refit a finished result's pipeline and model on all rows (the CV already ran).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { initBackend, type BackendName } from '../backend.ts';
import { UserError } from '../errors.ts';
import type { ResultFile } from '../results/types.ts';
import { loadExperimentData, shownPath } from './experiment.ts';
import { dataChange } from './finished.ts';
import { retrainConfig } from './reproduce.ts';
import { saveRunModel } from './save-model.ts';
import { interrupted } from './schedule.ts';

/** --save-model never replaces a saved model (perhaps of another type) unless --force says so. */
export function refuseExistingModel(dir: string, force: boolean): void {
  if (force || !existsSync(dir) || readdirSync(dir).length === 0) return;
  let what = 'files';
  try {
    const saved = JSON.parse(readFileSync(path.join(dir, 'experiment.json'), 'utf8')) as { config?: { name?: string; model?: { type?: string } } };
    what = `a saved ${saved.config?.model?.type ?? ''} model (${saved.config?.name ?? 'unnamed'})`.replace('  ', ' ');
  } catch {
    // not a model folder we know: still not ours to overwrite
  }
  throw new UserError('RESULT_EXISTS', `the folder already holds ${what}; nothing was run.`, {
    file: shownPath(dir),
    key: '--save-model',
    hint: 'Pass another folder, or add --force to replace it.',
  });
}

/** --save-model from a finished result: load its data, refit on all rows, save; no CV. */
export async function refitOnly(done: { path: string; result: ResultFile }, dir: string, backend: BackendName | 'auto', log: (l: string) => void, signal?: AbortSignal): Promise<void> {
  const { origin } = done.result;
  const config = retrainConfig(done.result, shownPath(done.path) ?? done.path, { why: ': there is no model to refit.' });
  const change = await dataChange(done.result.data);
  if (change) throw new UserError('RESULT_INVALID', `cannot refit ${shownPath(done.path)}: ${change}.`, { file: shownPath(done.path), hint: 'Rerun the experiment on the current data instead.' });
  await initBackend(backend);
  const data = await loadExperimentData(config);
  await saveRunModel(config, data, dir, { origin, log, shouldStop: () => signal?.aborted ?? false });
  if (signal?.aborted) throw interrupted();
  log(`saved model (refitted on all rows, from ${shownPath(done.path)}) to ${shownPath(dir)}`);
}

