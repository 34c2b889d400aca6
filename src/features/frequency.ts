/**
 * Frequency encoding: a category becomes the share of training rows holding it (missing counts
 * as a value, as in one-hot); a category never seen in training becomes 0. One feature per column.
 */
import type { FeatureConfig } from './config.ts';
import type { Dataset } from '../data/types.ts';
import { UserError } from '../errors.ts';
import { byCountThenName, columnOf, countCategories, type RowWriter } from './column.ts';

export interface FrequencyState {
  step: 'frequency';
  column: string;
  /** [category, share of training rows], count descending then name; null is the missing value. */
  shares: [string | null, number][];
}

const KEY = 'features.categorical';

export function fitFrequency(_config: FeatureConfig, data: Dataset, rows: ArrayLike<number>, column: string): FrequencyState {
  const values = columnOf(data, column, 'categorical', KEY).values;
  if (rows.length === 0) {
    throw new UserError('DATA_DEGENERATE', `cannot fit a frequency encoding of ${JSON.stringify(column)} on 0 training rows.`, { key: KEY });
  }
  const ranked = [...countCategories(values, rows)].sort(byCountThenName);
  return { step: 'frequency', column, shares: ranked.map(([v, n]) => [v, n / rows.length]) };
}

export function frequencyFeatureNames(state: FrequencyState): string[] {
  return [`${state.column}:frequency`];
}

export function frequencyWriter(state: FrequencyState, data: Dataset): RowWriter {
  const values = columnOf(data, state.column, 'categorical', KEY).values;
  const share = new Map(state.shares);
  return (rows, { x, stride, offset }) => {
    for (let i = 0, n = rows.length; i < n; i++) x[i * stride + offset] = share.get(values[rows[i]]) ?? 0;
  };
}
