/**
 * Reads out-of-fold predictions made outside hurdle-lab (`row,repeat,prediction`, optionally
 * `fold`, `purchaseProb`, `amount` and the experiment's id column) and checks them against the
 * experiment before anything is scored: every (row, repeat) exactly once, values finite and in
 * range, and, when the file carries them, folds and ids equal to the experiment's. Any problem is
 * one UserError naming the file, the line and the column. Pure: text in, arrays out.
 */
import Papa from 'papaparse';
import { closest, UserError } from '../errors.ts';

export interface ExpectedPredictions {
  file: string;
  nRows: number;
  /** assignment[repeat][row] = the experiment's test fold of `row`. */
  assignment: Int32Array[];
  idColumn: string | null;
  ids?: string[];
}

export interface ExternalPredictions {
  header: string[];
  /** Per repeat, indexed by data row. */
  prediction: Float64Array[];
  purchaseProb: Float64Array[] | null;
  amount: Float64Array[] | null;
  lines: number;
}

const REQUIRED = ['row', 'repeat', 'prediction'] as const;
const OPTIONAL = ['fold', 'purchaseProb', 'amount'] as const;
const NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;
const HOW = 'Write one line per data row and repeat (see `npm run folds`), with finite predictions of E[y] ≥ 0.';

export function parsePredictionsCsv(text: string, expected: ExpectedPredictions): ExternalPredictions {
  const { file, nRows, assignment } = expected;
  const repeats = assignment.length;
  const parsed = Papa.parse<string[]>(text.replace(/^\uFEFF/, ''), { skipEmptyLines: false });
  const records = parsed.data;
  while (records.length && records[records.length - 1].length === 1 && records[records.length - 1][0] === '') records.pop();
  if (!records.length) throw new UserError('CSV_EMPTY', 'the predictions file is empty.', { file, expected: 'a header row', found: 'nothing', hint: HOW });
  const header = records[0].map((h) => h.trim());
  const col = checkHeader(header, expected);

  const fail = (line: number, key: string, message: string, exp?: string, found?: string, hint = HOW): never => {
    throw new UserError('CSV_VALUE', message, { file, line, key, expected: exp, found, hint });
  };
  const make = () => Array.from({ length: repeats }, () => new Float64Array(nRows));
  const prediction = make();
  const purchaseProb = col.purchaseProb >= 0 ? make() : null;
  const amount = col.amount >= 0 ? make() : null;
  const seenAt = Array.from({ length: repeats }, () => new Int32Array(nRows));

  for (let i = 1; i < records.length; i++) {
    const line = i + 1;
    const cells = records[i];
    if (cells.length !== header.length) fail(line, header[Math.min(cells.length, header.length) - 1] ?? 'row', `the line has ${cells.length} fields but the header has ${header.length}.`, `${header.length} comma-separated fields`, String(cells.length));
    const integer = (name: string, at: number, limit: number, what: string): number => {
      const raw = cells[at].trim();
      const v = /^\d+(?:\.0*)?$/.test(raw) ? Number(raw) : NaN;
      if (!Number.isSafeInteger(v)) fail(line, name, `\`${name}\` must be a non-negative integer.`, 'an integer ≥ 0', JSON.stringify(raw));
      if (v >= limit) fail(line, name, `${name} ${v} does not exist: ${what}.`, `0..${limit - 1}`, String(v), name === 'row' ? 'Is this the same data (data.path, data.rows) as the experiment? Re-export the folds with `npm run folds` and predict those rows.' : 'Use the repeats of `npm run folds` for this experiment (or set cv.repeats to match).');
      return v;
    };
    const row = integer('row', col.row, nRows, `the experiment's data has ${nRows} rows`);
    const repeat = integer('repeat', col.repeat, repeats, `the experiment has cv.repeats = ${repeats}`);
    if (seenAt[repeat][row]) fail(line, 'row', `row ${row} of repeat ${repeat} appears twice (first on line ${seenAt[repeat][row]}).`, 'each (row, repeat) exactly once', 'a duplicate');
    seenAt[repeat][row] = line;
    if (col.fold >= 0) {
      const fold = integer('fold', col.fold, Number.MAX_SAFE_INTEGER, '');
      const want = assignment[repeat][row];
      if (fold !== want) fail(line, 'fold', `row ${row} of repeat ${repeat} is in test fold ${want} of this experiment, but the file says fold ${fold}: these predictions were made on other folds.`, `fold ${want}`, String(fold), 'Export the experiment\'s folds with `npm run folds -- <experiment.yaml> --out folds.csv` and train on those.');
    }
    if (col.id >= 0 && expected.ids) {
      const id = cells[col.id];
      if (id !== expected.ids[row]) fail(line, expected.idColumn!, `row ${row} has id ${JSON.stringify(id)} here but ${JSON.stringify(expected.ids[row])} in the experiment's data: the file does not match the data.`, JSON.stringify(expected.ids[row]), JSON.stringify(id), 'Predict the rows of the experiment\'s data, in the row numbering of `npm run folds`.');
    }
    const value = (name: string, at: number, max: number): number => {
      const raw = cells[at].trim();
      if (!NUMBER.test(raw)) {
        const what = raw === '' ? 'an empty cell (pandas writes NaN as an empty cell)' : /^[+-]?(nan|inf(inity)?)$/i.test(raw) ? `${raw} (not finite)` : JSON.stringify(raw);
        fail(line, name, `\`${name}\` must be a finite number.`, max === 1 ? 'a probability in [0, 1]' : 'a number ≥ 0', what);
      }
      const v = Number(raw);
      if (!Number.isFinite(v)) fail(line, name, `\`${name}\` must be a finite number.`, 'a finite number', raw);
      if (v < 0 || v > max) fail(line, name, `\`${name}\` is out of range${v < 0 ? ' (a purchase value cannot be negative)' : ''}.`, max === 1 ? 'a probability in [0, 1]' : 'a number ≥ 0', raw, v < 0 ? 'Clip predictions at 0 before writing them (numpy: np.maximum(pred, 0)).' : HOW);
      return v;
    };
    prediction[repeat][row] = value('prediction', col.prediction, Infinity);
    if (purchaseProb) purchaseProb[repeat][row] = value('purchaseProb', col.purchaseProb, 1);
    if (amount) amount[repeat][row] = value('amount', col.amount, Infinity);
  }

  for (let r = 0; r < repeats; r++) {
    const missing: number[] = [];
    for (let row = 0; row < nRows; row++) if (!seenAt[r][row]) missing.push(row);
    if (missing.length) {
      throw new UserError('CSV_VALUE', `${missing.length} of the experiment's ${nRows} rows have no prediction in repeat ${r} (rows ${missing.slice(0, 5).join(', ')}${missing.length > 5 ? ', …' : ''}).`, {
        file, key: 'row', expected: `every row 0..${nRows - 1} in every repeat 0..${repeats - 1}`, found: `${records.length - 1} lines`,
        hint: 'Every row is in one test fold, so out-of-fold predictions cover all of them; is this the same data and row limit (data.rows) as the experiment?',
      });
    }
  }
  return { header, prediction, purchaseProb, amount, lines: records.length - 1 };
}

function checkHeader(header: string[], expected: ExpectedPredictions): Record<'row' | 'repeat' | 'prediction' | 'fold' | 'purchaseProb' | 'amount' | 'id', number> {
  const { file, idColumn } = expected;
  const allowed: string[] = [...REQUIRED, ...OPTIONAL, ...(idColumn ? [idColumn] : [])];
  const list = `${REQUIRED.join(', ')}, and optionally ${[...OPTIONAL, ...(idColumn ? [idColumn] : [])].join(', ')}`;
  header.forEach((name, i) => {
    if (header.indexOf(name) !== i) throw new UserError('CSV_HEADER', `the header names ${JSON.stringify(name)} twice.`, { file, line: 1, key: name, hint: 'Column names must be unique.' });
    if (!allowed.includes(name)) {
      const near = closest(name, allowed);
      throw new UserError('CSV_HEADER', `unknown column ${JSON.stringify(name)} in the predictions file.`, { file, line: 1, key: name, expected: `the columns ${list}`, found: JSON.stringify(name), hint: near ? `Did you mean ${JSON.stringify(near)}?` : 'Drop the column (pandas: to_csv(index=False)).' });
    }
  });
  for (const name of REQUIRED) {
    if (!header.includes(name)) throw new UserError('CSV_HEADER', `the predictions file has no ${JSON.stringify(name)} column.`, { file, line: 1, key: name, expected: `the columns ${list}`, found: header.map((h) => JSON.stringify(h)).join(', ') || 'an empty header' });
  }
  const at = (n: string) => header.indexOf(n);
  return { row: at('row'), repeat: at('repeat'), prediction: at('prediction'), fold: at('fold'), purchaseProb: at('purchaseProb'), amount: at('amount'), id: idColumn ? at(idColumn) : -1 };
}
