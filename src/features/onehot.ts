/**
 * One-hot encoding of a categorical column. Categories are counted on the training rows;
 * those seen fewer than `minCategoryCount` times are folded into an "(other)" slot. Missing
 * (null) is a category like any other — in GA data "not recorded" carries signal.
 *
 * Column order is count descending, then name, so feature names are stable across runs and
 * machines. At apply time an unseen category becomes all zeros (`unseenCategory: 'zeros'`) or
 * the "(other)" slot (`'other'`); a category that was rare in training always goes to "(other)".
 * The "(other)" slot exists when something was folded in training or when unseen values go there.
 */
import type { FeatureConfig } from './config.ts';
import type { Dataset } from '../data/types.ts';
import { byCountThenName, columnOf, countCategories, MISSING_TOKEN, type RowWriter } from './column.ts';

export interface OneHotState {
  step: 'onehot';
  column: string;
  /** Kept categories in output order; null is the missing category. */
  categories: (string | null)[];
  /** Categories seen in training but folded into "(other)" (sorted by count, then name). */
  folded: (string | null)[];
  /** Whether the last output column is the "(other)" slot. */
  other: boolean;
  unseen: FeatureConfig['unseenCategory'];
}

const KEY = 'features.categorical';
export const OTHER_TOKEN = '(other)';

export function fitOneHot(config: FeatureConfig, data: Dataset, rows: ArrayLike<number>, column: string): OneHotState {
  const values = columnOf(data, column, 'categorical', KEY).values;
  const ranked = [...countCategories(values, rows)].sort(byCountThenName);
  const kept = ranked.filter(([, n]) => n >= config.minCategoryCount).map(([v]) => v);
  const folded = ranked.filter(([, n]) => n < config.minCategoryCount).map(([v]) => v);
  return {
    step: 'onehot',
    column,
    categories: kept,
    folded,
    other: folded.length > 0 || config.unseenCategory === 'other',
    unseen: config.unseenCategory,
  };
}

export function oneHotFeatureNames(state: OneHotState): string[] {
  const names = state.categories.map((c) => `${state.column}=${c === null ? MISSING_TOKEN : c}`);
  if (state.other) names.push(`${state.column}=${OTHER_TOKEN}`);
  return names;
}

/** Writes ones only: `out` must be zero-filled in this block (a fresh Float32Array is). */
export function oneHotWriter(state: OneHotState, data: Dataset): RowWriter {
  const values = columnOf(data, state.column, 'categorical', KEY).values;
  const slot = new Map<string | null, number>();
  state.categories.forEach((c, j) => slot.set(c, j));
  const otherSlot = state.other ? state.categories.length : -1;
  for (const c of state.folded) slot.set(c, otherSlot);
  const unseenSlot = state.unseen === 'other' ? otherSlot : -1;
  return (rows, { x, stride, offset }) => {
    for (let i = 0, n = rows.length; i < n; i++) {
      const j = slot.get(values[rows[i]]) ?? unseenSlot;
      if (j >= 0) x[i * stride + offset + j] = 1;
    }
  };
}
