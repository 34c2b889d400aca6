/**
 * Cell parsers shared by the CSV loader and the synthetic generator, so that a synthetic table
 * typed in memory and the same table written to CSV and read back are identical by construction.
 *
 * Parsers return the typed value (NaN / null for a missing token, see `engage2value.ts`) and
 * throw `CellError` for a value they cannot read; the caller knows the file, line and column and
 * turns it into a `UserError`.
 */
import { CATEGORICAL_MISSING, NOT_AVAILABLE, NUMERIC_MISSING } from './engage2value.ts';
import type { Column, ColumnKind } from './types.ts';

/** A cell that is neither a value of its column's kind nor a missing token. */
export class CellError extends Error {
  readonly expected: string;
  readonly found: string;
  constructor(expected: string, found: string) {
    super(`expected ${expected}, got ${JSON.stringify(found)}`);
    this.name = 'CellError';
    this.expected = expected;
    this.found = found;
  }
}

// Plain decimal only: Number() alone would also accept "0x1A", "0b1", "Infinity" and "".
const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

export function isNumericMissing(text: string): boolean {
  return NUMERIC_MISSING.has(text) || NUMERIC_MISSING.has(text.trim());
}

/**
 * The largest magnitude a numeric cell may have. Features become float32 tensors, whose squares
 * must stay finite (float32 ends near 3.4e38); a value beyond 1e18 is a unit or export error
 * (1e300 in a page-view count), never data.
 */
export const MAX_CELL_MAGNITUDE = 1e18;

/** "10.0", "1", "1e3", " 7 " → number; a missing token → NaN; anything else (incl. Infinity) throws. */
export function parseNumericCell(text: string): number {
  if (NUMERIC_MISSING.has(text)) return NaN;
  const t = text.trim();
  if (NUMERIC_MISSING.has(t)) return NaN;
  if (!DECIMAL.test(t)) throw new CellError('a finite number or a missing token', text);
  const v = Number(t);
  if (!Number.isFinite(v)) throw new CellError('a finite number (this one overflows)', text);
  if (Math.abs(v) > MAX_CELL_MAGNITUDE) throw new CellError(`a number within ±${MAX_CELL_MAGNITUDE.toExponential()} (larger magnitudes are unit or export errors)`, text);
  return v;
}

const TRUE_TOKENS = new Set(['True', 'true', 'TRUE', '1', '1.0']);
const FALSE_TOKENS = new Set(['False', 'false', 'FALSE', '0', '0.0']);

/** True/False, true/false, 1/0, 1.0/0.0 → 1/0; a missing token → NaN. */
export function parseBooleanCell(text: string): number {
  if (TRUE_TOKENS.has(text)) return 1;
  if (FALSE_TOKENS.has(text)) return 0;
  const t = text.trim();
  if (TRUE_TOKENS.has(t)) return 1;
  if (FALSE_TOKENS.has(t)) return 0;
  if (NUMERIC_MISSING.has(t)) return NaN;
  throw new CellError('a boolean (True/False, true/false, 1/0) or a missing token', text);
}

const YYYYMMDD = /^(\d{4})(\d{2})(\d{2})$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?(Z|[+-]\d{2}:?\d{2})?$/;

/**
 * → unix seconds (UTC). Accepts unix seconds ("1494262567"), a compact calendar date
 * ("20170508", GA's `date` column: an eight-digit valid date is read as YYYYMMDD, because unix
 * seconds with eight digits would fall in 1970-73, long before any web session we model) and
 * ISO 8601 ("2017-05-08", "2017-05-08T14:03:00Z"). A date, or an ISO time without an offset, is
 * taken as UTC: the file does not say which zone its calendar is in, and UTC keeps loading
 * independent of the machine's time zone. A missing token → NaN.
 */
export function parseDatetimeCell(text: string): number {
  const t = text.trim();
  if (NUMERIC_MISSING.has(t)) return NaN;
  const compact = YYYYMMDD.exec(t);
  if (compact) {
    const y = Number(compact[1]);
    const m = Number(compact[2]);
    const d = Number(compact[3]);
    const ms = Date.UTC(y, m - 1, d);
    const back = new Date(ms);
    if (y >= 1900 && y <= 2199 && back.getUTCMonth() === m - 1 && back.getUTCDate() === d) return ms / 1000;
  }
  if (DECIMAL.test(t)) {
    const v = Number(t);
    if (Number.isFinite(v)) return v;
  }
  if (ISO_DATE.test(t)) {
    const hasZone = /(?:Z|[+-]\d{2}:?\d{2})$/.test(t) && t.length > 10;
    const iso = t.replace(' ', 'T');
    const ms = Date.parse(hasZone || t.length === 10 ? iso : `${iso}Z`);
    if (Number.isFinite(ms)) return ms / 1000;
  }
  throw new CellError('unix seconds, a YYYYMMDD date or an ISO 8601 date/time', text);
}

/** Category text as-is ("(not set)" and "(none)" are categories); "" and "not available in demo dataset" → null. */
export function parseCategoricalCell(text: string): string | null {
  // Length checks first: hashing every cell for a Set lookup costs ~0.3 s on 116k × 30 cells.
  if (text.length === 0 || (text.length === NOT_AVAILABLE.length && text === NOT_AVAILABLE)) return null;
  return CATEGORICAL_MISSING.has(text) ? null : text;
}

/** A column being typed cell by cell: `push` parses one cell, `finish` returns the column. */
export interface ColumnBuilder {
  push(text: string): void;
  finish(): Column;
}

/**
 * Growing typed storage for one column. Categorical strings are interned so that 100k rows of
 * "Organic Search" share one string (memory, and faster equality downstream).
 */
export function columnBuilder(kind: ColumnKind, capacityHint = 1024): ColumnBuilder {
  if (kind === 'categorical') {
    const values: (string | null)[] = [];
    const interned = new Map<string, string>();
    return {
      push(text) {
        const v = parseCategoricalCell(text);
        if (v === null) {
          values.push(null);
          return;
        }
        let s = interned.get(v);
        if (s === undefined) {
          s = v;
          interned.set(v, v);
        }
        values.push(s);
      },
      finish: () => ({ kind, values }),
    };
  }
  const parse = kind === 'numeric' ? parseNumericCell : kind === 'boolean' ? parseBooleanCell : parseDatetimeCell;
  // Count and date columns repeat a few hundred distinct texts; a memo skips the regex for them.
  const memo = new Map<string, number>();
  let values = new Float64Array(Math.max(16, capacityHint));
  let n = 0;
  return {
    push(text) {
      if (n === values.length) {
        const grown = new Float64Array(values.length * 2);
        grown.set(values);
        values = grown;
      }
      let v = memo.get(text);
      if (v === undefined) {
        v = parse(text);
        if (memo.size < 4096) memo.set(text, v);
      }
      values[n++] = v;
    },
    finish: () => ({ kind, values: values.slice(0, n) }),
  };
}
