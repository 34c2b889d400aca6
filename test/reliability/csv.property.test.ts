/**
 * Hostile CSV files: each generated file must load into a Dataset that matches what was written
 * (row count, every loaded value, no Infinity, target finite and ≥ 0) or fail with a UserError that
 * names the file and, for a row-level fault, the physical line the generator planted it on.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { loadCsv } from '../../src/data/csv.ts';
import { isUserError, type UserError } from '../../src/errors.ts';
import type { ColumnSpec, Dataset } from '../../src/data/types.ts';
import { tableArb, writeTable, type Expected, type Table, type Written } from './hostile-csv.ts';
import { Outcomes } from './sanity.ts';

// Fixed for CI; FC_SEED / FC_RUNS explore further locally (a failure prints the seed to replay).
const SEED = Number(process.env.FC_SEED ?? 20261125);
const RUNS = Number(process.env.FC_RUNS ?? 2000);

type Expectation = { valid: true } | { valid: false; codes: string[]; line: number | undefined };

/** What the loader must do with this file, from the generator's record of what it planted. */
function expectationOf(tb: Table, w: Written): Expectation {
  if (tb.whole === 'empty') return { valid: false, codes: ['CSV_EMPTY'], line: undefined };
  if (tb.whole === 'dupHeader' || tb.whole === 'noTarget') return { valid: false, codes: ['CSV_HEADER'], line: 1 };
  if (w.lines.length === 0) return { valid: false, codes: ['CSV_EMPTY'], line: 2 };
  const f = tb.rows.findIndex((r) => r.fault !== 'none' && r.fault !== 'encoding');
  if (f < 0) return { valid: true };
  const fault = tb.rows[f].fault;
  const codes = fault === 'short' || fault === 'long' || fault === 'spaces' ? ['CSV_RAGGED'] : fault === 'unclosed' ? ['CSV_VALUE', 'CSV_RAGGED'] : ['CSV_VALUE'];
  return { valid: false, codes, line: w.lines[f] };
}

function specOf(tb: Table): ColumnSpec[] {
  return tb.header.flatMap((name, i) => {
    const role = tb.roles[i];
    return role === 'target' || role === 'extra' ? [] : [{ name, kind: role }];
  });
}

const same = (a: Expected, b: Expected) => a === b || (typeof a === 'number' && typeof b === 'number' && Number.isNaN(a) && Number.isNaN(b));

function checkDataset(ds: Dataset, tb: Table, w: Written): void {
  const n = tb.rows.length;
  assert.equal(ds.rowCount, n, 'rowCount = data rows written');
  assert.deepEqual(ds.identity.columns, w.header, 'header read back exactly (no BOM, quotes undone)');
  const y = ds.target!;
  assert.equal(y.length, n);
  for (let r = 0; r < n; r++) assert.ok(Number.isFinite(y[r]) && y[r] >= 0, `target[${r}] = ${y[r]}`);
  tb.header.forEach((name, ci) => {
    const role = tb.roles[ci];
    if (role === 'extra') return assert.equal(ds.columns[name], undefined, 'unrequested columns are not materialised');
    const values = role === 'target' ? y : ds.columns[name].values;
    assert.equal(values.length, n, `${name} has one value per row`);
    if (role === 'target' || (role !== 'categorical' && ds.columns[name].kind === role)) {
      for (const v of values as Float64Array) assert.ok(!Number.isNaN(v) ? Number.isFinite(v) : role !== 'target', `${name}: ${v}`);
    }
    if (role === 'boolean') for (const v of values as Float64Array) assert.ok(v === 0 || v === 1 || Number.isNaN(v), `${name}: ${v}`);
    tb.rows.forEach((row, r) => {
      const want = row.cells[ci].value as Expected;
      assert.ok(same(values[r] as Expected, want), `${name} row ${r}: got ${JSON.stringify(values[r])}, wrote ${JSON.stringify(row.cells[ci].text.slice(0, 40))} → ${want}`);
    });
  });
}

function checkError(e: UserError, file: string, want: Expectation, encLine: number | undefined): void {
  const ctx = `${e.code} line ${e.details.line}: ${e.message.slice(0, 300)}`;
  assert.ok(!e.message.includes('\n'), `one paragraph: ${ctx}`);
  assert.ok(e.message.includes(file), `names the file: ${ctx}`);
  const planted = want.valid ? undefined : want;
  // Invalid UTF-8 is found when its chunk is decoded: before any row of that chunk is parsed.
  if (encLine !== undefined && e.code === 'CSV_ENCODING') return assert.equal(e.details.line, encLine, `encoding fault line: ${ctx}`);
  assert.ok(planted, `a file with no planted fault was refused: ${ctx}`);
  assert.ok(planted.codes.includes(e.code), `expected ${planted.codes.join('/')}: ${ctx}`);
  if (planted.line !== undefined) assert.equal(e.details.line, planted.line, `line of the planted fault: ${ctx}`);
  if (encLine !== undefined) assert.ok((planted.line ?? 0) < encLine, `an earlier fault than the encoding one: ${ctx}`);
}

test(`hostile CSV: a faithful Dataset or a UserError at the planted line (${RUNS} cases, seed ${SEED})`, { timeout: 180_000 }, async (t) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'hl-rel-csv-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const file = path.join(dir, 'hostile.csv');
  const outcomes = new Outcomes();

  await fc.assert(
    fc.asyncProperty(tableArb(), async (tb) => {
      const w = writeTable(tb);
      writeFileSync(file, w.bytes);
      const want = expectationOf(tb, w);
      const enc = w.lines.length ? tb.rows.findIndex((r) => r.fault === 'encoding') : -1;
      const encLine = enc >= 0 ? w.lines[enc] : undefined;
      let ds: Dataset;
      try {
        ds = await loadCsv(file, { columns: specOf(tb), target: 'purchaseValue' });
      } catch (e) {
        if (!isUserError(e)) throw new Error(`non-UserError ${(e as Error)?.name}: ${(e as Error)?.message}`);
        outcomes.count(e.code);
        checkError(e, file, want, encLine);
        return;
      }
      outcomes.count('valid');
      assert.ok(want.valid && encLine === undefined, `accepted a file with a planted fault: ${JSON.stringify(want)}`);
      checkDataset(ds, tb, w);
    }),
    { numRuns: RUNS, seed: SEED, includeErrorInReport: true },
  );
  console.log(`csv.property: ${outcomes.summary()}`);
  assert.ok(outcomes.get('valid') > RUNS * 0.2, 'valid files must be common, or the value checks hardly run');
  for (const code of ['CSV_EMPTY', 'CSV_HEADER', 'CSV_RAGGED', 'CSV_VALUE', 'CSV_ENCODING']) assert.ok(outcomes.get(code) > 0, `${code} was produced`);
});
