import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sampleRankCorrelation } from 'simple-statistics';
import { normalizedGini, rawGini, spearman } from '../../src/metrics/ranking.ts';
import { averageRanks } from '../../src/metrics/ranks.ts';
import { makeRng, shuffleInPlace } from '../../src/seeds.ts';

const close = (a: number | null, b: number, what: string, tol = 1e-12): void => {
  assert.ok(a !== null && Math.abs(a - b) < tol, `${what}: ${a} vs ${b}`);
};

test('Gini by hand: y = [0, 10, 0, 30], ŷ = [0.1, 0.4, 0.3, 0.2]', () => {
  // model order by ŷ desc: y = 10, 0, 30, 0 → cumulative shares .25 .25 1 1, sum 2.5
  //   raw = 2·2.5/4 − 1 = 0.25
  // oracle order by y desc: 30, 10, 0, 0 → shares .75 1 1 1, sum 3.75 → raw = 0.875
  // normalized = 0.25 / 0.875 = 2/7
  const y = [0, 10, 0, 30];
  close(rawGini(y, [0.1, 0.4, 0.3, 0.2]), 0.25, 'raw model');
  close(rawGini(y, y), 0.875, 'raw oracle');
  close(normalizedGini(y, [0.1, 0.4, 0.3, 0.2]).value, 2 / 7, 'normalized');
});

test('Gini with tied predictions uses the expected gains curve over tie orders', () => {
  // ŷ = [1, 1, 0, 0]: block {0, 10} then block {0, 30}. Inside a block the cumulative sum rises
  // evenly: 5, 10, then 25, 40 → shares .125 .25 .625 1, sum 2 → raw = 2·2/4 − 1 = 0.
  const y = [0, 10, 0, 30];
  close(rawGini(y, [1, 1, 0, 0]), 0, 'raw with ties');
  // Averaging the two orders of each block by hand gives the same curve, hence order-free:
  close(rawGini([10, 0, 30, 0], [1, 1, 0, 0]), 0, 'rows reordered');
});

test('Gini: model = oracle ⇒ 1; reversed oracle is negative; random ranking ≈ 0', () => {
  const rng = makeRng(3);
  const y = Float64Array.from({ length: 5000 }, () => (rng() < 0.1 ? Math.exp(8 * rng()) : 0));
  assert.equal(normalizedGini(y, y).value, 1);
  assert.ok((normalizedGini(y, y.map((v) => -v)).value ?? 0) < 0);
  // lifetime_value's own test: y = n..1 with a random permutation of it as prediction
  const n = 20000;
  const yDesc = Float64Array.from({ length: n }, (_, i) => n - i);
  const random = shuffleInPlace(Float64Array.from(yDesc), makeRng(11));
  assert.ok(Math.abs(normalizedGini(yDesc, random).value ?? 1) < 0.05);
  assert.equal(normalizedGini(yDesc, yDesc).value, 1);
});

test('Gini depends only on the (y, ŷ) pairs, not on row order, even with heavy ties', () => {
  const rng = makeRng(5);
  const y = Array.from({ length: 300 }, () => (rng() < 0.2 ? Math.round(100 * rng()) : 0));
  const yHat = y.map((v) => (v > 50 ? 2 : rng() < 0.5 ? 1 : 0)); // only 3 distinct predictions
  const g = normalizedGini(y, yHat).value;
  const order = shuffleInPlace(Array.from({ length: 300 }, (_, i) => i), makeRng(6));
  close(normalizedGini(order.map((i) => y[i]), order.map((i) => yHat[i])).value, g ?? NaN, 'permuted', 1e-12);
});

test('Gini is null when the fold has no value to rank', () => {
  assert.match(normalizedGini([0, 0, 0], [1, 2, 3]).reason ?? '', /y sums to 0/);
});

test('Spearman by hand with a tie in ŷ', () => {
  // y = 1..5 → ranks 1..5; ŷ = [5, 6, 7, 8, 7] → ranks 1, 2, 3.5, 5, 3.5
  // deviations: [−2, −1, 0, 1, 2] and [−2, −1, .5, 2, .5]: Σab = 8, Σa² = 10, Σb² = 9.5 → 8/√95
  close(spearman([1, 2, 3, 4, 5], [5, 6, 7, 8, 7]).value, 8 / Math.sqrt(95), 'spearman');
  assert.deepEqual(Array.from(averageRanks([5, 6, 7, 8, 7])), [1, 2, 3.5, 5, 3.5]);
});

test('Spearman matches simple-statistics sampleRankCorrelation (midranks) on tied data', () => {
  const rng = makeRng(8);
  const y = Array.from({ length: 400 }, () => (rng() < 0.7 ? 0 : Math.round(10 * rng())));
  const yHat = y.map((v) => Math.round(v / 3 + 2 * rng()));
  close(spearman(y, yHat).value, sampleRankCorrelation(y, yHat), 'vs simple-statistics', 1e-12);
});

test('Spearman is null when either side is constant, naming which', () => {
  assert.match(spearman([0, 0, 0], [1, 2, 3]).reason ?? '', /^y is constant/);
  assert.match(spearman([1, 2, 3], [4, 4, 4]).reason ?? '', /^ŷ is constant/);
  assert.equal(spearman([1], [1]).value, null);
});
