import assert from 'node:assert/strict';
import { test } from 'node:test';
import { quantile7 } from '../../src/metrics/quantile.ts';

// numpy.quantile([0, 0, 10, 30], q) (linear, type 7): h = 3q, interpolate between sorted values.
const table: [number, number][] = [
  [0, 0], //        h = 0      → 0
  [0.5, 5], //      h = 1.5    → 0 + 0.5·(10 − 0)
  [0.75, 15], //    h = 2.25   → 10 + 0.25·(30 − 10)
  [0.9, 24], //     h = 2.7    → 10 + 0.7·20
  [1, 30], //       h = 3      → max
];
for (const [q, expected] of table) {
  test(`quantile7 q=${q} → ${expected}`, () => {
    // input unsorted on purpose: the function sorts a copy
    const values = new Float64Array([30, 0, 10, 0]);
    assert.ok(Math.abs(quantile7(values, q) - expected) < 1e-12);
    assert.deepEqual(Array.from(values), [30, 0, 10, 0], 'input untouched');
  });
}

test('quantile7 of one value is that value; bad q and empty input throw', () => {
  assert.equal(quantile7([7], 0.3), 7);
  assert.throws(() => quantile7([1, 2], 1.5), RangeError);
  assert.throws(() => quantile7([1, 2], Number.NaN), RangeError);
  assert.throws(() => quantile7([], 0.5), RangeError);
});
