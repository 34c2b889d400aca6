/**
 * `features.history`: what a user's strictly earlier sessions show, as features of the current
 * one. Earlier = same `groupBy` value, smaller `time` (history-index.ts); the current session and
 * any later one are never read, so history is known at session start and a real-time model may
 * use it. Two outputs:
 *
 *  - aggregates (the hand-made, feature-engineered baseline), standardised with training-fold
 *    statistics: number of earlier sessions, whether there are none, days since the previous one,
 *    sum / max / last of each `counts` column (page views, hits), earlier purchases, log of their
 *    total amount, days since the last purchase (log1p of every count, amount and duration);
 *  - a sequence block for `model.type: sequence`: the previous `steps` sessions, most recent first,
 *    each as its own feature vector (the pipeline's other features of that row) plus log1p of its
 *    counts, whether it bought, log1p(amount) / 10, log1p(days until the current session) and a
 *    1 marking a real step (padding steps are all zero).
 *
 * Earlier sessions' purchase values are history too: the `amount` column (the target) of earlier
 * rows is read, never the current row's.
 */
import type { HistoryFeatureConfig } from './config.ts';
import { numbersOf } from '../data/column-values.ts';
import type { Dataset } from '../data/types.ts';
import { UserError } from '../errors.ts';
import type { RowWriter } from './column.ts';
import { earlierRows, historyIndex, type HistoryIndex } from './history-index.ts';

export interface HistoryState {
  step: 'history';
  config: HistoryFeatureConfig;
  /** Aggregate names (empty when `aggregates` is false), with their training-fold centre and scale. */
  names: string[];
  center: number[];
  scale: number[];
}

/** Where the sequence block sits in a feature row, for `type: sequence`. */
export interface SequenceLayout {
  offset: number;
  steps: number;
  /** Features per step: `baseWidth` session features, then the extras. */
  width: number;
  baseWidth: number;
}

const DAY = 86400;
const log1p = (v: number) => Math.log1p(Number.isFinite(v) && v > 0 ? v : 0);

export function aggregateNames(c: HistoryFeatureConfig): string[] {
  if (!c.aggregates) return [];
  const perCount = c.counts.flatMap((col) => [`history.${col}.sum`, `history.${col}.max`, `history.${col}.last`]);
  return ['history.sessions', 'history.first', 'history.daysSincePrevious', ...perCount, 'history.purchases', 'history.logAmount', 'history.daysSincePurchase'];
}

export function stepExtraNames(c: HistoryFeatureConfig): string[] {
  return [...c.counts.map((col) => `${col}.log1p`), 'bought', 'logAmount', 'daysBefore', 'present'];
}

interface Bound {
  index: HistoryIndex;
  counts: Float64Array[];
  amount: Float64Array;
}

function bind(c: HistoryFeatureConfig, data: Dataset): Bound {
  const index = historyIndex(data, c.groupBy, c.time);
  const numeric = (name: string, key: string) => {
    const col = data.columns[name];
    if (!col) {
      throw new UserError('CSV_HEADER', `features.history reads earlier sessions' ${JSON.stringify(name)}, which the data does not have.`, {
        file: data.identity.path ?? undefined,
        key,
        expected: `a column ${JSON.stringify(name)}`,
        found: 'no such column',
        hint: key === 'features.history.amount'
          ? 'To predict with history, give the file every user\'s earlier sessions with their purchase values (the rows to predict may leave theirs empty).'
          : 'Use data with the columns the history was configured with.',
      });
    }
    return numbersOf(col);
  };
  return { index, counts: c.counts.map((name) => numeric(name, 'features.history.counts')), amount: numeric(c.amount, 'features.history.amount') };
}

/** How many rows of `data` have at least one earlier session of their user in `data`. */
export function rowsWithEarlierSessions(state: HistoryState, data: Dataset): number {
  const index = historyIndex(data, state.config.groupBy, state.config.time);
  let n = 0;
  for (let r = 0; r < data.rowCount; r++) if (index.end[r] > index.first[r]) n++;
  return n;
}

/** Raw (unstandardised) aggregates of one row into `out[at..]`. */
function rawAggregates(b: Bound, row: number, out: Float64Array | Float32Array, at: number): void {
  const earlier = earlierRows(b.index, row);
  const t0 = b.index.time[row];
  const n = earlier.length;
  let k = at;
  out[k++] = Math.log1p(n);
  out[k++] = n === 0 ? 1 : 0;
  out[k++] = n === 0 ? 0 : log1p((t0 - b.index.time[earlier[n - 1]]) / DAY);
  for (const values of b.counts) {
    let sum = 0;
    let max = 0;
    for (const r of earlier) {
      const v = Number.isFinite(values[r]) ? values[r] : 0;
      sum += v;
      if (v > max) max = v;
    }
    out[k++] = log1p(sum);
    out[k++] = log1p(max);
    out[k++] = n === 0 ? 0 : log1p(values[earlier[n - 1]]);
  }
  let buys = 0;
  let total = 0;
  let lastBuy = NaN;
  for (const r of earlier) {
    const a = b.amount[r];
    if (a > 0) {
      buys += 1;
      total += a;
      lastBuy = b.index.time[r];
    }
  }
  out[k++] = Math.log1p(buys);
  out[k++] = log1p(total);
  out[k++] = buys === 0 ? 0 : log1p((t0 - lastBuy) / DAY);
}

export function fitHistory(c: HistoryFeatureConfig, data: Dataset, rows: Int32Array): HistoryState {
  const names = aggregateNames(c);
  const w = names.length;
  const center = new Array<number>(w).fill(0);
  const scale = new Array<number>(w).fill(1);
  if (w > 0) {
    const b = bind(c, data);
    const buf = new Float64Array(w);
    const sum = new Float64Array(w);
    const sq = new Float64Array(w);
    for (const r of rows) {
      rawAggregates(b, r, buf, 0);
      for (let j = 0; j < w; j++) {
        sum[j] += buf[j];
        sq[j] += buf[j] * buf[j];
      }
    }
    for (let j = 0; j < w; j++) {
      center[j] = sum[j] / rows.length;
      const sd = Math.sqrt(Math.max(0, sq[j] / rows.length - center[j] ** 2));
      scale[j] = sd > 1e-12 ? sd : 1;
    }
  }
  return { step: 'history', config: { ...c, counts: [...c.counts] }, names, center, scale };
}

export function historyWriter(state: HistoryState, data: Dataset): RowWriter {
  const b = bind(state.config, data);
  const w = state.names.length;
  const buf = new Float64Array(w);
  return (rows, out) => {
    for (let i = 0; i < rows.length; i++) {
      rawAggregates(b, rows[i], buf, 0);
      const base = i * out.stride + out.offset;
      for (let j = 0; j < w; j++) out.x[base + j] = (buf[j] - state.center[j]) / state.scale[j];
    }
  };
}

/**
 * Fill the sequence block of `rows` into x (row-major, `stride` wide). `baseFeatures(earlier)`
 * returns the pipeline's other features of those rows, `layout.baseWidth` each.
 */
export function writeSequence(
  state: HistoryState, data: Dataset, rows: Int32Array, x: Float32Array, stride: number, layout: SequenceLayout,
  baseFeatures: (rows: Int32Array) => Float32Array,
): { rowsWithHistory: number } {
  const b = bind(state.config, data);
  const { steps, width, baseWidth, offset } = layout;
  const picked = new Map<number, number>();
  for (const r of rows) {
    const earlier = earlierRows(b.index, r);
    for (let k = 0; k < Math.min(steps, earlier.length); k++) {
      const j = earlier[earlier.length - 1 - k];
      if (!picked.has(j)) picked.set(j, picked.size);
    }
  }
  const base = baseFeatures(Int32Array.from(picked.keys()));
  let rowsWithHistory = 0;
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i];
    const earlier = earlierRows(b.index, r);
    if (earlier.length > 0) rowsWithHistory += 1;
    for (let k = 0; k < Math.min(steps, earlier.length); k++) {
      const j = earlier[earlier.length - 1 - k];
      const at = i * stride + offset + k * width;
      const from = picked.get(j)! * baseWidth;
      x.set(base.subarray(from, from + baseWidth), at);
      let e = at + baseWidth;
      for (const values of b.counts) x[e++] = log1p(values[j]);
      const amount = b.amount[j] > 0 ? b.amount[j] : 0;
      x[e++] = amount > 0 ? 1 : 0;
      x[e++] = Math.log1p(amount) / 10;
      x[e++] = log1p((b.index.time[r] - b.index.time[j]) / DAY);
      x[e++] = 1;
    }
  }
  return { rowsWithHistory };
}
