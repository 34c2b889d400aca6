/** A column's values as group keys or as numbers, whatever kind it was loaded as. */
import type { Column } from './types.ts';

/** Strings per row (numbers printed), null where missing. */
export function keysOf(col: Column): (string | null)[] {
  if (col.kind === 'categorical') return col.values;
  return Array.from(col.values, (v) => (Number.isNaN(v) ? null : String(v)));
}

/** Numbers per row, NaN where missing or not a number. */
export function numbersOf(col: Column): Float64Array {
  if (col.kind !== 'categorical') return col.values;
  return Float64Array.from(col.values, (v) => (v === null || v.trim() === '' ? NaN : Number(v)));
}
