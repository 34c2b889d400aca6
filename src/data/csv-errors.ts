/**
 * The CSV loader's checks and their messages: a path that is not a readable text file, a header
 * that cannot serve the experiment, bytes that are not UTF-8, broken quoting and unreadable
 * cells. Kept apart from the streaming loop so that the loop stays readable and the messages
 * sit in one place.
 */
import { createReadStream, promises as fsp } from 'node:fs';
import { UserError, closest, describeValue, excerpt } from '../errors.ts';
import { CellError } from './cells.ts';
import type { CsvSyntaxError } from './csv-tokenizer.ts';
import type { ColumnSpec } from './types.ts';

interface HeaderNeeds {
  columns: ColumnSpec[];
  target: string | null;
  idColumn?: string | null;
}

/** Duplicate names make "the column called x" ambiguous; absent names make the experiment impossible. */
export function checkHeader(header: string[], needs: HeaderNeeds, file: string): void {
  const firstAt = new Map<string, number>();
  for (let i = 0; i < header.length; i++) {
    const before = firstAt.get(header[i]);
    if (before !== undefined) {
      throw new UserError('CSV_HEADER', `the header names ${describeValue(header[i])} twice (fields ${before + 1} and ${i + 1}).`, {
        file,
        line: 1,
        key: excerpt(header[i]),
        hint: 'Column names must be unique so that features can be addressed by name; rename or drop one of them.',
      });
    }
    firstAt.set(header[i], i);
  }
  const roles: [string, string][] = needs.columns.map((c) => [c.name, `${c.kind} feature`]);
  if (needs.target !== null) roles.push([needs.target, 'target']);
  if (needs.idColumn) roles.push([needs.idColumn, 'id column']);
  const missing = roles.filter(([name]) => !firstAt.has(name));
  if (missing.length === 0) return;
  const listed = missing.map(([name, role]) => {
    const near = closest(name, header);
    return `${describeValue(name)} (${role}${near ? `; closest header name: ${describeValue(near)}` : ''})`;
  });
  const shown = header.slice(0, 12).map((h) => describeValue(h)).join(', ');
  const delimiter = header.length === 1 ? [';', '\t', '|'].find((d) => header[0].includes(d)) : undefined;
  if (delimiter) {
    const name = delimiter === '\t' ? 'tabs' : JSON.stringify(delimiter);
    throw new UserError('CSV_HEADER', `the header reads as one column, ${JSON.stringify(header[0].length > 60 ? `${header[0].slice(0, 57)}...` : header[0])}: the file looks separated by ${name}, not commas.`, {
      file,
      line: 1,
      hint: `hurdle-lab reads comma-separated files (RFC 4180). Convert it, e.g. in Python: pandas.read_csv(f, sep=${JSON.stringify(delimiter)}).to_csv(out, index=False).`,
    });
  }
  throw new UserError('CSV_HEADER', `the header lacks ${missing.length === 1 ? 'a required column' : `${missing.length} required columns`}: ${listed.join('; ')}.`, {
    file,
    line: 1,
    key: missing[0][0],
    hint: `Fix the names in the experiment (they are matched exactly, dots included) or in the file. The header has ${header.length} columns: ${shown}${header.length > 12 ? ', ...' : ''}.`,
  });
}

/** Bytes read to tell text from a binary file, before any large read. */
const SNIFF_BYTES = 8192;

const MAGIC: [number[], string, string][] = [
  [[0x1f, 0x8b], 'a gzip-compressed file', 'Decompress it first (gunzip) and point at the .csv.'],
  [[0x50, 0x4b, 0x03, 0x04], 'a ZIP archive (an .xlsx workbook is one)', 'Export or extract it as CSV (UTF-8).'],
  [[0x50, 0x41, 0x52, 0x31], 'a Parquet file', 'Convert it to CSV, e.g. with pandas: pd.read_parquet(f).to_csv(out, index=False).'],
  [[0x42, 0x5a, 0x68], 'a bzip2-compressed file', 'Decompress it first (bunzip2).'],
  [[0xfd, 0x37, 0x7a, 0x58, 0x5a], 'an xz-compressed file', 'Decompress it first (unxz).'],
];

/** Refuse a file that is not text from its first bytes (magic numbers, NUL bytes), before reading it all. */
export async function refuseNonText(absolute: string, file: string): Promise<void> {
  const handle = await fsp.open(absolute, 'r');
  let head: Uint8Array;
  try {
    const buf = new Uint8Array(SNIFF_BYTES);
    const { bytesRead } = await handle.read(buf, 0, SNIFF_BYTES, 0);
    head = buf.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
  for (const [magic, what, hint] of MAGIC) {
    if (magic.every((b, i) => head[i] === b)) throw new UserError('CSV_ENCODING', `this is ${what}, not a CSV text file.`, { file, hint });
  }
  // A stray NUL inside a cell is the cell's problem (its column type judges it); a file whose
  // first bytes are over 10% NUL (binary data, a disk image, UTF-16) is not text at all.
  let nuls = 0;
  for (const b of head) if (b === 0) nuls++;
  if (nuls >= 16 && nuls > head.length / 10) {
    throw new UserError('CSV_ENCODING', `this is not a text file: ${nuls} of its first ${head.length} bytes are NUL (first at offset ${head.indexOf(0)}).`, {
      file,
      hint: 'Point at a UTF-8 CSV file (UTF-16 exports also contain NUL bytes: re-save as UTF-8).',
    });
  }
}

/**
 * Called once the fatal decoder has refused a chunk: re-scan the file to find the first bad byte
 * and its line (this runs only on the error path, so the fast path never counts lines).
 */
export async function encodingError(absolute: string, file: string): Promise<UserError> {
  const bad = await firstInvalidUtf8(absolute);
  const found = bad.byte === null ? 'a multi-byte character cut off by the end of the file' : `byte 0x${bad.byte.toString(16).padStart(2, '0')} at byte offset ${bad.offset}`;
  return new UserError('CSV_ENCODING', 'the file is not valid UTF-8.', {
    file,
    line: bad.line,
    expected: 'UTF-8 text',
    found,
    hint: 'Re-save the file as UTF-8 (e.g. `iconv -f latin1 -t utf-8 in.csv > out.csv`, or "CSV UTF-8" in a spreadsheet).',
  });
}

interface InvalidByte {
  offset: number;
  line: number;
  byte: number | null;
}

/** A UTF-8 validator that tracks position (RFC 3629: no overlongs, no surrogates, ≤ U+10FFFF). */
export async function firstInvalidUtf8(absolute: string): Promise<InvalidByte> {
  let offset = 0;
  let line = 1;
  let need = 0; // continuation bytes still expected
  let lo = 0x80;
  let hi = 0xbf;
  let seqStart = 0;
  let seqLine = 1;
  let seqByte = 0;
  for await (const chunk of createReadStream(absolute, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
    for (let i = 0; i < chunk.length; i++, offset++) {
      const b = chunk[i];
      if (need > 0) {
        if (b < lo || b > hi) return { offset: seqStart, line: seqLine, byte: seqByte };
        lo = 0x80;
        hi = 0xbf;
        need--;
        continue;
      }
      if (b === 0x0a) line++;
      if (b < 0x80) continue;
      seqStart = offset;
      seqLine = line;
      seqByte = b;
      if (b >= 0xc2 && b <= 0xdf) need = 1;
      else if (b >= 0xe0 && b <= 0xef) {
        need = 2;
        if (b === 0xe0) lo = 0xa0;
        if (b === 0xed) hi = 0x9f;
      } else if (b >= 0xf0 && b <= 0xf4) {
        need = 3;
        if (b === 0xf0) lo = 0x90;
        if (b === 0xf4) hi = 0x8f;
      } else return { offset, line, byte: b };
    }
  }
  return { offset: need > 0 ? seqStart : offset, line: need > 0 ? seqLine : line, byte: null };
}

export function cellFailure(e: unknown, file: string, line: number, column: string): unknown {
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

export function quotingError(e: CsvSyntaxError, file: string): UserError {
  return new UserError('CSV_VALUE', `the CSV quoting is broken: ${e.message}.`, {
    file,
    line: e.line,
    hint: 'A field that contains a comma, quote or newline must be quoted as a whole, with inner quotes doubled: "say ""hi"", then go".',
  });
}

export async function checkReadableFile(absolute: string, file: string, pathHint = 'check `data.path` (relative paths are resolved from the experiment file)'): Promise<void> {
  let info;
  try {
    info = await fsp.stat(absolute);
  } catch {
    throw new UserError('FILE_NOT_FOUND', 'the data file does not exist.', {
      file,
      hint: `Looked for ${absolute}; ${pathHint}.`,
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
