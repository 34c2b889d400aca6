/**
 * Numeric columns: fill missing, optional log1p, then scale — all statistics from the training
 * rows only (like sklearn's SimpleImputer → FunctionTransformer(np.log1p) → StandardScaler /
 * MinMaxScaler, fitted on the training fold).
 *
 * Decisions:
 * - NaN is missing (the loader's convention); ±Infinity is treated as missing too, because one
 *   infinite value would turn the fold's mean and std into NaN.
 * - `missing: 'median'` fills with the median of the raw (pre-log1p) non-missing training values;
 *   a column with no non-missing training value is filled with 0.
 * - log1p is applied to the filled value after clamping it at 0. log1p columns are counts and
 *   durations, where a negative value is an encoding artefact; plain log1p would return NaN below
 *   -1 and poison training, so we clamp rather than propagate it.
 * - standard: population std (ddof = 0, as sklearn); a constant column gets std 1 (output 0).
 *   minmax: (v - min) / (max - min) on the training range; a constant column gets range 1, so it
 *   maps to 0 on training rows. Values outside the training range are not clipped.
 */
import type { FeatureConfig, ScalerName } from './config.ts';
import type { Dataset } from '../data/types.ts';
import { UserError } from '../errors.ts';
import { columnOf, type RowWriter } from './column.ts';

export interface NumericColumnState {
  column: string;
  /** Value used for a missing cell (raw scale, before log1p). */
  fill: number;
  log1p: boolean;
  /** Output = (transformed - center) / scale. */
  center: number;
  scale: number;
}

export interface NumericState {
  step: 'numeric';
  missing: FeatureConfig['missing'];
  scaler: ScalerName;
  columns: NumericColumnState[];
}

const KEY = 'features.numeric';

function transform(v: number, fill: number, log1p: boolean): number {
  const filled = Number.isFinite(v) ? v : fill;
  return log1p ? Math.log1p(filled > 0 ? filled : 0) : filled;
}

function median(sorted: Float64Array): number {
  const n = sorted.length;
  if (n === 0) return 0;
  const h = n >> 1;
  return n % 2 === 1 ? sorted[h] : (sorted[h - 1] + sorted[h]) / 2;
}

function fitColumn(config: FeatureConfig, data: Dataset, column: string, rows: ArrayLike<number>): NumericColumnState {
  const values = columnOf(data, column, 'numeric', KEY).values;
  const n = rows.length;
  const log1p = config.log1p.includes(column);

  let fill = 0;
  if (config.missing === 'median') {
    const present = new Float64Array(n);
    let k = 0;
    for (let i = 0; i < n; i++) {
      const v = values[rows[i]];
      if (Number.isFinite(v)) present[k++] = v;
    }
    fill = median(present.subarray(0, k).sort());
  }

  // Transformed training values, read once; the scaler statistics are computed on them.
  const t = new Float64Array(n);
  for (let i = 0; i < n; i++) t[i] = transform(values[rows[i]], fill, log1p);

  let center = 0;
  let scale = 1;
  if (config.scaler === 'standard') {
    let sum = 0;
    for (let i = 0; i < n; i++) sum += t[i];
    const mean = sum / n;
    let ss = 0;
    for (let i = 0; i < n; i++) ss += (t[i] - mean) * (t[i] - mean);
    const std = Math.sqrt(ss / n);
    center = mean;
    scale = std > 0 ? std : 1;
  } else if (config.scaler === 'minmax') {
    let lo = Infinity;
    let hi = -Infinity;
    for (let i = 0; i < n; i++) {
      if (t[i] < lo) lo = t[i];
      if (t[i] > hi) hi = t[i];
    }
    center = lo;
    scale = hi > lo ? hi - lo : 1;
  }
  if (!Number.isFinite(center) || !Number.isFinite(scale) || !Number.isFinite(fill)) {
    throw new UserError('DATA_DEGENERATE', `numeric column ${JSON.stringify(column)} has values too large to scale in the training fold.`, {
      key: KEY,
      expected: 'finite mean, spread and median',
      found: `center ${center}, scale ${scale}, fill ${fill}`,
      hint: `Add ${JSON.stringify(column)} to \`features.log1p\` or check the column for corrupt values.`,
    });
  }
  return { column, fill, log1p, center, scale };
}

/** Learn fill values and scaler statistics for every `config.numeric` column from `rows` only. */
export function fitNumeric(config: FeatureConfig, data: Dataset, rows: ArrayLike<number>): NumericState {
  if (rows.length === 0 && config.numeric.length > 0) {
    throw new UserError('DATA_DEGENERATE', 'cannot fit numeric features on 0 training rows.', { key: KEY });
  }
  return {
    step: 'numeric',
    missing: config.missing,
    scaler: config.scaler,
    columns: config.numeric.map((c) => fitColumn(config, data, c, rows)),
  };
}

export function numericFeatureNames(state: NumericState): string[] {
  return state.columns.map((c) => c.column);
}

export function numericWriter(state: NumericState, data: Dataset): RowWriter {
  const cols = state.columns.map((s) => ({ ...s, values: columnOf(data, s.column, 'numeric', KEY).values }));
  return (rows, { x, stride, offset }) => {
    const n = rows.length;
    for (let j = 0; j < cols.length; j++) {
      const { values, fill, log1p, center, scale } = cols[j];
      let p = offset + j;
      // Two loops rather than a per-cell branch on log1p: this is the hottest loop of apply.
      if (log1p) {
        for (let i = 0; i < n; i++, p += stride) {
          const v = values[rows[i]];
          const f = v - v === 0 ? v : fill; // finite check without a call: NaN and ±Infinity give NaN
          x[p] = (Math.log1p(f > 0 ? f : 0) - center) / scale;
        }
      } else {
        for (let i = 0; i < n; i++, p += stride) {
          const v = values[rows[i]];
          x[p] = ((v - v === 0 ? v : fill) - center) / scale;
        }
      }
    }
  };
}
