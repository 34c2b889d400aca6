/**
 * Shared plumbing for the feature steps: typed column access with user-facing errors, and the
 * "dense target" every step writes into, so the pipeline can fill one row-major matrix without
 * an intermediate copy per step.
 */
import type { Column, ColumnKind, Dataset } from '../data/types.ts';
import { UserError } from '../errors.ts';

/** Where a step writes: feature j of output row i lives at `x[i * stride + offset + j]`. */
export interface DenseTarget {
  x: Float32Array;
  stride: number;
  offset: number;
}

/**
 * Fetch a column of the kind the config gave it. `configKey` is the FeatureConfig key that listed
 * the column (e.g. `features.numeric`), named when the data lacks it (a saved model applied to
 * another file).
 */
export function columnOf<K extends ColumnKind>(
  data: Dataset,
  name: string,
  kind: K,
  configKey: string,
): Extract<Column, { kind: K }> {
  const col = data.columns[name];
  if (col === undefined) {
    throw new UserError('CSV_HEADER', `column ${JSON.stringify(name)} is not in the data, but the feature pipeline uses it.`, {
      file: data.identity.path ?? undefined,
      key: name,
      expected: `a column named ${JSON.stringify(name)} (listed under \`${configKey}\`)`,
      found: `columns ${Object.keys(data.columns).map((c) => JSON.stringify(c)).join(', ') || '(none)'}`,
      hint: 'Use data with the same columns the pipeline was configured (or fitted) with, or remove the column from the feature config and refit.',
    });
  }
  if (col.kind !== kind) {
    // Unreachable from a config: every loader types each column by columnSpecsFor(config), and the
    // config boundary lists each column under one kind. Reaching it is a bug in the caller.
    throw new Error(`column ${JSON.stringify(name)} (\`${configKey}\`) was loaded as ${col.kind}, not ${kind}: load the data with columnSpecsFor(config)`);
  }
  return col as Extract<Column, { kind: K }>;
}

/**
 * A step bound to one dataset, with its lookups (columns, category maps) resolved once: the
 * pipeline calls it for many small row tiles, so per-call setup must not be repeated.
 * Writes `rows.length` output rows into `out`, which must be zero-filled.
 */
export type RowWriter = (rows: ArrayLike<number>, out: DenseTarget) => void;

/** `0..n-1` as row indices (the default "all rows"). */
export function allRows(n: number): Int32Array {
  const rows = new Int32Array(n);
  for (let i = 0; i < n; i++) rows[i] = i;
  return rows;
}

/**
 * Count category values over `rows`, in first-seen order. Null (missing) is counted like any
 * other value: in GA data "missing" is informative, not noise.
 */
export function countCategories(values: ArrayLike<string | null>, rows: ArrayLike<number>): Map<string | null, number> {
  const counts = new Map<string | null, number>();
  for (let i = 0; i < rows.length; i++) {
    const v = values[rows[i]];
    counts.set(v, (counts.get(v) ?? 0) + 1);
  }
  return counts;
}

/**
 * Deterministic category order: count descending, then by value in code-unit order (not
 * localeCompare, whose order depends on the machine's ICU data), null first among equals.
 */
export function byCountThenName(a: [string | null, number], b: [string | null, number]): number {
  if (a[1] !== b[1]) return b[1] - a[1];
  if (a[0] === b[0]) return 0;
  if (a[0] === null) return -1;
  if (b[0] === null) return 1;
  return a[0] < b[0] ? -1 : 1;
}

/** The display token for a missing category in feature names. */
export const MISSING_TOKEN = '(missing)';
