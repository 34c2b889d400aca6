import assert from 'node:assert/strict';
import { test } from 'node:test';
import { r2Log1p, r2Trimmed, r2Winsorized, topSseShare } from '../../src/metrics/outliers.ts';

const close = (a: number | null, b: number, what: string): void => {
  assert.ok(a !== null && Math.abs(a - b) < 1e-12, `${what}: ${a} vs ${b}`);
};

// y = [0, 0, 10, 30], ŷ = [1, 0, 8, 25]; q = 0.75 → threshold 15 (type 7, see quantile.test.ts)
const y = [0, 0, 10, 30];
const yHat = [1, 0, 8, 25];

test('r2Trimmed keeps rows with y < 15: [0,0,10] vs [1,0,8]', () => {
  // mean 10/3; SST = 2·(10/3)² + (20/3)² = 600/9; SSE = 1 + 0 + 4 = 5 → 1 − 45/600 = 0.925
  close(r2Trimmed(y, yHat, 15, 0.75).value, 0.925, 'r2Trimmed');
});

test('r2Trimmed is null with an actionable reason when the quantile is the minimum (mostly zeros)', () => {
  // 9 zeros and one buyer: the 0.8-quantile is 0, nothing lies below it
  const ys = [0, 0, 0, 0, 0, 0, 0, 0, 0, 50];
  const out = r2Trimmed(ys, ys.map(() => 1), 0, 0.8);
  assert.equal(out.value, null);
  assert.match(out.reason ?? '', /0.8-quantile of test y is 0.*raise metrics.outlierQuantile/);
  // a threshold above the zeros leaves only zeros: constant y after trimming
  const out2 = r2Trimmed(ys, ys.map(() => 1), 50, 0.95);
  assert.match(out2.reason ?? '', /after trimming y ≥ 50.*y is constant/);
});

test('topSseShare = error of rows with y ≥ 15 over all error = 25/30', () => {
  close(topSseShare(y, yHat, 15).value, 25 / 30, 'topSseShare');
  assert.equal(topSseShare(y, y, 15).value, null, 'exact predictions: nothing to share');
});

test('r2Winsorized clips y and ŷ at the training cap', () => {
  // cap 20: y → [0,0,10,20], ŷ → [1,0,8,20]; mean 7.5; SST = 56.25·2 + 6.25 + 156.25 = 275; SSE = 5
  close(r2Winsorized(y, yHat, 20, 0.75).value, 1 - 5 / 275, 'r2Winsorized');
  // a cap of 0 flattens y: undefined, and the reason names the cap
  assert.match(r2Winsorized(y, yHat, 0, 0.5).reason ?? '', /clipping at 0 \(the training fold's 0.5-quantile\).*constant/);
});

test('r2Log1p compares log1p(y) with log1p(max(ŷ, 0))', () => {
  // y = [0, e−1, e²−1] → [0, 1, 2]; ŷ = [−5, e−1, e−1] → [0, 1, 1]; SST = 2, SSE = 1 → 0.5
  const e = Math.E;
  close(r2Log1p([0, e - 1, e * e - 1], [-5, e - 1, e - 1]).value, 0.5, 'r2Log1p');
  assert.match(r2Log1p([0, -2], [0, 0]).reason ?? '', /log1p is undefined/);
});
