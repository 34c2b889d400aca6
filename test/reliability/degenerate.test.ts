/**
 * Degenerate but legal data, end to end through config → loader → folds: it loads, and the step
 * that cannot cope says so with a UserError (never a crash, never NaN folds).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadExperiment } from '../../src/config/load.ts';
import { makeFolds } from '../../src/cv/folds.ts';
import { loadData } from '../../src/data/load.ts';
import { userErrorOf } from '../config/helpers.ts';
import type { Dataset } from '../../src/data/types.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'hl-rel-degenerate-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));

/** Writes `name.csv` (rows of [x, target]) and an experiment reading it; returns config + dataset. */
async function setup(name: string, targets: string[], cv: string, extra = '') {
  const csv = ['x,flag,purchaseValue', ...targets.map((y, i) => `${i % 7},1,${y}`)].join('\n');
  writeFileSync(path.join(dir, `${name}.csv`), csv);
  writeFileSync(path.join(dir, `${name}.yaml`), `data:\n  source: csv\n  path: ${name}.csv\n${extra}features:\n  numeric: [x, flag]\ncv: ${cv}\n`);
  const { config } = loadExperiment(path.join(dir, `${name}.yaml`));
  const ds: Dataset = await loadData(config.data, config.features.numeric.map((n) => ({ name: n, kind: 'numeric' as const })), config.seed);
  const folds = () => makeFolds(ds.target!, { k: config.cv.folds, repeats: config.cv.repeats, stratify: config.cv.stratify, seed: config.seed });
  return { config, ds, folds };
}

test('all-zero target: loads (buyer rate 0, a constant column kept); stratified folds refuse, unstratified work', async () => {
  const { ds, folds, config } = await setup('zeros', Array(40).fill('0'), '{ folds: 5 }');
  assert.equal(ds.rowCount, 40);
  assert.equal(ds.identity.buyerRate, 0);
  assert.ok(ds.target!.every((v) => v === 0));
  assert.ok((ds.columns.flag.values as Float64Array).every((v) => v === 1), 'a constant column loads as is');
  const err = userErrorOf(folds);
  assert.equal(err.code, 'DATA_DEGENERATE');
  assert.match(err.message, /no buyers/);
  assert.match(err.message, /cv\.stratify: none/);
  const plain = makeFolds(ds.target!, { k: 5, repeats: 1, stratify: 'none', seed: config.seed });
  assert.deepEqual(plain.map((f) => f.test.length), [8, 8, 8, 8, 8]);
});

test('an empty target column is all zeros, not NaN', async () => {
  const { ds } = await setup('empty-target', Array(12).fill(''), '{ folds: 2, stratify: none }');
  assert.ok(ds.target!.every((v) => v === 0));
});

test('fewer rows than folds: a UserError naming cv.folds and the row count (also via data.maxRows)', async () => {
  const few = await setup('few', ['0', '2500000', '0'], '{ folds: 5, stratify: none }');
  const err = userErrorOf(few.folds);
  assert.equal(err.code, 'DATA_DEGENERATE');
  assert.equal(err.details.key, 'cv.folds');
  assert.match(err.message, /cv\.folds is 5 but the data has only 3 rows/);
  const capped = await setup('capped', Array(50).fill('1'), '{ folds: 5, stratify: none }', '  maxRows: 4\n');
  assert.equal(capped.ds.rowCount, 4);
  assert.match(userErrorOf(capped.folds).message, /only 4 rows/);
});

test('a single buyer with stratified 5-fold: a UserError explaining the buyer count', async () => {
  const { folds } = await setup('one-buyer', [...Array(29).fill('0'), '2500000'], '{ folds: 5, stratify: purchase }');
  const err = userErrorOf(folds);
  assert.equal(err.code, 'DATA_DEGENERATE');
  assert.match(err.message, /cv\.folds is 5 but the data has only 1 buyer: stratified folds need at least one buyer per fold/);
});

// cv.folds must be ≥ 2, so "lower cv.folds to at most 1" would be advice nobody can follow.
test('a single buyer: the hint never suggests fewer than 2 folds', async () => {
  const { folds } = await setup('one-buyer-hint', [...Array(29).fill('0'), '2500000'], '{ folds: 5 }');
  assert.doesNotMatch(userErrorOf(folds).message, /at most 1\b/);
});

test('two buyers with stratified 2-fold work: one buyer in each test fold', async () => {
  const { folds, ds } = await setup('two-buyers', [...Array(10).fill('0'), '1', '2'], '{ folds: 2, stratify: purchase }');
  const y = ds.target!;
  for (const f of folds()) assert.equal([...f.test].filter((i) => y[i] > 0).length, 1);
});
