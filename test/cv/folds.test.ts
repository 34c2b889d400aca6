import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { foldFingerprint, foldTestSizes, makeFolds, type Fold, type FoldOptions } from '../../src/cv/folds.ts';
import { isUserError } from '../../src/errors.ts';
import { makeRng } from '../../src/seeds.ts';

/** Zero-inflated target: about `rate` buyers with lognormal-ish amounts, seeded. */
function zeroInflated(n: number, rate: number, seed: number): Float64Array {
  const rng = makeRng(seed);
  return Float64Array.from({ length: n }, () => (rng() < rate ? Math.exp(10 + 3 * rng()) : 0));
}

function checkInvariants(y: Float64Array, folds: Fold[], opts: FoldOptions): void {
  const n = y.length;
  const { k, repeats } = opts;
  assert.equal(folds.length, k * repeats);
  const buyers = y.reduce((c, v) => c + (v > 0 ? 1 : 0), 0);
  for (let r = 0; r < repeats; r++) {
    const seen = new Int32Array(n);
    const sizes: number[] = [];
    for (let f = 0; f < k; f++) {
      const fold = folds[r * k + f];
      assert.deepEqual([fold.index, fold.repeat, fold.fold], [r * k + f, r, f]);
      assert.equal(fold.train.length + fold.test.length, n);
      for (const part of [fold.train, fold.test]) {
        for (let i = 1; i < part.length; i++) assert.ok(part[i - 1] < part[i], 'indices ascending and unique');
      }
      const inTest = new Set(fold.test);
      for (const row of fold.train) assert.ok(!inTest.has(row), 'train and test are disjoint');
      for (const row of fold.test) seen[row]++;
      sizes.push(fold.test.length);
      if (opts.stratify === 'purchase') {
        const foldBuyers = Array.from(fold.test).filter((row) => y[row] > 0).length;
        // Each fold holds buyers/k of the buyers, rounded either way: within one row of exact.
        assert.ok(Math.abs(foldBuyers - buyers / k) < 1, `fold ${f}: ${foldBuyers} buyers vs ${buyers / k} expected`);
      }
    }
    assert.ok(seen.every((c) => c === 1), `repeat ${r}: every row in exactly one test fold`);
    assert.ok(Math.max(...sizes) - Math.min(...sizes) <= 1, `repeat ${r}: sizes ${sizes} differ by at most one`);
  }
}

const cases: { name: string; n: number; rate: number; opts: FoldOptions & { seed: number } }[] = [
  { name: '5-fold stratified, 4% buyers', n: 1003, rate: 0.04, opts: { k: 5, repeats: 1, stratify: 'purchase', seed: 7 } },
  { name: '3×10-fold stratified', n: 517, rate: 0.1, opts: { k: 10, repeats: 3, stratify: 'purchase', seed: 1 } },
  { name: 'k = n, unstratified (leave-one-out)', n: 9, rate: 0.5, opts: { k: 9, repeats: 2, stratify: 'none', seed: 3 } },
  { name: 'k = buyers exactly', n: 200, rate: 0.03, opts: { k: 2, repeats: 2, stratify: 'purchase', seed: 11 } },
];
for (const c of cases) {
  test(`fold invariants: ${c.name}`, () => {
    const y = zeroInflated(c.n, c.rate, c.opts.seed + 100);
    checkInvariants(y, makeFolds(y, c.opts), c.opts);
  });
}

test('buyers and non-buyers are each spread evenly, not just the totals', () => {
  // 7 buyers, 13 non-buyers, k = 3: buyers 3/2/2, non-buyers continue the deal so totals are 7/7/6.
  const y = Float64Array.from({ length: 20 }, (_, i) => (i < 7 ? 5 : 0));
  const folds = makeFolds(y, { k: 3, repeats: 1, stratify: 'purchase', seed: 5 });
  const buyers = folds.map((f) => Array.from(f.test).filter((r) => y[r] > 0).length);
  assert.deepEqual(buyers, [3, 2, 2]);
  assert.deepEqual(foldTestSizes(folds), [7, 7, 6]);
});

test('same seed gives the same split; another seed or repeat a different one', () => {
  const y = zeroInflated(400, 0.05, 9);
  const opts: FoldOptions = { k: 5, repeats: 2, stratify: 'purchase', seed: 42 };
  const a = makeFolds(y, opts);
  const b = makeFolds(y, opts);
  assert.deepEqual(a, b);
  const c = makeFolds(y, { ...opts, seed: 43 });
  assert.notDeepEqual(a.map((f) => f.test), c.map((f) => f.test));
  assert.notDeepEqual(a[0].test, a[5].test, 'repeat 1 reshuffles');
  // Adding repeats leaves the earlier ones alone (per-repeat seeds are derived by name).
  assert.deepEqual(makeFolds(y, { ...opts, repeats: 1 }), a.slice(0, 5));
});

test('fingerprint is equal exactly when the test assignments are equal', () => {
  const y = zeroInflated(300, 0.05, 2);
  const opts: FoldOptions = { k: 4, repeats: 2, stratify: 'purchase', seed: 1 };
  const a = makeFolds(y, opts);
  const fp = foldFingerprint(a, y.length);
  assert.match(fp, /^[0-9a-f]{64}$/);
  assert.equal(foldFingerprint(makeFolds(y, opts), y.length), fp);
  // Same assignment built another way (folds listed in a different order): same fingerprint.
  assert.equal(foldFingerprint([...a].reverse(), y.length), fp);
  assert.notEqual(foldFingerprint(makeFolds(y, { ...opts, seed: 2 }), y.length), fp);
  assert.notEqual(foldFingerprint(a.slice(0, 4), y.length), fp, 'one repeat is not two');
  // Swap one row between two test folds: a different assignment, a different fingerprint.
  const swapped = a.map((f) => ({ ...f, test: Int32Array.from(f.test) }));
  const r0 = swapped[0].test[0];
  swapped[0].test[0] = swapped[1].test[0];
  swapped[1].test[0] = r0;
  assert.notEqual(foldFingerprint(swapped, y.length), fp);
});

test('fingerprint rejects folds that are not a partition', () => {
  const y = zeroInflated(50, 0.2, 4);
  const folds = makeFolds(y, { k: 5, repeats: 1, stratify: 'purchase', seed: 1 });
  assert.throws(() => foldFingerprint(folds.slice(1), 50), /is in no test fold/);
  assert.throws(() => foldFingerprint([...folds, folds[0]], 50), /in two test folds/);
  assert.throws(() => foldFingerprint(folds, 49), /out of range/);
});

const errorCases: { name: string; y: Float64Array; opts: FoldOptions; code: string; message: RegExp }[] = [
  { name: 'k > rows', y: new Float64Array([1, 0, 2]), opts: { k: 4, repeats: 1, stratify: 'none', seed: 1 }, code: 'DATA_DEGENERATE', message: /cv.folds is 4 but the data has only 3 rows/ },
  {
    name: 'fewer buyers than folds',
    y: Float64Array.from({ length: 50 }, (_, i) => (i < 3 ? 10 : 0)),
    opts: { k: 5, repeats: 1, stratify: 'purchase', seed: 1 },
    code: 'DATA_DEGENERATE',
    message: /cv.folds is 5 but the data has only 3 buyers: stratified folds need at least one buyer per fold.*lower cv.folds to at most 3 or use cv.stratify: none/i,
  },
  { name: 'no buyers at all', y: new Float64Array(20), opts: { k: 5, repeats: 1, stratify: 'purchase', seed: 1 }, code: 'DATA_DEGENERATE', message: /has no buyers/ },
];
for (const c of errorCases) {
  test(`makeFolds rejects ${c.name}`, () => {
    assert.throws(
      () => makeFolds(c.y, c.opts),
      (e: unknown) => isUserError(e) && e.code === c.code && c.message.test(e.message),
    );
  });
}

test('makeFolds: k < 2 or repeats < 1 is a caller bug (the config schema refuses them at load)', () => {
  const y = new Float64Array([1, 0, 2, 0]);
  for (const [k, repeats] of [[1, 1], [2.5, 1], [2, 0]]) {
    assert.throws(() => makeFolds(y, { k, repeats, stratify: 'none', seed: 1 }), (e: unknown) => e instanceof RangeError && !isUserError(e));
  }
});

test('fewer buyers than folds is fine without stratification', () => {
  const y = Float64Array.from({ length: 50 }, (_, i) => (i < 3 ? 10 : 0));
  const opts: FoldOptions = { k: 5, repeats: 1, stratify: 'none', seed: 1 };
  checkInvariants(y, makeFolds(y, opts), opts);
});

const gaPath = fileURLToPath(new URL('../../../shared/data/ga-sessions.csv', import.meta.url));
const gaExists = existsSync(gaPath);
test('real data: ga-sessions 5-fold stratified keeps 3.97% buyers in every fold', { skip: gaExists ? false : `shared data absent: ${gaPath} — real-data check not run` }, () => {
  const lines = readFileSync(gaPath, 'utf8').trim().split(/\r?\n/);
  const col = lines[0].split(',').indexOf('purchaseValue');
  assert.ok(col >= 0);
  const y = Float64Array.from(lines.slice(1), (line) => Number(line.split(',')[col] || 0));
  assert.equal(y.length, 38007);
  const opts: FoldOptions = { k: 5, repeats: 2, stratify: 'purchase', seed: 2024 };
  const folds = makeFolds(y, opts);
  checkInvariants(y, folds, opts);
  for (const f of folds) {
    const buyers = Array.from(f.test).filter((r) => y[r] > 0).length;
    assert.equal(buyers, 302, '1,510 buyers / 5 folds = 302 per fold');
  }
});
