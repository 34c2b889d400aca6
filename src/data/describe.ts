/** A small summary of a loaded dataset for the data CLI and for logs: size, buyers, missingness. */
import { formatCount } from '../numbers.ts';
import type { Column, ColumnKind, Dataset, DataIdentity } from './types.ts';

export interface ColumnSummary {
  name: string;
  kind: ColumnKind;
  missing: number;
  missingRate: number;
  /** Distinct non-missing values (categorical and boolean columns). */
  distinct?: number;
  /** Range of non-missing values (numeric, boolean and datetime columns). */
  min?: number;
  max?: number;
}

export interface DatasetSummary {
  source: string;
  rows: number;
  /** Rows with target > 0; null without a target. */
  buyers: number | null;
  buyerRate: number | null;
  targetSum: number | null;
  targetMax: number | null;
  columns: ColumnSummary[];
}

export function describeColumn(name: string, column: Column): ColumnSummary {
  const n = column.values.length;
  if (column.kind === 'categorical') {
    let missing = 0;
    const seen = new Set<string>();
    for (const v of column.values) {
      if (v === null) missing++;
      else seen.add(v);
    }
    return { name, kind: column.kind, missing, missingRate: n ? missing / n : 0, distinct: seen.size };
  }
  let missing = 0;
  let min = Infinity;
  let max = -Infinity;
  const seen = column.kind === 'boolean' ? new Set<number>() : null;
  for (const v of column.values) {
    if (Number.isNaN(v)) {
      missing++;
      continue;
    }
    if (v < min) min = v;
    if (v > max) max = v;
    seen?.add(v);
  }
  const summary: ColumnSummary = { name, kind: column.kind, missing, missingRate: n ? missing / n : 0 };
  if (missing < n) Object.assign(summary, { min, max });
  if (seen) summary.distinct = seen.size;
  return summary;
}

/** Count of values above 0, their sum and the maximum (0 for no values): targets and predictions alike. */
export function summarizeValues(values: ArrayLike<number>): { n: number; positive: number; sum: number; max: number } {
  let positive = 0;
  let sum = 0;
  let max = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v > 0) positive++;
    sum += v;
    if (v > max) max = v;
  }
  return { n: values.length, positive, sum, max: values.length ? max : 0 };
}

export function describeDataset(ds: Dataset): DatasetSummary {
  const target = ds.target ? summarizeValues(ds.target) : null;
  const buyers = target?.positive ?? null;
  const sum = target?.sum ?? null;
  const max = target?.max ?? null;
  return {
    source: ds.identity.path ?? ds.identity.source,
    rows: ds.rowCount,
    buyers,
    buyerRate: buyers === null ? null : ds.rowCount ? buyers / ds.rowCount : 0,
    targetSum: sum,
    targetMax: max,
    columns: Object.entries(ds.columns).map(([name, col]) => describeColumn(name, col)),
  };
}

const pct = (x: number) => `${(100 * x).toFixed(x < 0.01 && x > 0 ? 2 : 1)}%`;

/** Plain-text rendering: one header paragraph, then one line per column. */
export function formatDatasetSummary(s: DatasetSummary): string {
  const lines = [`${s.source}: ${s.rows.toLocaleString('en-US')} rows`];
  if (s.buyers !== null) {
    lines.push(
      `buyers ${s.buyers.toLocaleString('en-US')} (${pct(s.buyerRate ?? 0)}), target sum ${s.targetSum!.toExponential(4)}, max ${s.targetMax!.toExponential(4)}`,
    );
  } else lines.push('no target column');
  const width = Math.max(6, ...s.columns.map((c) => c.name.length));
  for (const c of s.columns) {
    const extra = [
      c.distinct !== undefined ? `${c.distinct} distinct` : '',
      c.min !== undefined ? `range ${c.min}..${c.max}` : '',
    ].filter(Boolean).join(', ');
    lines.push(`  ${c.name.padEnd(width)}  ${c.kind.padEnd(11)}  missing ${pct(c.missingRate).padStart(6)}  ${extra}`);
  }
  return lines.join('\n');
}

/**
 * "rows used 20,000 of 30,000 (data.maxRows: 20000)": printed by every run and kept in its result,
 * so a row limit is never silent. `rowsInFile` is absent in result files older than it.
 */
export function rowsUsedLine(identity: DataIdentity, maxRows: number | null = null, shownPath?: string): string {
  const total = identity.rowsInFile ?? identity.rows;
  const where = identity.source === 'synthetic' ? 'synthetic data (data.synthetic.rows)' : (shownPath ?? identity.path ?? 'csv');
  const limit = identity.rows < total ? ` — limited by data.maxRows: ${maxRows ?? identity.rows}` : '';
  return `${where}: rows used ${formatCount(identity.rows)} of ${formatCount(total)}${limit}`;
}
