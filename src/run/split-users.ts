/**
 * Ungrouped folds on data where users come back: a user's sessions then land on both sides of a
 * fold, which flatters any score (the model has seen the user). The warning reads the userId
 * values, so data whose userIds are all distinct (the session-level synthetic data) gets none.
 */
import type { ExperimentConfig } from '../config/types.ts';
import { readCsvHeader } from '../data/csv-header.ts';
import { E2V_TRAIN_COLUMNS } from '../data/engage2value.ts';
import type { Column, Dataset } from '../data/types.ts';

export const USER_COLUMN = 'userId';

/** Whether the experiment's data has the user column, so that the loader can load it for the check. */
export async function dataHasUsers(data: ExperimentConfig['data']): Promise<boolean> {
  if (data.source === 'synthetic') return E2V_TRAIN_COLUMNS.includes(USER_COLUMN);
  return data.path !== null && ((await readCsvHeader(data.path)) ?? []).includes(USER_COLUMN);
}

/** Whether some (non-missing) value occurs twice. */
export function valuesRepeat(column: Column): boolean {
  const seen = new Set<string | number>();
  for (const v of column.values) {
    if (v === null || (typeof v === 'number' && Number.isNaN(v))) continue;
    if (seen.has(v)) return true;
    seen.add(v);
  }
  return false;
}

const warned = new Set<string>();

/** Once per process and data set: ungrouped folds with a userId that repeats. */
export function warnFoldsSplitUsers(config: ExperimentConfig, data: Dataset, log: ((line: string) => void) | undefined): void {
  const users = data.columns[USER_COLUMN];
  if (!log || config.cv.groupBy || !users || warned.has(data.identity.sha256) || !valuesRepeat(users)) return;
  warned.add(data.identity.sha256);
  log('warning: the data has a userId column but cv.groupBy is not set, so the folds split users: one user\'s sessions land in both training and test, which flatters any score. Set `cv.groupBy: userId` for folds that keep each user on one side.');
}
