/**
 * Data that must be refused, not silently accepted: a target present but not a number, absurd
 * magnitudes, files that are not text (refused from their first bytes, even at 2 GB), and error
 * messages that quote at most a short excerpt of a huge line.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { loadCsv } from '../../src/data/csv.ts';
import { isUserError } from '../../src/errors.ts';

const dir = mkdtempSync(join(tmpdir(), 'hl-sanity-'));
after(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
const file = (content: string | Buffer) => {
  const p = join(dir, `f${++n}.csv`);
  writeFileSync(p, content);
  return p;
};
const opts = { columns: [{ name: 'pageViews', kind: 'numeric' as const }], target: 'purchaseValue' };
const refused = async (path: string, code: string, pattern: RegExp, maxLength = 400) => {
  await assert.rejects(loadCsv(path, opts), (e: unknown) => {
    assert.ok(isUserError(e), String(e));
    assert.equal(e.code, code, e.message);
    assert.match(e.message, pattern);
    assert.ok(e.message.length <= maxLength, `message is ${e.message.length} characters`);
    return true;
  });
};

test('a target present but not a number is an error naming the row; only an empty one means 0', async () => {
  for (const token of ['NaN', 'nan', 'not available in demo dataset', '(not set)', 'abc']) {
    await refused(file(`pageViews,purchaseValue\n1,2500000\n2,${token}\n`), 'CSV_VALUE', /:3 `purchaseValue`: the target is present but not a number\./);
  }
  const ok = await loadCsv(file('pageViews,purchaseValue\n1,\n2,  \n3,2500000\n'), opts);
  assert.deepEqual([...ok.target!], [0, 0, 2500000]);
});

test('magnitudes beyond the documented bounds are flagged with the row', async () => {
  await refused(file('pageViews,purchaseValue\n1,0\n1e300,0\n'), 'CSV_VALUE', /:3 `pageViews`: .*within ±1e\+18.*got "1e300"/);
  await refused(file('pageViews,purchaseValue\n1,0\n2,2e15\n'), 'CSV_VALUE', /:3 `purchaseValue`: the target exceeds the bound of 1e\+15/);
  await refused(file('pageViews,purchaseValue\n1,0\n2,1e300\n'), 'CSV_VALUE', /:3 `purchaseValue`: the target exceeds the bound/);
  const edge = await loadCsv(file('pageViews,purchaseValue\n1e18,1e15\n'), opts);
  assert.deepEqual([...edge.target!], [1e15]);
});

test('a 1 MB line is quoted as a short excerpt, never whole', async () => {
  const huge = 'x'.repeat(1_000_000);
  await refused(file(`${huge}\n1\n`), 'CSV_HEADER', /the header lacks/);
  await refused(file(`pageViews,${huge}\n1,2\n`), 'CSV_HEADER', /the header lacks a required column/);
  await refused(file(`pageViews,purchaseValue\n${huge},0\n`), 'CSV_VALUE', /got "x{50,}\.\.\."/);
  await refused(file(`pageViews,purchaseValue\n1,${huge}\n`), 'CSV_VALUE', /the target is present but not a number/);
  await refused(file(`a,a,${huge}\n1,2,3\n`), 'CSV_HEADER', /names "a" twice/);
});

test('files that are not text are refused by their first bytes, before any large read', async () => {
  await refused(file(Buffer.from([0x1f, 0x8b, 8, 0, 1, 2, 3])), 'CSV_ENCODING', /a gzip-compressed file, not a CSV text file/);
  await refused(file(Buffer.from('PK\u0003\u0004xlsx-inside')), 'CSV_ENCODING', /a ZIP archive/);
  const nul = file('');
  truncateSync(nul, 2 * 1024 ** 3); // 2 GB of NUL bytes, sparse: the old loader died with RangeError
  await refused(nul, 'CSV_ENCODING', /not a text file: 8192 of its first 8192 bytes are NUL/);
  const utf16 = file(Buffer.from('\ufeffpageViews,purchaseValue\n1,2\n'.repeat(20), 'utf16le'));
  await refused(utf16, 'CSV_ENCODING', /not a text file/);
  // A stray NUL inside a text cell is judged by its column, not by the sniff.
  await refused(file('pageViews,purchaseValue\n1\u00002,0\n'), 'CSV_VALUE', /:2 `pageViews`/);
});
