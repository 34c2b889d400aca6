/**
 * Which rows are a row's *strictly earlier* sessions: the rows of the same group (e.g. userId)
 * with a smaller time (e.g. sessionStart). Rows are sorted once by (group, time, row); a row's
 * earlier sessions are then the contiguous run of its group before the first row with its own
 * time, so sessions at the same instant never see each other. A row with a missing group or time
 * has no history and is nobody's history. Built once per dataset and reused for every fold.
 */
import { keysOf, numbersOf } from '../data/column-values.ts';
import type { Dataset } from '../data/types.ts';
import { UserError } from '../errors.ts';

export interface HistoryIndex {
  /** Rows sorted by (group, time, row), rows without a group or time last. */
  order: Int32Array;
  /** Position in `order` of the first of the row's earlier sessions. */
  first: Int32Array;
  /** Position in `order` just past the row's last earlier session; `end - first` is their count. */
  end: Int32Array;
  /** Time per row (NaN = missing). */
  time: Float64Array;
}

const cache = new WeakMap<Dataset, Map<string, HistoryIndex>>();

function column(data: Dataset, name: string, key: string) {
  const col = data.columns[name];
  if (!col) {
    throw new UserError('CSV_HEADER', `features.history needs the column ${JSON.stringify(name)}, which the data does not have.`, {
      file: data.identity.path ?? undefined,
      key,
      expected: `a column named ${JSON.stringify(name)} holding each session's ${key.endsWith('groupBy') ? 'user' : 'start time'}`,
      found: `columns ${Object.keys(data.columns).slice(0, 40).join(', ')}`,
      hint: 'Predicting with history needs every user\'s earlier sessions in the same file, with these columns.',
    });
  }
  return col;
}

export function historyIndex(data: Dataset, groupBy: string, timeColumn: string): HistoryIndex {
  const id = `${groupBy}\u0000${timeColumn}`;
  const hit = cache.get(data)?.get(id);
  if (hit) return hit;
  const keys = keysOf(column(data, groupBy, 'features.history.groupBy'));
  const time = numbersOf(column(data, timeColumn, 'features.history.time'));
  const n = data.rowCount;
  const usable = (r: number) => keys[r] !== null && Number.isFinite(time[r]);
  const order = Int32Array.from({ length: n }, (_, i) => i).sort((a, b) => {
    const ua = usable(a);
    const ub = usable(b);
    if (ua !== ub) return ua ? -1 : 1;
    if (!ua) return a - b;
    const ka = keys[a] as string;
    const kb = keys[b] as string;
    if (ka !== kb) return ka < kb ? -1 : 1;
    return time[a] - time[b] || a - b;
  });
  const first = new Int32Array(n);
  const end = new Int32Array(n);
  let groupStart = 0;
  let tieStart = 0;
  for (let p = 0; p < n; p++) {
    const r = order[p];
    if (!usable(r)) {
      first[r] = end[r] = p;
      continue;
    }
    const prev = p > 0 ? order[p - 1] : -1;
    if (prev < 0 || !usable(prev) || keys[prev] !== keys[r]) groupStart = tieStart = p;
    else if (time[prev] !== time[r]) tieStart = p;
    first[r] = groupStart;
    end[r] = tieStart;
  }
  const index = { order, first, end, time: Float64Array.from(time) };
  if (!cache.has(data)) cache.set(data, new Map());
  cache.get(data)!.set(id, index);
  return index;
}

/** The row's earlier sessions, oldest first. */
export function earlierRows(index: HistoryIndex, row: number): Int32Array {
  return index.order.subarray(index.first[row], index.end[row]);
}
