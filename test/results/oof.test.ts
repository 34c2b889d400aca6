import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { after, test } from 'node:test';
import { parse } from 'csv-parse/sync';
import { isUserError } from '../../src/errors.ts';
import { oofCsv, oofPathFor, parseOofCsv, readOof, writeOof, type FoldPredictions } from '../../src/results/oof.ts';
import { makeRng } from '../../src/seeds.ts';

const root = mkdtempSync(join(tmpdir(), 'hl-oof-'));
after(() => rmSync(root, { recursive: true, force: true }));

/** Two repeats × two folds over 9 rows, heavy-tailed values, awkward doubles (1/3, 1e-300, 5e21). */
function folds(twoPart: boolean): FoldPredictions[] {
  const rng = makeRng(3);
  const out: FoldPredictions[] = [];
  const splits = [
    [[0, 2, 4, 6, 8], [1, 3, 5, 7]],
    [[1, 2, 3, 8], [0, 4, 5, 6, 7]],
  ];
  splits.forEach((split, repeat) =>
    split.forEach((rows, fold) => {
      const prediction = rows.map((r) => (r === 0 ? 1 / 3 : r === 1 ? 5e21 : r === 2 ? 1e-300 : Math.exp(10 * rng()) * 1e6));
      out.push({
        repeat, fold, rows,
        prediction,
        ...(twoPart ? { purchaseProb: rows.map(() => rng() * 0.05), amount: rows.map(() => Math.exp(18 + rng())) } : {}),
      });
    }),
  );
  return out;
}

test('oof side file: gzip CSV that gunzip and csv-parse read back, exact doubles, sorted by repeat then row', async () => {
  const input = folds(true);
  const file = oofPathFor(join(root, 'run-s42-abcdef12.json'));
  assert.equal(file, join(root, 'run-s42-abcdef12.oof.csv.gz'));
  const ref = await writeOof(file, input);
  assert.equal(ref.file, 'run-s42-abcdef12.oof.csv.gz');
  assert.equal(ref.rows, 18);
  const bytes = readFileSync(file);
  assert.equal(ref.sha256, createHash('sha256').update(bytes).digest('hex'));
  // Independent readers: the system gunzip and csv-parse.
  const text = execFileSync('gzip', ['-dc', file], { encoding: 'utf8' });
  const records = parse(text, { columns: true }) as Record<string, string>[];
  assert.deepEqual(Object.keys(records[0]), ['row', 'repeat', 'fold', 'prediction', 'purchaseProb', 'amount']);
  assert.equal(records.length, 18);
  assert.deepEqual(records.map((r) => `${r.repeat}:${r.row}`), [0, 1].flatMap((rep) => Array.from({ length: 9 }, (_, i) => `${rep}:${i}`)));
  for (const f of input) {
    for (let i = 0; i < f.rows.length; i++) {
      const rec = records.find((r) => Number(r.repeat) === f.repeat && Number(r.row) === f.rows[i])!;
      assert.equal(Number(rec.fold), f.fold);
      assert.equal(Number(rec.prediction), f.prediction[i]);
      assert.equal(Number(rec.purchaseProb), f.purchaseProb![i]);
      assert.equal(Number(rec.amount), f.amount![i]);
    }
  }
  const table = readOof(join(root, 'run-s42-abcdef12.json'), ref);
  assert.equal(table.row.length, 18);
  assert.equal(table.prediction[table.row.indexOf(1)], 5e21);
  assert.equal(table.prediction[table.row.indexOf(2)], 1e-300);
  assert.equal(table.prediction[table.row.indexOf(0)], 1 / 3);
  assert.deepEqual(readdirSync(root).filter((f) => f.endsWith('.tmp')), [], 'no temporary file left');
});

test('oof side file: one-part models have the four base columns only; the same input gives the same bytes', async () => {
  const a = await writeOof(join(root, 'a.oof.csv.gz'), folds(false));
  const b = await writeOof(join(root, 'b.oof.csv.gz'), folds(false));
  assert.equal(a.sha256, b.sha256);
  const table = readOof(join(root, 'a.json'), a);
  assert.equal(table.purchaseProb, null);
  assert.equal(table.amount, null);
  assert.equal(oofCsv(folds(false)).text.split('\n')[0], 'row,repeat,fold,prediction');
});

test('oof side file: a changed, truncated or missing file is refused with a clear error', async () => {
  const ref = await writeOof(join(root, 'c.oof.csv.gz'), folds(false));
  const resultPath = join(root, 'c.json');
  const text = oofCsv(folds(false)).text.replace(/\n[^\n]+\n$/, '\n');
  writeFileSync(join(root, 'c.oof.csv.gz'), gzipSync(text));
  assert.throws(() => readOof(resultPath, ref), (e: unknown) => isUserError(e) && /`sha256`/.test(e.message) && /rerun/.test(e.message));
  // Right checksum, wrong row count: the reference was edited.
  const truncated = gzipSync(text);
  const edited = { ...ref, sha256: createHash('sha256').update(truncated).digest('hex') };
  writeFileSync(join(root, 'c.oof.csv.gz'), truncated);
  assert.throws(() => readOof(resultPath, edited), (e: unknown) => isUserError(e) && /`rows`/.test(e.message) && /got 17/.test(e.message));
  assert.throws(() => readOof(join(root, 'none.json'), { ...ref, file: 'none.oof.csv.gz' }), (e: unknown) => isUserError(e) && /missing/.test(e.message));
});

test('parseOofCsv: bad header, ragged line and non-numbers name the line and column', () => {
  const cases: [string, RegExp][] = [
    ['row,fold,prediction\n0,0,1\n', /line 1/],
    ['row,repeat,fold,prediction\n0,0,0\n', /line 2.*4 comma-separated values, got 3/],
    ['row,repeat,fold,prediction\n0,0,0,abc\n', /line 2, column prediction.*a number/],
    ['row,repeat,fold,prediction\n-1,0,0,1\n', /line 2, column row.*non-negative integer/],
    ['row,repeat,fold,prediction,purchaseProb,amount\n0,0,0,1,,2\n', /column purchaseProb/],
  ];
  for (const [text, pattern] of cases) assert.throws(() => parseOofCsv(text, 'x.oof.csv'), (e: unknown) => isUserError(e) && pattern.test(e.message), text);
  assert.equal(parseOofCsv('row,repeat,fold,prediction\n', 'x').row.length, 0);
});
