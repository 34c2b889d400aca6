/**
 * In-memory session data: a columnar table. Loaders (CSV, synthetic) produce a `Dataset`; the
 * feature pipeline consumes it. Columns are typed once, at load, per the experiment's feature list.
 */

export type ColumnKind = 'numeric' | 'categorical' | 'boolean' | 'datetime';

/** Numbers; NaN marks a missing value (empty cell, "not available in demo dataset", "(not set)"...). */
export interface NumericColumn {
  kind: 'numeric';
  values: Float64Array;
}
/** Strings; null marks a missing value. Category tokens such as "(not set)" are kept as-is. */
export interface CategoricalColumn {
  kind: 'categorical';
  values: (string | null)[];
}
/** 0/1; NaN marks missing. Accepts True/False, true/false, 1/0, 1.0/0.0. */
export interface BooleanColumn {
  kind: 'boolean';
  values: Float64Array;
}
/** Unix seconds (UTC); NaN marks missing. */
export interface DatetimeColumn {
  kind: 'datetime';
  values: Float64Array;
}
export type Column = NumericColumn | CategoricalColumn | BooleanColumn | DatetimeColumn;

/** Which columns to load and how to type them. Columns not listed are not materialised. */
export interface ColumnSpec {
  name: string;
  kind: ColumnKind;
}

export interface DataIdentity {
  source: 'synthetic' | 'csv';
  /** Absolute path for csv; null for synthetic. */
  path: string | null;
  /** Rows used (after any `data.maxRows` limit). */
  rows: number;
  /** Data rows in the source (the whole file for a CSV; = rows for synthetic data). Absent in older result files. */
  rowsInFile?: number;
  /** sha256 of the CSV bytes, or of the generator's parameters + seed for synthetic data. */
  sha256: string;
  /** Share of rows with target > 0. */
  buyerRate: number;
  /** Header columns in file order (all of them, not only the loaded ones). */
  columns: string[];
  /** Generator parameters (synthetic only). */
  generator?: Record<string, unknown>;
}

export interface Dataset {
  identity: DataIdentity;
  rowCount: number;
  /** Loaded feature columns by their real names (dots included, e.g. `trafficSource.medium`). */
  columns: Record<string, Column>;
  /** Target on the original scale (purchase value in micros). Missing/empty → 0. Absent for prediction-only files. */
  target: Float64Array | null;
  /** Synthetic data only: the exact E[y | x] per row from the generating process. */
  oracle?: Float64Array;
  /** Optional id column for submissions, as strings. */
  ids?: string[];
  /** The seeds the loader used, by name (`data`: the synthetic generator's); absent for data built in memory. */
  seeds?: Record<string, number>;
}
