/**
 * What kind of column is this? From the raw cells of any CSV (not only the Engage2Value schema):
 * boolean (True/False words), numeric (every cell a decimal), datetime (unix seconds of this
 * century in a time-like or mostly-distinct integer column, ISO 8601 dates), else categorical.
 * Each kind comes with the figures a person needs to choose an encoding: ranges and the median,
 * zeros and missing cells, distinct counts and the top values.
 */
import { isNumericMissing, parseDatetimeCell } from './cells.ts';

export type InferredKind = 'numeric' | 'boolean' | 'categorical' | 'datetime' | 'empty';

export interface InferredColumn {
  name: string;
  kind: InferredKind;
  rows: number;
  missing: number;
  distinct: number;
  /** numeric and datetime: over non-missing cells (datetime in unix seconds). */
  min?: number;
  median?: number;
  max?: number;
  p99?: number;
  zeros?: number;
  integer?: boolean;
  /** numeric: a heavy right tail (log1p before scaling helps). */
  skewed?: boolean;
  /** datetime: how the cells are written. */
  format?: 'unix seconds' | 'ISO 8601' | 'YYYYMMDD';
  /** boolean: cells that are true. */
  trueCount?: number;
  /** categorical and boolean: the most frequent values, most frequent first. */
  top?: [string, number][];
  /** categorical: every non-missing value is different (an id, not a feature). */
  unique?: boolean;
}

const TRUE_WORDS = new Set(['true', 'True', 'TRUE']);
const FALSE_WORDS = new Set(['false', 'False', 'FALSE']);
const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const ISO = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?(Z|[+-]\d{2}:?\d{2})?$/;
const TIME_NAME = /(time|date|start|end|stamp|_at$|^ts$|^at$)/i;
// Unix seconds from 2000-01-01 to 2100-01-01: below, a count; above, milliseconds or an id.
const UNIX_MIN = 946_684_800;
const UNIX_MAX = 4_102_444_800;

function quantile(sorted: Float64Array, q: number): number {
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

function counts(values: readonly (string | null)[]): { missing: number; freq: Map<string, number> } {
  let missing = 0;
  const freq = new Map<string, number>();
  for (const v of values) {
    if (v === null) missing++;
    else freq.set(v, (freq.get(v) ?? 0) + 1);
  }
  return { missing, freq };
}

const topOf = (freq: Map<string, number>, n: number): [string, number][] => [...freq].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, n);

/** Infer one column from its raw cells (null = an empty or "not available" cell). */
export function inferColumn(name: string, values: readonly (string | null)[]): InferredColumn {
  const rows = values.length;
  const { missing: blank, freq } = counts(values);
  // Placeholders such as "(not set)" or "NaN" are missing in a column that is otherwise numeric.
  const tokens = [...freq.keys()].filter((t) => !isNumericMissing(t));
  const placeholder = [...freq].filter(([t]) => isNumericMissing(t)).reduce((n, [, c]) => n + c, 0);
  const base = { name, rows, distinct: freq.size };
  if (freq.size === 0) return { ...base, kind: 'empty', missing: rows };

  if (tokens.length > 0 && tokens.every((t) => TRUE_WORDS.has(t.trim()) || FALSE_WORDS.has(t.trim()))) {
    const trueCount = tokens.filter((t) => TRUE_WORDS.has(t.trim())).reduce((n, t) => n + freq.get(t)!, 0);
    return { ...base, kind: 'boolean', missing: blank + placeholder, trueCount, top: topOf(freq, 2) };
  }
  if (tokens.length > 0 && tokens.every((t) => DECIMAL.test(t.trim()))) {
    const nums = new Float64Array(rows - blank - placeholder);
    let k = 0;
    for (const v of values) if (v !== null && !isNumericMissing(v)) nums[k++] = Number(v.trim());
    nums.sort();
    const integer = nums.every((x) => Number.isInteger(x));
    const min = nums[0];
    const max = nums[nums.length - 1];
    const median = quantile(nums, 0.5);
    const p99 = quantile(nums, 0.99);
    const stats = { min, max, median, p99, integer };
    const timeLike = integer && min >= UNIX_MIN && max <= UNIX_MAX && (TIME_NAME.test(name) || freq.size > 0.5 * nums.length);
    const compactDates = integer && min >= 19000101 && max <= 21991231 && TIME_NAME.test(name);
    if (compactDates) {
      // Sorted YYYYMMDD integers are sorted dates: the ends are the range.
      return { ...base, kind: 'datetime', missing: blank + placeholder, min: parseDatetimeCell(String(min)), max: parseDatetimeCell(String(max)), format: 'YYYYMMDD' };
    }
    if (timeLike) return { ...base, ...stats, kind: 'datetime', missing: blank + placeholder, format: 'unix seconds' };
    let zeros = 0;
    for (const x of nums) if (x === 0) zeros++;
    // A count or amount whose top percent sits far above its middle: log1p tames it.
    const mid = Math.max(median, 1);
    const skewed = min >= 0 && max > 0 && (p99 > 5 * mid || max > 20 * mid);
    return { ...base, ...stats, kind: 'numeric', missing: blank + placeholder, zeros, skewed };
  }
  const isoLike = tokens.every((t) => ISO.test(t.trim()) || (/^\d{8}$/.test(t.trim()) && TIME_NAME.test(name)));
  if (isoLike) {
    const secs: number[] = [];
    try {
      for (const v of values) if (v !== null && !isNumericMissing(v)) secs.push(parseDatetimeCell(v));
      secs.sort((a, b) => a - b);
      const format = tokens.every((t) => /^\d{8}$/.test(t.trim())) ? 'YYYYMMDD' : 'ISO 8601';
      return { ...base, kind: 'datetime', missing: blank + placeholder, min: secs[0], max: secs[secs.length - 1], format };
    } catch {
      // Not a date after all (an impossible calendar day): categorical.
    }
  }
  return { ...base, kind: 'categorical', missing: blank, top: topOf(freq, 5), unique: freq.size === rows - blank && freq.size > 50 };
}

/** Every column of a table of raw cells, in header order. */
export function inferColumns(columns: Record<string, readonly (string | null)[]>): InferredColumn[] {
  return Object.entries(columns).map(([name, values]) => inferColumn(name, values));
}
