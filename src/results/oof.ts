/**
 * Out-of-fold predictions: the side file `X.oof.csv.gz` beside the result `X.json`, so any score
 * can be recomputed later (and external runs can be scored the same way).
 *
 * Format (agreed in the coordination plan, read by the external-run scorer and `--oof`):
 *  - gzip-compressed CSV, header `row,repeat,fold,prediction`, plus `,purchaseProb,amount` for
 *    two-part models;
 *  - `row` is the 0-based data row index in file order after any row limit; one line per test
 *    row of every fold that finished ('ok'), sorted by repeat, then row (each row appears once per
 *    repeat); a diverged or failed fold's rows are absent;
 *  - numbers are JavaScript's shortest round-trip `String(x)`, so parsing gives the same doubles;
 *  - written atomically; the result references it as `oof: { file, sha256, rows }` where
 *    `sha256` is of the file's bytes (what `sha256sum X.oof.csv.gz` prints) and `rows` the number
 *    of data lines.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { UserError } from '../errors.ts';
import { sha256 } from '../hash.ts';
import { writeFileAtomic } from '../files/atomic.ts';

export const OOF_COLUMNS = ['row', 'repeat', 'fold', 'prediction'] as const;
export const OOF_TWO_PART_COLUMNS = ['purchaseProb', 'amount'] as const;

/** The test-row predictions of one fold, as the runner produces them. */
export interface FoldPredictions {
  repeat: number;
  fold: number;
  /** Data row indices of the test rows. */
  rows: ArrayLike<number>;
  prediction: ArrayLike<number>;
  purchaseProb?: ArrayLike<number>;
  amount?: ArrayLike<number>;
}

/** The reference a result file holds. */
export interface OofRef {
  file: string;
  sha256: string;
  rows: number;
}

/** A parsed side file, column-wise. `purchaseProb`/`amount` are null for one-part models. */
export interface OofTable {
  row: Int32Array;
  repeat: Int32Array;
  fold: Int32Array;
  prediction: Float64Array;
  purchaseProb: Float64Array | null;
  amount: Float64Array | null;
}

/** `runs/x-s42-ab12cd34.json` → `runs/x-s42-ab12cd34.oof.csv.gz`. */
export function oofPathFor(resultPath: string): string {
  return resultPath.replace(/\.json$/i, '') + '.oof.csv.gz';
}

/** The CSV text (uncompressed). Two-part columns appear when every fold has both parts. */
export function oofCsv(folds: readonly FoldPredictions[]): { text: string; rows: number } {
  const twoPart = folds.length > 0 && folds.every((f) => f.purchaseProb && f.amount);
  const lines: { repeat: number; row: number; line: string }[] = [];
  for (const f of folds) {
    const n = f.rows.length;
    if (f.prediction.length !== n) throw new Error(`oofCsv: fold ${f.repeat}/${f.fold} has ${f.prediction.length} predictions for ${n} rows`);
    for (let i = 0; i < n; i++) {
      let line = `${f.rows[i]},${f.repeat},${f.fold},${String(f.prediction[i])}`;
      if (twoPart) line += `,${String(f.purchaseProb![i])},${String(f.amount![i])}`;
      lines.push({ repeat: f.repeat, row: f.rows[i], line });
    }
  }
  lines.sort((a, b) => a.repeat - b.repeat || a.row - b.row);
  const header = [...OOF_COLUMNS, ...(twoPart ? OOF_TWO_PART_COLUMNS : [])].join(',');
  return { text: `${header}\n${lines.map((l) => l.line).join('\n')}${lines.length ? '\n' : ''}`, rows: lines.length };
}

/** Writes the side file atomically at `file`; returns the reference for the result. */
export async function writeOof(file: string, folds: readonly FoldPredictions[]): Promise<OofRef> {
  const { text, rows } = oofCsv(folds);
  // mtime 0 and no file name in the gzip header: the same predictions give the same bytes.
  const bytes = gzipSync(Buffer.from(text, 'utf8'), { level: 6 });
  await writeFileAtomic(file, bytes);
  return { file: path.basename(file), sha256: sha256(bytes), rows };
}

/** Parses uncompressed side-file CSV; `source` names the file in errors. */
export function parseOofCsv(text: string, source: string): OofTable {
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  const header = lines[0] ?? '';
  const base = OOF_COLUMNS.join(',');
  const twoPart = header === `${base},${OOF_TWO_PART_COLUMNS.join(',')}`;
  if (!twoPart && header !== base) {
    throw oofError(source, 'line 1', `the header \`${base}\` (optionally followed by \`,${OOF_TWO_PART_COLUMNS.join(',')}\`)`, `\`${header.slice(0, 80)}\``);
  }
  const n = lines.length - 1;
  const width = twoPart ? 6 : 4;
  const table: OofTable = {
    row: new Int32Array(n),
    repeat: new Int32Array(n),
    fold: new Int32Array(n),
    prediction: new Float64Array(n),
    purchaseProb: twoPart ? new Float64Array(n) : null,
    amount: twoPart ? new Float64Array(n) : null,
  };
  for (let i = 0; i < n; i++) {
    const cells = lines[i + 1].split(',');
    const where = `line ${i + 2}`;
    if (cells.length !== width) throw oofError(source, where, `${width} comma-separated values`, `${cells.length}`);
    table.row[i] = integer(cells[0], source, where, 'row');
    table.repeat[i] = integer(cells[1], source, where, 'repeat');
    table.fold[i] = integer(cells[2], source, where, 'fold');
    table.prediction[i] = Number(cells[3]);
    if (cells[3] === '' || Number.isNaN(table.prediction[i])) throw oofError(source, `${where}, column prediction`, 'a number', `\`${cells[3]}\``);
    if (twoPart) {
      table.purchaseProb![i] = Number(cells[4]);
      table.amount![i] = Number(cells[5]);
      if (cells[4] === '' || Number.isNaN(table.purchaseProb![i])) throw oofError(source, `${where}, column purchaseProb`, 'a number', `\`${cells[4]}\``);
      if (cells[5] === '' || Number.isNaN(table.amount![i])) throw oofError(source, `${where}, column amount`, 'a number', `\`${cells[5]}\``);
    }
  }
  return table;
}

/**
 * Reads the side file a result references, checking its checksum and row count, so a predictions
 * file that was replaced, truncated or edited is refused rather than silently rescored.
 */
export function readOof(resultPath: string, ref: OofRef): OofTable {
  const file = path.join(path.dirname(resultPath), ref.file);
  if (!existsSync(file)) {
    throw new UserError('RESULT_INVALID', 'the out-of-fold predictions file this result references is missing.', {
      file,
      hint: `Keep ${ref.file} beside ${path.basename(resultPath)} when moving results, or rerun the experiment.`,
    });
  }
  const bytes = readFileSync(file);
  const actual = sha256(bytes);
  if (actual !== ref.sha256) {
    throw oofError(file, 'sha256', `${ref.sha256} (recorded in ${path.basename(resultPath)})`, actual, 'The file was changed or belongs to another run; rerun the experiment to regenerate it.');
  }
  let text: string;
  try {
    text = gunzipSync(bytes).toString('utf8');
  } catch (e) {
    throw oofError(file, 'gzip', 'a gzip-compressed CSV', `unreadable gzip data (${(e as Error).message})`);
  }
  const table = parseOofCsv(text, file);
  if (table.row.length !== ref.rows) throw oofError(file, 'rows', `${ref.rows} data lines (recorded in ${path.basename(resultPath)})`, `${table.row.length}`);
  return table;
}

function integer(cell: string, source: string, where: string, column: string): number {
  if (!/^\d+$/.test(cell) || Number(cell) > 0x7fffffff) throw oofError(source, `${where}, column ${column}`, 'a non-negative integer', `\`${cell}\``);
  return Number(cell);
}

function oofError(file: string, key: string, expected: string, found: string, hint = 'Regenerate it by rerunning the experiment; do not edit predictions files by hand.'): UserError {
  return new UserError('RESULT_INVALID', 'the out-of-fold predictions file is not in the expected format.', { file, key, expected, found, hint });
}
