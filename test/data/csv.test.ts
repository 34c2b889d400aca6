import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { UserError } from '../../src/errors.ts';
import { loadCsv, describeDataset } from '../../src/data/csv.ts';
import { E2V_TEST_COLUMNS } from '../../src/data/engage2value.ts';
import { E2V_KINDS } from './e2v-kinds.ts';
import type { ColumnSpec, NumericColumn, BooleanColumn, CategoricalColumn } from '../../src/data/types.ts';

const GA = fileURLToPath(new URL('../../../shared/data/ga-sessions.csv', import.meta.url));
const E2V = fileURLToPath(new URL('../../../shared/data/engage2value-test-head.csv', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'hl-csv-'));
let n = 0;
function file(content: string | Buffer): string {
  const p = join(dir, `f${n++}.csv`);
  writeFileSync(p, content);
  return p;
}
const num = (name: string): ColumnSpec => ({ name, kind: 'numeric' });
const cat = (name: string): ColumnSpec => ({ name, kind: 'categorical' });

async function rejects(path: string, opts: Parameters<typeof loadCsv>[1], code: string, pattern: RegExp): Promise<UserError> {
  let caught: unknown;
  try {
    await loadCsv(path, opts);
  } catch (e) {
    caught = e;
  }
  assert.ok(caught instanceof UserError, `expected a UserError, got ${String(caught)}`);
  assert.equal(caught.code, code);
  assert.match(caught.message, pattern);
  assert.ok(!caught.message.includes('\n'), 'one paragraph');
  return caught;
}

test('ga-sessions.csv: 38,007 rows, 1,510 buyers, empty cells are NaN', { skip: existsSync(GA) ? false : `shared data absent: ${GA} — real-data check not run` }, async () => {
  const ds = await loadCsv(GA, {
    columns: [num('pageViews'), num('timeOnSite'), num('bounces'), cat('channelGrouping'), { name: 'sessionStart', kind: 'datetime' }],
    target: 'purchaseValue',
    idColumn: 'sessionId',
  });
  assert.equal(ds.rowCount, 38007);
  assert.deepEqual(ds.identity.columns, ['sessionId', 'sessionStart', 'visitNumber', 'channelGrouping', 'pageViews', 'timeOnSite', 'bounces', 'purchaseValue']);
  const y = ds.target!;
  let buyers = 0;
  let min = Infinity;
  for (const v of y) if (v > 0) { buyers++; min = Math.min(min, v); }
  assert.equal(buyers, 1510);
  assert.equal(min, 2.5e6);
  assert.ok(Math.abs(ds.identity.buyerRate - 1510 / 38007) < 1e-12);
  const timeOnSite = (ds.columns.timeOnSite as NumericColumn).values;
  const bounces = (ds.columns.bounces as NumericColumn).values;
  // Row 1 of the file is a bounce: empty timeOnSite, bounces 1; every non-bounce has bounces NaN.
  assert.ok(Number.isNaN(timeOnSite[0]));
  assert.equal(bounces[0], 1);
  const nanBounces = [...bounces].filter(Number.isNaN).length;
  assert.equal(nanBounces, 38007 - 12566);
  assert.equal(ds.ids!.length, 38007);
  assert.equal(ds.ids![0], '1498424366');
  assert.equal(ds.identity.sha256, createHash('sha256').update(readFileSync(GA)).digest('hex'));
  assert.equal((ds.columns.sessionStart as NumericColumn).values[0], 1498424366);
});

test('engage2value head: 232 rows, 51 columns, no target, real types and missing values', { skip: existsSync(E2V) ? false : `shared data absent: ${E2V} — real-data check not run` }, async () => {
  const columns = E2V_TEST_COLUMNS.map((name) => ({ name, kind: E2V_KINDS[name] }));
  const ds = await loadCsv(E2V, { columns, target: null });
  assert.equal(ds.rowCount, 232);
  assert.deepEqual(ds.identity.columns, [...E2V_TEST_COLUMNS]);
  assert.equal(ds.target, null);
  assert.equal(Object.keys(ds.columns).length, 51);
  const isMobile = ds.columns['device.isMobile'] as BooleanColumn;
  assert.equal(isMobile.kind, 'boolean');
  assert.deepEqual([...isMobile.values.slice(0, 3)], [0, 0, 0]);
  assert.equal([...isMobile.values].filter((v) => v === 1).length, 55);
  const pageViews = (ds.columns.pageViews as NumericColumn).values;
  assert.equal(pageViews[0], 10);
  const bounces = (ds.columns['totals.bounces'] as NumericColumn).values;
  assert.ok(Number.isNaN(bounces[0]), 'empty totals.bounces → NaN');
  assert.equal([...bounces].filter((v) => v === 1).length, 92, '"1.0" → 1');
  const medium = (ds.columns['trafficSource.medium'] as CategoricalColumn).values;
  assert.equal(medium.filter((m) => m === '(none)').length, 77, '"(none)" is a category, not missing');
  const city = (ds.columns['geoNetwork.city'] as CategoricalColumn).values;
  assert.equal(city[0], null, '"not available in demo dataset" is missing');
  assert.equal((ds.columns.date as NumericColumn).values[0], Date.UTC(2017, 4, 8) / 1000);
  const summary = describeDataset(ds);
  assert.equal(summary.buyers, null);
  assert.equal(summary.columns.find((c) => c.name === 'device.browserSize')!.missingRate, 1);
});

test('BOM, CRLF, quoted commas/quotes/newlines, blank lines, missing target → 0', async () => {
  const text = '\uFEFFid,note,v,purchaseValue\r\n1,"a, b",1.5,\r\n\r\n2,"say ""hi""\r\nthere",2,120\r\n3,plain,,0\r\n';
  const ds = await loadCsv(file(text), { columns: [cat('note'), num('v')], target: 'purchaseValue', idColumn: 'id' });
  assert.deepEqual(ds.identity.columns, ['id', 'note', 'v', 'purchaseValue']);
  assert.deepEqual((ds.columns.note as CategoricalColumn).values, ['a, b', 'say "hi"\r\nthere', 'plain']);
  assert.deepEqual([...(ds.columns.v as NumericColumn).values], [1.5, 2, NaN]);
  assert.deepEqual([...ds.target!], [0, 120, 0]);
  assert.deepEqual(ds.ids, ['1', '2', '3']);
  assert.ok(Math.abs(ds.identity.buyerRate - 1 / 3) < 1e-12);
});

test('maxRows stops early but the sha256 still covers the whole file', async () => {
  const text = `a,purchaseValue\n${Array.from({ length: 50 }, (_, i) => `${i},${i}`).join('\n')}\nragged,row,here\n`;
  const p = file(text);
  const ds = await loadCsv(p, { columns: [num('a')], target: 'purchaseValue', maxRows: 10 });
  assert.equal(ds.rowCount, 10);
  assert.equal(ds.identity.sha256, createHash('sha256').update(text).digest('hex'));
});

test('error: missing file', async () => { await rejects(join(dir, 'nope.csv'), { columns: [], target: null }, 'FILE_NOT_FOUND', /nope\.csv: the data file does not exist/); });

test('error: empty file and header-only file', async () => {
  await rejects(file(''), { columns: [], target: null }, 'CSV_EMPTY', /empty \(0 bytes\)/);
  await rejects(file('a,b\n'), { columns: [], target: null }, 'CSV_EMPTY', /:2: the file has a header but no data rows/);
  await rejects(file('\n\n'), { columns: [], target: null }, 'CSV_EMPTY', /no header/);
});

test('error: header lacks a feature / the target; closest names are suggested', async () => {
  const p = file('pageViews,purchaseValue\n1,0\n');
  await rejects(p, { columns: [num('pageViewz')], target: 'purchaseValue' }, 'CSV_HEADER', /:1 `pageViewz`: the header lacks a required column: "pageViewz" \(numeric feature; closest header name: "pageViews"\)/);
  await rejects(p, { columns: [], target: 'purchaseValu' }, 'CSV_HEADER', /"purchaseValu" \(target; closest header name: "purchaseValue"\)/);
  await rejects(p, { columns: [], target: null, idColumn: 'sessionId' }, 'CSV_HEADER', /"sessionId" \(id column\)/);
});

test('error: duplicate header names', async () => {
  await rejects(file('a,b,a\n1,2,3\n'), { columns: [], target: null }, 'CSV_HEADER', /:1 `a`: the header names "a" twice \(fields 1 and 3\)/);
});

test('error: ragged row names its physical line (after a multi-line quoted field)', async () => {
  await rejects(file('a,b,c\n1,"x\ny",3\n4,5\n'), { columns: [], target: null }, 'CSV_RAGGED', /:4: line 4 has 2 fields, the header has 3/);
});

test('error: non-numeric value in a numeric column, negative or garbage target', async () => {
  await rejects(file('v,purchaseValue\n1,0\n2,0\nlots,0\n'), { columns: [num('v')], target: 'purchaseValue' }, 'CSV_VALUE', /:4 `v`: this cell cannot be read\. Expected a finite number or a missing token, got "lots"\./);
  await rejects(file('v,purchaseValue\n1,-5\n'), { columns: [], target: 'purchaseValue' }, 'CSV_VALUE', /:2 `purchaseValue`: the target must not be negative/);
  await rejects(file('v,purchaseValue\n1,abc\n'), { columns: [], target: 'purchaseValue' }, 'CSV_VALUE', /:2 `purchaseValue`.*got "abc"/);
  await rejects(file('v,purchaseValue\n1,Infinity\n'), { columns: [], target: 'purchaseValue' }, 'CSV_VALUE', /got "Infinity"/);
});

test('error: broken quoting', async () => {
  await rejects(file('a,b\n1,"x"y\n'), { columns: [], target: null }, 'CSV_VALUE', /:2: the CSV quoting is broken: a closing quote is followed by "y"/);
  await rejects(file('a,b\n1,"never closed\n2,3\n'), { columns: [], target: null }, 'CSV_VALUE', /:2: .*never closed/);
});

test('error: non-UTF-8 bytes name the line and byte offset', async () => {
  // "café" in Latin-1 on line 3 (byte 13), and a stray continuation byte.
  const latin1 = Buffer.concat([Buffer.from('a,b\n1,2\n3,caf'), Buffer.from([0xe9]), Buffer.from('\n')]);
  await rejects(file(latin1), { columns: [], target: null }, 'CSV_ENCODING', /:3: the file is not valid UTF-8\. Expected UTF-8 text, got byte 0xe9 at byte offset 13\./);
  const stray = Buffer.concat([Buffer.from('a,b\n'), Buffer.from([0x80]), Buffer.from(',1\n')]);
  await rejects(file(stray), { columns: [], target: null }, 'CSV_ENCODING', /:2: .*got byte 0x80 at byte offset 4\./);
  // Valid multi-byte text is fine, whichever chunk boundary it straddles.
  const ds = await loadCsv(file('a,b\ncafé,日本\n'), { columns: [cat('a'), cat('b')], target: null });
  assert.deepEqual((ds.columns.b as CategoricalColumn).values, ['日本']);
});
