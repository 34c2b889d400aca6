import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decileNotes, decileSummary } from '../../src/metrics/deciles.ts';

test('deciles by hand: 12 rows → groups of 2, 2, then 1 × 8, sorted by ŷ descending', () => {
  // ŷ = 12, 11, ..., 1 for rows 0..11; y = 6 on row 1, 3 on rows 4 and 11; total 12.
  // group 0 = rows 0,1: pred (12+11)/2 = 11.5, actual 3, share 6/12 = .5
  // group 1 = rows 2,3: pred 9.5, actual 0, share .5;  group 2 = row 4: pred 8, actual 3, share .75
  // groups 3..8 = rows 5..10: actual 0, share .75;  group 9 = row 11: pred 1, actual 3, share 1
  const yHat = Array.from({ length: 12 }, (_, i) => 12 - i);
  const y = [0, 6, 0, 0, 3, 0, 0, 0, 0, 0, 0, 3];
  // feed the rows reversed so the function has to sort them
  const d = decileSummary([...y].reverse(), [...yHat].reverse());
  assert.deepEqual(d.count, [2, 2, 1, 1, 1, 1, 1, 1, 1, 1]);
  assert.deepEqual(d.meanPredicted, [11.5, 9.5, 8, 7, 6, 5, 4, 3, 2, 1]);
  assert.deepEqual(d.meanActual, [3, 0, 3, 0, 0, 0, 0, 0, 0, 3]);
  assert.deepEqual(d.cumulativeActualShare, [0.5, 0.5, 0.75, 0.75, 0.75, 0.75, 0.75, 0.75, 0.75, 1]);
  assert.equal(decileNotes(y), undefined);
});

test('deciles: counts sum to n and differ by at most one, shares end at 1', () => {
  for (const n of [10, 23, 1001]) {
    const y = Array.from({ length: n }, (_, i) => (i % 7 === 0 ? i : 0));
    const d = decileSummary(y, y.map((v, i) => v + (i % 3)));
    assert.equal(d.count.reduce((a, b) => a + b, 0), n);
    assert.ok(Math.max(...d.count) - Math.min(...d.count) <= 1);
    assert.ok(Math.abs(d.cumulativeActualShare[9] - 1) < 1e-12);
    for (let g = 1; g < 10; g++) assert.ok(d.cumulativeActualShare[g] >= d.cumulativeActualShare[g - 1]);
  }
});

test('deciles with no purchase value: zero shares and a note; tiny folds: empty groups noted', () => {
  const d = decileSummary([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], Array.from({ length: 11 }, (_, i) => i));
  assert.deepEqual(d.cumulativeActualShare, Array(10).fill(0));
  assert.match(decileNotes(new Float64Array(11)) ?? '', /y sums to 0/);
  const small = decileSummary([5, 0, 1], [1, 2, 3]);
  assert.deepEqual(small.count, [1, 1, 1, 0, 0, 0, 0, 0, 0, 0]);
  assert.deepEqual(small.meanActual.slice(0, 4), [1, 0, 5, 0]);
  assert.match(decileNotes([5, 0, 1]) ?? '', /7 decile groups are empty/);
});
