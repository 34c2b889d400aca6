/** A small summary of a loaded dataset for the data CLI and for logs: size, buyers, missingness. */
import { formatCount, formatNumber, formatShare, type TargetUnit } from '../numbers.ts';
import type { InferredColumn } from './infer.ts';
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

const pct = (x: number) => formatShare(x);

/** Plain-text rendering: one header paragraph, then one line per column. */
export function formatDatasetSummary(s: DatasetSummary): string {
  const lines = [`${s.source}: ${formatCount(s.rows)} rows`];
  if (s.buyers !== null) {
    lines.push(
      `buyers ${formatCount(s.buyers)} (${pct(s.buyerRate ?? 0)}), target sum ${formatNumber(s.targetSum)}, max ${formatNumber(s.targetMax)}`,
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

const when = (s: number) => `${new Date(s * 1000).toISOString().slice(0, 16).replace('T', ' ')}`;

/** One line of `data describe` per inferred column: its kind, missing share and what it holds. */
export function inferredColumnLine(c: InferredColumn, unit: TargetUnit | null = null): string[] {
  const missing = c.missing ? `${formatShare(c.missing / c.rows)} missing` : 'none missing';
  const n = (x: number | undefined) => formatNumber(x, { unit });
  const topText = (top: [string, number][]) => top.map(([v, k]) => `${JSON.stringify(v)} ${formatShare(k / (c.rows - c.missing))}`).join(', ');
  switch (c.kind) {
    case 'numeric':
      return [
        `${c.integer ? 'integer' : 'decimal'} ${n(c.min)} .. ${n(c.max)}, median ${n(c.median)}, p99 ${n(c.p99)}`,
        `${formatCount(c.zeros ?? 0)} zeros (${formatShare((c.zeros ?? 0) / c.rows)}), ${missing}${c.skewed ? ', right-skewed' : ''}`,
      ];
    case 'datetime':
      return [`${c.format}, ${when(c.min!)} .. ${when(c.max!)} UTC, ${missing}`];
    case 'boolean':
      return [`${formatShare((c.trueCount ?? 0) / (c.rows - c.missing))} true, ${missing}`];
    case 'categorical':
      return [`${formatCount(c.distinct)} distinct${c.unique ? ' (all different: an id?)' : ''}, ${missing}`, `top: ${topText(c.top ?? [])}`];
    default:
      return ['every cell is empty'];
  }
}

/** `npm run data -- describe FILE`: size, target, then every column with its inferred kind. */
export function formatInference(file: string, columns: InferredColumn[], target: string | null, unit: TargetUnit | null = null): string {
  const rows = columns[0]?.rows ?? 0;
  const lines = [`${file}: ${formatCount(rows)} rows × ${columns.length} columns`];
  const t = columns.find((c) => c.name === target);
  if (t && (t.kind === 'numeric' || t.kind === 'empty')) {
    const positive = rows - t.missing - (t.zeros ?? 0);
    lines.push(`target ${t.name}: ${formatCount(positive)} rows > 0 (${formatShare(positive / rows)}); empty cells count as 0; positive values up to ${formatNumber(t.max, { unit })}`);
  } else lines.push(target ? `no numeric target column ${JSON.stringify(target)} (pass --target COL)` : 'no target column (pass --target COL)');
  const w = Math.max(6, ...columns.map((c) => c.name.length));
  for (const c of columns) {
    const isTarget = c.name === target;
    const [first, ...rest] = inferredColumnLine(c, isTarget ? unit : null).map((l) => (isTarget ? l.replace(/ missing/, ' empty (= 0, no purchase)') : l));
    lines.push(`  ${c.name.padEnd(w)}  ${c.kind.padEnd(11)}  ${first}`);
    for (const r of rest) lines.push(`  ${''.padEnd(w)}  ${''.padEnd(11)}  ${r}`);
  }
  return lines.join('\n');
}
