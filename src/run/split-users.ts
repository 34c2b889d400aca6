/**
 * Ungrouped folds on data where users come back: a user's sessions then land on both sides of a
 * fold, which flatters any score (the model has seen the user). Whether users come back:
 *  - synthetic data knows it by construction: only `mode: users` has returning users. The
 *    session-level generator draws each session independently, with a random userId from
 *    1..125000, so equal ids there (about 1,600 pairs in 20,000 rows) are unrelated sessions;
 *  - a CSV tells it by its values: some userId occurs twice. The loader reads the column for
 *    that when the folds are ungrouped (loadsUserColumn).
 */
import type { ExperimentConfig } from '../config/types.ts';
import { readCsvHeader } from '../data/csv-header.ts';
import type { Column, Dataset } from '../data/types.ts';

export const USER_COLUMN = 'userId';

/** Whether to load the user column for the check: a CSV with ungrouped folds whose header has it. */
export async function loadsUserColumn(config: ExperimentConfig): Promise<boolean> {
  const { data } = config;
  if (config.cv.groupBy || data.source !== 'csv' || data.path === null) return false;
  return ((await readCsvHeader(data.path)) ?? []).includes(USER_COLUMN);
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

/** Whether a user has more than one session (see the module comment). */
export function usersReturn(data: Dataset): boolean {
  if (data.identity.source === 'synthetic') return data.identity.generator?.mode === 'users';
  const users = data.columns[USER_COLUMN];
  return users !== undefined && valuesRepeat(users);
}

const warned = new Set<string>();

/** Once per process and data set: ungrouped folds on data whose users come back. */
export function warnFoldsSplitUsers(config: ExperimentConfig, data: Dataset, log: ((line: string) => void) | undefined): void {
  if (!log || config.cv.groupBy || warned.has(data.identity.sha256) || !usersReturn(data)) return;
  warned.add(data.identity.sha256);
  log('warning: the data has a userId column but cv.groupBy is not set, so the folds split users: one user\'s sessions land in both training and test, which flatters any score. Set `cv.groupBy: userId` for folds that keep each user on one side.');
}
