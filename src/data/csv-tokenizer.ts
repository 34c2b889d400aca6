/**
 * RFC 4180 records from decoded text chunks, parsed by papaparse: comma-separated fields, records
 * ended by LF or CRLF, fields optionally double-quoted (a quoted field may hold commas, quotes
 * doubled as "" and newlines). Blank lines are skipped. Each record is reported with the physical
 * line it starts on.
 *
 * Why papaparse: csv-parse took 4–12 s here on a 116k × 52 (79 MB) file against a 3 s budget for
 * the whole load. papaparse parses that file in ~0.4 s in its own stream mode; through this class
 * it takes 0.6–1.0 s on 2 shared cores at load average ~6, and `loadCsv` 1.4–2.6 s in all.
 *
 * We drive its low-level `Papa.Parser` as its ChunkStreamer does (parse with `ignoreLastRow` while
 * streaming, keep the tail from `meta.cursor`), in `step` mode because each step's cursor is the
 * record's end offset, from which the start lines follow. Added on top:
 * - text is handed over only up to its last LF, so a closing quote is never judged before the
 *   character after it has arrived (papaparse reports a valid `"x"` + `\r` cut at a chunk
 *   boundary as InvalidQuotes), and an unquoted last field ended by CRLF loses its `\r`;
 * - papaparse is lenient where RFC 4180 and csv-parse are not (it keeps a quote inside an
 *   unquoted field, drops spaces after a closing quote), so each record that contains a quote
 *   (rare in session data) is walked field by field against its text.
 * The tests check that we accept and refuse exactly what csv-parse does.
 */
import Papa from 'papaparse';

/** Malformed quoting; `line` is the physical line where the record starts. */
export class CsvSyntaxError extends Error {
  readonly line: number;
  constructor(message: string, line: number) {
    super(message);
    this.name = 'CsvSyntaxError';
    this.line = line;
  }
}

/** Called per record; return `false` to stop tokenizing (the rest of the input is ignored). */
export type RecordHandler = (fields: string[], line: number) => boolean | void;

interface StepResult {
  data: string[][];
  errors: Papa.ParseError[];
  meta: { cursor: number };
}

const QUOTE = 34;
const COMMA = 44;
const CR = 13;
const LF = 10;

export class CsvTokenizer {
  /** Text not yet parsed: the incomplete record(s) after the last complete one. */
  private pending = '';
  private line = 1;
  private stopped = false;
  private readonly parser: Papa.Parser;
  // Per parse call: the text handed to papaparse, where the current record starts, next quote.
  private input = '';
  private recordStart = 0;
  private nextQuote = -1;

  constructor(private readonly onRecord: RecordHandler) {
    // The raw Parser never types values or treats a row as header; blank lines come back as [''],
    // which `record` recognises by their text, so papaparse's skipEmptyLines is not involved.
    this.parser = new Papa.Parser({
      delimiter: ',',
      newline: '\n',
      quoteChar: '"',
      header: false,
      dynamicTyping: false,
      step: (results: unknown) => this.record(results as StepResult),
    });
  }

  get done(): boolean {
    return this.stopped;
  }

  push(chunk: string): void {
    if (this.stopped) return;
    const cut = chunk.lastIndexOf('\n') + 1; // only the new text is searched: no rescans of a long pending
    if (cut === 0) {
      this.pending += chunk;
      return;
    }
    const input = this.pending + chunk.slice(0, cut);
    const unparsed = this.parse(input, true);
    this.pending = input.slice(unparsed) + chunk.slice(cut);
  }

  end(): void {
    if (this.stopped || this.pending.length === 0) return;
    const text = this.pending.endsWith('\n') ? this.pending : `${this.pending}\n`;
    this.pending = '';
    this.parse(text, false);
  }

  /** Parses `input` (which ends with LF); returns the offset where the unparsed tail begins. */
  private parse(input: string, more: boolean): number {
    this.input = input;
    this.recordStart = 0;
    this.nextQuote = input.indexOf('"');
    const results = this.parser.parse(input, 0, more) as StepResult;
    // Errors on the unfinished last record come back here rather than through `step`.
    if (!this.stopped && results.errors.length > 0) throw this.syntaxError(results.errors[0]);
    return results.meta.cursor;
  }

  private record(results: StepResult): void {
    if (this.stopped) return;
    if (results.errors.length > 0) throw this.syntaxError(results.errors[0]);
    const input = this.input;
    const start = this.recordStart;
    const end = results.meta.cursor;
    this.recordStart = end;
    const fields = results.data[0];
    const terminated = end > start && input.charCodeAt(end - 1) === LF;
    let contentEnd = terminated ? end - 1 : end;
    const crlf = terminated && contentEnd > start && input.charCodeAt(contentEnd - 1) === CR;
    if (crlf) contentEnd--;
    const line = this.line;
    if (this.nextQuote === -1 || this.nextQuote >= end) {
      if (terminated) this.line++;
      if (contentEnd === start) return; // blank line
      if (crlf) fields[fields.length - 1] = fields[fields.length - 1].slice(0, -1);
    } else {
      for (let i = input.indexOf('\n', start); i !== -1 && i < end; i = input.indexOf('\n', i + 1)) this.line++;
      this.nextQuote = input.indexOf('"', end);
      this.checkQuotedRecord(fields, start, contentEnd, crlf, line);
    }
    if (this.onRecord(fields, line) === false) {
      this.stopped = true;
      this.parser.abort();
    }
  }

  /**
   * Walks the record's text field by field, holding it to RFC 4180 where papaparse is lenient,
   * and drops the `\r` of a CRLF from an unquoted last field.
   */
  private checkQuotedRecord(fields: string[], start: number, contentEnd: number, crlf: boolean, line: number): void {
    const input = this.input;
    let pos = start;
    for (let i = 0; i < fields.length; i++) {
      const last = i === fields.length - 1;
      if (input.charCodeAt(pos) === QUOTE) {
        pos += fields[i].length + countQuotes(fields[i]) + 2; // papaparse already undid the ""
        if (last ? pos !== contentEnd : input.charCodeAt(pos) !== COMMA) throw closingQuoteError(input[pos], line);
      } else {
        if (fields[i].includes('"')) throw new CsvSyntaxError('a quote appears inside an unquoted field', line);
        if (last && crlf) fields[i] = fields[i].slice(0, -1);
        pos += fields[i].length;
      }
      pos++; // the comma
    }
  }

  private syntaxError(error: Papa.ParseError): CsvSyntaxError {
    if (error.code === 'MissingQuotes') return new CsvSyntaxError('a quoted field is never closed before the end of the file', this.line);
    if (error.code === 'InvalidQuotes') {
      // papaparse's index is the first character inside the opening quote; find the quote that
      // should have closed the field (the first one not doubled) and name what follows it.
      let q = this.input.indexOf('"', error.index ?? this.recordStart);
      while (q !== -1 && this.input.charCodeAt(q + 1) === QUOTE) q = this.input.indexOf('"', q + 2);
      return closingQuoteError(q === -1 ? undefined : this.input[q + 1], this.line);
    }
    return new CsvSyntaxError(`papaparse reported ${error.code}: ${error.message}`, this.line);
  }
}

function closingQuoteError(next: string | undefined, line: number): CsvSyntaxError {
  return new CsvSyntaxError(`a closing quote is followed by ${JSON.stringify(next ?? '')} instead of a comma or the end of the line`, line);
}

function countQuotes(text: string): number {
  let n = 0;
  for (let i = text.indexOf('"'); i !== -1; i = text.indexOf('"', i + 1)) n++;
  return n;
}
