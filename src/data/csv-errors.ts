/**
 * The CSV loader's structural checks and their messages: a header that cannot serve the
 * experiment, and bytes that are not UTF-8. Kept apart from the streaming loop so that the
 * loop stays readable and the messages sit in one place.
 */
import { createReadStream } from 'node:fs';
import { UserError, closest } from '../errors.ts';
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
      throw new UserError('CSV_HEADER', `the header names ${JSON.stringify(header[i])} twice (fields ${before + 1} and ${i + 1}).`, {
        file,
        line: 1,
        key: header[i],
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
    return `${JSON.stringify(name)} (${role}${near ? `; closest header name: ${JSON.stringify(near)}` : ''})`;
  });
  const shown = header.slice(0, 12).map((h) => JSON.stringify(h)).join(', ');
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
