import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parse } from 'csv-parse/sync';
import { CsvSyntaxError, CsvTokenizer } from '../../src/data/csv-tokenizer.ts';

function tokenize(chunks: string[]): { fields: string[]; line: number }[] {
  const out: { fields: string[]; line: number }[] = [];
  const t = new CsvTokenizer((fields, line) => {
    out.push({ fields, line });
  });
  for (const c of chunks) t.push(c);
  t.end();
  return out;
}

function splitAt(text: string, cuts: number[]): string[] {
  const points = [...new Set(cuts.map((c) => c % (text.length + 1)))].sort((a, b) => a - b);
  const chunks: string[] = [];
  let prev = 0;
  for (const p of points) {
    chunks.push(text.slice(prev, p));
    prev = p;
  }
  chunks.push(text.slice(prev));
  return chunks;
}

const newlines = (s: string) => s.split('\n').length - 1;

const field = fc.string({ unit: fc.constantFrom('a', 'b', ' ', ',', '"', '\n', '\r\n', '\r', 'é', '日', '1', '.'), maxLength: 6 });
const record = fc.array(field, { minLength: 2, maxLength: 5 });

test('agrees with csv-parse and with the records and start lines that were written, for any chunking', () => {
  fc.assert(
    fc.property(
      fc.array(fc.tuple(record, fc.nat({ max: 2 })), { minLength: 1, maxLength: 8 }),
      fc.boolean(),
      fc.boolean(),
      fc.array(fc.nat(), { maxLength: 6 }),
      (rows, crlf, trailingNewline, cuts) => {
        const eol = crlf ? '\r\n' : '\n';
        const quote = (f: string) => (/[",\r\n]/.test(f) || f.startsWith(' ') ? `"${f.replace(/"/g, '""')}"` : f);
        let text = '';
        const lines: number[] = [];
        rows.forEach(([fields, blankLinesBefore], i) => {
          text += eol.repeat(blankLinesBefore);
          lines.push(1 + newlines(text));
          text += fields.map(quote).join(',') + (i < rows.length - 1 || trailingNewline ? eol : '');
        });
        const records = rows.map(([fields]) => fields);
        const ours = tokenize(splitAt(text, cuts));
        assert.deepEqual(ours.map((r) => r.fields), records);
        assert.deepEqual(ours.map((r) => r.line), lines);
        assert.deepEqual(ours.map((r) => r.fields), parse(text, { relax_column_count: true, skip_empty_lines: true }));
      },
    ),
    { numRuns: 400, seed: 7 },
  );
});

// Mostly malformed text: we must refuse exactly what csv-parse refuses. Its `info.lines` is the
// line a record ends on; it over-counts CRLF inside quoted fields, so lines are compared on LF text.
test('on arbitrary text, throws exactly when csv-parse does and otherwise agrees with it, for any chunking', () => {
  let refused = 0;
  fc.assert(
    fc.property(
      fc.string({ unit: fc.constantFrom('a', ' ', ',', '"', '""', 'EOL'), maxLength: 16 }),
      fc.boolean(),
      fc.array(fc.nat(), { maxLength: 4 }),
      (raw, crlf, cuts) => {
        const text = raw.replace(/EOL/g, crlf ? '\r\n' : '\n');
        let reference: { fields: string[]; endLine: number }[] | null;
        try {
          const rows = parse(text, { relax_column_count: true, skip_empty_lines: true, info: true }) as unknown as { record: string[]; info: { lines: number } }[];
          reference = rows.map((r) => ({ fields: r.record, endLine: r.info.lines }));
        } catch {
          reference = null;
        }
        if (reference === null) {
          refused++;
          assert.throws(() => tokenize(splitAt(text, cuts)), CsvSyntaxError, JSON.stringify(text));
          return;
        }
        const ours = tokenize(splitAt(text, cuts));
        assert.deepEqual(ours.map((r) => r.fields), reference.map((r) => r.fields));
        if (!crlf) assert.deepEqual(ours.map((r) => r.line + newlines(r.fields.join())), reference.map((r) => r.endLine));
      },
    ),
    { numRuns: 3000, seed: 11 },
  );
  assert.ok(refused > 500, `only ${refused} malformed inputs were generated`);
});

test('reports the physical start line of each record', () => {
  const rows = tokenize(['h1,h2\n', 'a,"multi\nline\nfield"\n\n', 'b,c\r\n', 'd,e']);
  assert.deepEqual(rows.map((r) => r.line), [1, 2, 6, 7]);
});

test('line endings: CRLF is stripped from unquoted last fields only, a final CR or missing newline still ends the record', () => {
  const cases: [string, string[][]][] = [
    ['a,b\r\nc,d\r\n', [['a', 'b'], ['c', 'd']]],
    ['a,"b\r"\nc,"d\r"\r\n', [['a', 'b\r'], ['c', 'd\r']]],
    ['a,"b"\r', [['a', 'b']]],
    ['a,b', [['a', 'b']]],
    ['a,b\r\n\r\n\n', [['a', 'b']]],
    ['""\n,\n', [[''], ['', '']]],
    ['', []],
    ['\n\r\n', []],
  ];
  for (const [text, expected] of cases) {
    for (const chunks of [[text], [...text]]) {
      assert.deepEqual(tokenize(chunks).map((r) => r.fields), expected, JSON.stringify(chunks));
    }
  }
});

test('stopping from the handler ignores the rest of the input', () => {
  const seen: string[][] = [];
  const t = new CsvTokenizer((f) => {
    seen.push(f);
    return seen.length < 2;
  });
  t.push('a,b\nc,d\ne,"unclosed\n');
  t.push('f,g\n');
  t.end();
  assert.equal(seen.length, 2);
  assert.ok(t.done);
});

test('malformed quoting throws with the record line, whole or one character at a time', () => {
  for (const [text, re, line] of [
    ['a,b\nx,"y"z\n', /closing quote is followed by "z"/, 2],
    ['a,b\nx,y"z\n', /quote appears inside an unquoted field/, 2],
    ['a,b\n\nx,"open\n', /never closed/, 3],
    ['a,b\nx,"y" ,z\n', /closing quote is followed by " "/, 2],
    ['a,b\r\nx,"y"\r,z\r\n', /closing quote is followed by "\\r"/, 2],
    ['a,"b\nc"\n"q""r"x\n', /closing quote is followed by "x"/, 3],
    ['a,"b\r\nc"\r\n\r\nd,e"\r\n', /quote appears inside an unquoted field/, 4],
    ['a,b\n"x",y\n"never\nclosed,z\n', /never closed/, 3],
  ] as const) {
    for (const chunks of [[text], [...text]]) {
      assert.throws(() => tokenize(chunks), (e: unknown) => e instanceof CsvSyntaxError && re.test(e.message) && e.line === line, JSON.stringify(chunks));
    }
  }
});

// Otherwise a bad quote early in a large file would make every later chunk pile up unparsed.
test('a misplaced closing quote is reported by the push that completes its line, not at the end', () => {
  const t = new CsvTokenizer(() => {});
  t.push('a,b\nx,"y"');
  assert.throws(() => t.push('z,w\nmore,rows\n'), (e: unknown) => e instanceof CsvSyntaxError && /followed by "z"/.test(e.message) && e.line === 2);
});
