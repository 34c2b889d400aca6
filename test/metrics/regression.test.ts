import assert from 'node:assert/strict';
import { test } from 'node:test';
import { mae, r2, rmse } from '../../src/metrics/regression.ts';

// y = [0, 0, 10, 30], ŷ = [1, 0, 8, 25]
// mean y = 10; SST = 100 + 100 + 0 + 400 = 600; residuals 1, 0, 2, 5 → SSE = 1 + 0 + 4 + 25 = 30
const y = [0, 0, 10, 30];
const yHat = [1, 0, 8, 25];

test('r2 = 1 − SSE/SST = 1 − 30/600 = 0.95', () => {
  assert.deepEqual(r2(y, yHat), { value: 0.95 });
});

test('rmse = √(30/4), mae = (1 + 0 + 2 + 5)/4 = 2', () => {
  assert.equal(rmse(y, yHat).value, Math.sqrt(7.5));
  assert.equal(mae(y, yHat).value, 2);
});

test('r2 is negative when worse than predicting the mean', () => {
  // ŷ = [10, 10, 10, 10] scores 0; ŷ = [30, 30, 0, 0]: SSE = 900 + 900 + 100 + 900 = 2800 → 1 − 2800/600
  assert.equal(r2(y, [10, 10, 10, 10]).value, 0);
  assert.equal(r2(y, [30, 30, 0, 0]).value, 1 - 2800 / 600);
});

test('r2 with constant y is null with a reason, not NaN or ±Infinity', () => {
  const out = r2([0, 0, 0], [0, 1, 2]);
  assert.equal(out.value, null);
  assert.match(out.reason ?? '', /y is constant \(0\) on these 3 rows/);
});

test('empty input is null; mismatched lengths are a bug', () => {
  for (const fn of [r2, rmse, mae]) assert.equal(fn([], []).value, null);
  assert.throws(() => r2([1, 2], [1]), /differ in length/);
});

test('overflowing predictions become null, never Infinity', () => {
  const out = rmse([0, 1], [1e200, 0]);
  assert.equal(out.value, null);
  assert.match(out.reason ?? '', /non-finite/);
});
