/**
 * Streaming CSV reader for session tables (Engage2Value train/test files, ga-sessions.csv...).
 *
 * The file is read once as a byte stream: every chunk feeds the sha256 and a fatal UTF-8 decoder,
 * whose text goes to the tokenizer (csv-tokenizer.ts). Each record is typed as it arrives and
 * dropped, so memory holds only the requested columns (typed with `cells.ts`), never the rows.
 * Errors name the file, the physical line of the row (a quoted field may span lines), the
 * column, what was expected and what was found.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { UserError, describeValue } from '../errors.ts';
import { CellError, columnBuilder, parseNumericCell, type ColumnBuilder } from './cells.ts';
import { checkHeader, encodingError, refuseNonText } from './csv-errors.ts';
import { CsvSyntaxError, CsvTokenizer } from './csv-tokenizer.ts';
import type { ColumnSpec, Dataset } from './types.ts';

export { describeDataset, formatDatasetSummary } from './describe.ts';

export interface LoadCsvOptions {
  /** Columns to materialise and their types; every other column is only checked for shape. */
  columns: ColumnSpec[];
  /** Target column (purchase value): missing/empty → 0; null for a prediction file without target. */
  target: string | null;
  /** Column kept verbatim as row ids (for submissions). */
  idColumn?: string | null;
  /** Read at most this many data rows; the sha256 still covers the whole file. */
  maxRows?: number | null;
  /** How to name the file in error messages (defaults to `path`). */
  displayPath?: string;
}

interface Slot {
  name: string;
  index: number;
  builder: ColumnBuilder;
}

export async function loadCsv(path: string, opts: LoadCsvOptions): Promise<Dataset> {
  const file = opts.displayPath ?? path;
  const absolute = resolve(path);
  await checkReadableFile(absolute, file);

  const hash = createHash('sha256');
  const maxRows = opts.maxRows ?? Infinity;
  let header: string[] | null = null;
  let slots: Slot[] = [];
  let targetIndex = -1;
  let idIndex = -1;
  let targetValues = new Float64Array(1024);
  const ids: string[] = [];
  let rows = 0;

  const onRecord = (record: string[], line: number): boolean => {
    if (header === null) {
      header = record;
      ({ slots, targetIndex, idIndex } = bindColumns(header, opts, file));
      return rows < maxRows;
    }
    if (record.length !== header.length) {
      throw new UserError('CSV_RAGGED', `line ${line} has ${record.length} field${record.length === 1 ? '' : 's'}, the header has ${header.length}.`, {
        file,
        line,
        hint: 'Every row needs one field per header column; quote fields that contain commas or newlines ("a, b").',
      });
    }
    for (const slot of slots) {
      try {
        slot.builder.push(record[slot.index]);
      } catch (e) {
        throw cellFailure(e, file, line, slot.name);
      }
    }
    if (targetIndex >= 0) {
      if (rows === targetValues.length) {
        const grown = new Float64Array(rows * 2);
        grown.set(targetValues);
        targetValues = grown;
      }
      targetValues[rows] = readTarget(record[targetIndex], file, line, header[targetIndex]);
    }
    if (idIndex >= 0) ids.push(record[idIndex]);
    rows++;
    return rows < maxRows;
  };

  const tokenizer = new CsvTokenizer(onRecord);
  const decoder = new TextDecoder('utf-8', { fatal: true }); // also drops a leading BOM
  try {
    for await (const chunk of createReadStream(absolute, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
      hash.update(chunk);
      if (tokenizer.done) continue; // past maxRows: keep hashing so sha256 always names the whole file
      let text: string;
      try {
        text = decoder.decode(chunk, { stream: true });
      } catch {
        throw await encodingError(absolute, file);
      }
      tokenizer.push(text);
    }
    if (!tokenizer.done) {
      let tail: string;
      try {
        tail = decoder.decode();
      } catch {
        throw await encodingError(absolute, file);
      }
      tokenizer.push(tail);
      tokenizer.end();
    }
  } catch (e) {
    if (e instanceof CsvSyntaxError) throw quotingError(e, file);
    throw e;
  }

  if (header === null) {
    throw new UserError('CSV_EMPTY', 'the file has no header and no data rows.', {
      file,
      hint: 'Point the experiment at a CSV file whose first line names the columns.',
    });
  }
  if (rows === 0) {
    throw new UserError('CSV_EMPTY', 'the file has a header but no data rows.', {
      file,
      line: 2,
      hint: 'A training or prediction file needs at least one session row below the header.',
    });
  }
  const headerNames: string[] = header;
  const target = targetIndex >= 0 ? targetValues.slice(0, rows) : null;
  let buyers = 0;
  if (target) for (let i = 0; i < rows; i++) if (target[i] > 0) buyers++;
  const columns: Dataset['columns'] = {};
  for (const slot of slots) columns[slot.name] = slot.builder.finish();
  const dataset: Dataset = {
    identity: {
      source: 'csv',
      path: absolute,
      rows,
      sha256: hash.digest('hex'),
      buyerRate: target ? buyers / rows : NaN,
      columns: [...headerNames],
    },
    rowCount: rows,
    columns,
    target,
  };
  if (idIndex >= 0) dataset.ids = ids;
  return dataset;
}

function bindColumns(header: string[], opts: LoadCsvOptions, file: string) {
  checkHeader(header, opts, file);
  const indexOf = new Map(header.map((name, i) => [name, i]));
  const seen = new Set<string>();
  const slots: Slot[] = [];
  for (const spec of opts.columns) {
    if (seen.has(spec.name)) continue;
    seen.add(spec.name);
    slots.push({ name: spec.name, index: indexOf.get(spec.name)!, builder: columnBuilder(spec.kind, 1 << 14) });
  }
  return {
    slots,
    targetIndex: opts.target === null ? -1 : indexOf.get(opts.target)!,
    idIndex: opts.idColumn ? indexOf.get(opts.idColumn)! : -1,
  };
}

/** The largest accepted target, documented in the README (Data). */
export const MAX_TARGET = 1e15;

function readTarget(text: string, file: string, line: number, column: string): number {
  let v: number;
  try {
    v = parseNumericCell(text);
  } catch (e) {
    if (!(e instanceof CellError) || /within/.test(e.expected)) v = Number(text.trim()); // magnitude: the bound below names it
    else v = NaN;
  }
  if (Number.isNaN(v)) {
    if (text.trim() === '') return 0; // an empty target is "no purchase"
    throw new UserError('CSV_VALUE', 'the target is present but not a number.', {
      file,
      line,
      key: column,
      expected: 'a purchase value ≥ 0, or an empty cell for no purchase',
      found: describeValue(text),
      hint: 'A missing-value token in the target would silently turn the row into a non-buyer; fix the row, or empty the cell if there was no purchase.',
    });
  }
  if (v > MAX_TARGET) {
    throw new UserError('CSV_VALUE', `the target exceeds the bound of ${MAX_TARGET.toExponential()} (a billion currency units when the target is in micros).`, {
      file,
      line,
      key: column,
      expected: `a purchase value between 0 and ${MAX_TARGET.toExponential()}`,
      found: describeValue(text),
      hint: 'Check the unit and the export of that row; one such value would dominate every squared-error metric.',
    });
  }
  if (v < 0) {
    throw new UserError('CSV_VALUE', 'the target must not be negative.', {
      file,
      line,
      key: column,
      expected: 'a purchase value ≥ 0 (empty means no purchase)',
      found: describeValue(text),
      hint: 'Fix or drop the row; refunds do not belong in a purchase-value target.',
    });
  }
  return v;
}

function cellFailure(e: unknown, file: string, line: number, column: string): unknown {
  if (!(e instanceof CellError)) return e;
  return new UserError('CSV_VALUE', 'this cell cannot be read.', {
    file,
    line,
    key: column,
    expected: e.expected,
    found: describeValue(e.found),
    hint: `Fix the cell, or declare \`${column}\` with another kind (e.g. categorical) in the experiment's features.`,
  });
}

function quotingError(e: CsvSyntaxError, file: string): UserError {
  return new UserError('CSV_VALUE', `the CSV quoting is broken: ${e.message}.`, {
    file,
    line: e.line,
    hint: 'A field that contains a comma, quote or newline must be quoted as a whole, with inner quotes doubled: "say ""hi"", then go".',
  });
}

async function checkReadableFile(absolute: string, file: string): Promise<void> {
  let info;
  try {
    info = await stat(absolute);
  } catch {
    throw new UserError('FILE_NOT_FOUND', 'the data file does not exist.', {
      file,
      hint: `Looked for ${absolute}; check \`data.path\` (relative paths are resolved from the experiment file).`,
    });
  }
  if (!info.isFile()) {
    throw new UserError('FILE_NOT_FOUND', 'the data path is not a file.', { file, hint: `${absolute} is a directory or device.` });
  }
  if (info.size === 0) {
    throw new UserError('CSV_EMPTY', 'the file is empty (0 bytes).', { file, hint: 'Expected a header line and at least one data row.' });
  }
  await refuseNonText(absolute, file);
}
