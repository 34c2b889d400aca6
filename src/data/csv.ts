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
import { resolve } from 'node:path';
import { UserError } from '../errors.ts';
import { columnBuilder, type ColumnBuilder } from './cells.ts';
import { cellFailure, checkHeader, checkReadableFile, encodingError, quotingError } from './csv-errors.ts';
import { readTarget } from './csv-target.ts';
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
  /** Read at most this many data rows; the rest are still counted (`identity.rowsInFile`) and hashed. */
  maxRows?: number | null;
  /** How to name the file in error messages (defaults to `path`). */
  displayPath?: string;
  /** Where a relative path is resolved from, for the file-not-found hint (default: the experiment file's `data.path`). */
  pathHint?: string;
}

interface Slot {
  name: string;
  index: number;
  builder: ColumnBuilder;
}

export async function loadCsv(path: string, opts: LoadCsvOptions): Promise<Dataset> {
  const file = opts.displayPath ?? path;
  const absolute = resolve(path);
  await checkReadableFile(absolute, file, opts.pathHint);

  const hash = createHash('sha256');
  const maxRows = opts.maxRows ?? Infinity;
  let header: string[] | null = null;
  let slots: Slot[] = [];
  let targetIndex = -1;
  let idIndex = -1;
  let targetValues = new Float64Array(1024);
  const ids: string[] = [];
  let rows = 0;
  let rowsInFile = 0;

  const onRecord = (record: string[], line: number): boolean => {
    if (header === null) {
      header = record;
      ({ slots, targetIndex, idIndex } = bindColumns(header, opts, file));
      return true;
    }
    // Past the row limit rows are only counted, so every run can say "rows used N of M".
    if (rows >= maxRows) {
      rowsInFile++;
      return true;
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
    rowsInFile++;
    return true;
  };

  const tokenizer = new CsvTokenizer(onRecord);
  const decoder = new TextDecoder('utf-8', { fatal: true }); // also drops a leading BOM
  try {
    for await (const chunk of createReadStream(absolute, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
      hash.update(chunk);
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
      rowsInFile,
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
