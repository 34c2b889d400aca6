/**
 * Boolean columns → 0/1, missing → 0. Nothing is learned from the data; the state only records
 * which columns were fitted so apply can refuse data that lacks one.
 */
import type { FeatureConfig } from './config.ts';
import type { Dataset } from '../data/types.ts';
import { columnOf, type RowWriter } from './column.ts';

export interface BooleanState {
  step: 'boolean';
  columns: string[];
}

const KEY = 'features.boolean';

/** Checks that each `config.boolean` column exists and is boolean; `rows` is unused (no statistics). */
export function fitBoolean(config: FeatureConfig, data: Dataset, _rows: ArrayLike<number>): BooleanState {
  for (const c of config.boolean) columnOf(data, c, 'boolean', KEY);
  return { step: 'boolean', columns: [...config.boolean] };
}

export function booleanFeatureNames(state: BooleanState): string[] {
  return [...state.columns];
}

export function booleanWriter(state: BooleanState, data: Dataset): RowWriter {
  const cols = state.columns.map((c) => columnOf(data, c, 'boolean', KEY).values);
  return (rows, { x, stride, offset }) => {
    const n = rows.length;
    for (let j = 0; j < cols.length; j++) {
      const values = cols[j];
      let p = offset + j;
      // Anything but an exact 1 (0, NaN) becomes 0, so a stray value can never leak into x as NaN.
      for (let i = 0; i < n; i++, p += stride) x[p] = values[rows[i]] === 1 ? 1 : 0;
    }
  };
}
