import assert from 'node:assert/strict';
import { test } from 'node:test';
import { rocAuc } from '../../src/metrics/classification.ts';
import { makeRng } from '../../src/seeds.ts';

test('AUC by hand with tied scores counts ties as one half', () => {
  // buyers (y > 0): rows 2 (.4), 3 (.8), 5 (.2); non-buyers: rows 0 (.1), 1 (.4), 4 (.4)
  // .4 beats .1, ties .4 twice → 2;  .8 beats all → 3;  .2 beats .1 only → 1;  total 6 of 9 pairs
  const out = rocAuc([0, 0, 120, 5, 0, 9], [0.1, 0.4, 0.4, 0.8, 0.4, 0.2]);
  assert.ok(Math.abs((out.value ?? 0) - 6 / 9) < 1e-12);
});

test('AUC equals the brute-force pairwise count on random tied data', () => {
  const rng = makeRng(4);
  const y = Array.from({ length: 300 }, () => (rng() < 0.15 ? 1 + rng() : 0));
  const score = y.map((v) => Math.round((v > 0 ? 0.3 : 0) + 10 * rng()) / 10);
  let wins = 0;
  let pairs = 0;
  for (let i = 0; i < y.length; i++) {
    if (!(y[i] > 0)) continue;
    for (let j = 0; j < y.length; j++) {
      if (y[j] > 0) continue;
      pairs++;
      wins += score[i] > score[j] ? 1 : score[i] === score[j] ? 0.5 : 0;
    }
  }
  assert.ok(Math.abs((rocAuc(y, score).value ?? 0) - wins / pairs) < 1e-12);
});

test('AUC: perfect = 1, inverted = 0, constant = 0.5, undefined without buyers or non-buyers', () => {
  assert.equal(rocAuc([0, 0, 3, 4], [0.1, 0.2, 0.8, 0.9]).value, 1);
  assert.equal(rocAuc([0, 0, 3, 4], [0.9, 0.8, 0.2, 0.1]).value, 0);
  assert.equal(rocAuc([0, 0, 3, 4], [0.5, 0.5, 0.5, 0.5]).value, 0.5);
  assert.match(rocAuc([0, 0], [0.1, 0.2]).reason ?? '', /no buyers/);
  assert.match(rocAuc([1, 2], [0.1, 0.2]).reason ?? '', /every test row is a buyer/);
});
