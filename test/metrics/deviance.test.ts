import assert from 'node:assert/strict';
import { test } from 'node:test';
import { d2Tweedie, tweedieUnitDeviance } from '../../src/metrics/deviance.ts';

const close = (a: number | null, b: number, tol = 1e-12) => assert.ok(a !== null && Math.abs(a - b) <= tol * Math.max(1, Math.abs(b)), `${a} vs ${b}`);

// y = [0, 2, 8], ŷ = [1, 2, 4], ȳ = 10/3. By hand from scikit-learn's mean_tweedie_deviance formulas.
const y = [0, 2, 8];
const yHat = [1, 2, 4];
const m = 10 / 3;

test('D² Tweedie (p = 1.5) by hand: dev = 2(−4√y + 2y/√μ + 2√μ)', () => {
  // Model: row 1: 2·2√1 = 4; row 2: 2(−4√2 + 4/√2 + 2√2) = 0; row 3: 2(−4√8 + 16/2 + 2·2) = 24 − 16√2.
  const model = 4 + 0 + (24 - 16 * Math.SQRT2);
  // Null model μ = ȳ for every row.
  const nul = 2 * (2 * Math.sqrt(m)) + 2 * (-4 * Math.SQRT2 + 4 / Math.sqrt(m) + 2 * Math.sqrt(m)) + 2 * (-4 * Math.sqrt(8) + 16 / Math.sqrt(m) + 2 * Math.sqrt(m));
  close(d2Tweedie(y, yHat, 1.5).value, 1 - model / nul);
  close(tweedieUnitDeviance(2, 2, 1.5), 0, 1e-15);
});

test('D² Poisson by hand: dev = 2(y·ln(y/μ) − y + μ), 0·ln 0 = 0', () => {
  const model = 2 * 1 + 0 + 2 * (8 * Math.log(2) - 8 + 4);
  const nul = 2 * m + 2 * (2 * Math.log(2 / m) - 2 + m) + 2 * (8 * Math.log(8 / m) - 8 + m);
  close(d2Tweedie(y, yHat, 1).value, 1 - model / nul);
  close(d2Tweedie(y, yHat, 1).value, 0.574527, 1e-5);
});

test('D² is 1 for a perfect prediction, 0 for the mean, negative for worse than the mean', () => {
  close(d2Tweedie(y, y.map((v) => (v === 0 ? 1e-300 : v)), 1.5).value, 1, 1e-9);
  close(d2Tweedie(y, [m, m, m], 1.5).value, 0, 1e-12);
  assert.ok(d2Tweedie(y, [8, 8, 0.1], 1.5).value! < 0);
});

test('ŷ ≤ 0: a non-buyer contributes its limit 0, a buyer makes D² undefined with the count', () => {
  const withZero = d2Tweedie([0, 2, 8], [0, 2, 4], 1.5);
  // Same as above minus row 1's model deviance (4).
  const nul = 2 * (2 * Math.sqrt(m)) + 2 * (-4 * Math.SQRT2 + 4 / Math.sqrt(m) + 2 * Math.sqrt(m)) + 2 * (-4 * Math.sqrt(8) + 16 / Math.sqrt(m) + 2 * Math.sqrt(m));
  close(withZero.value, 1 - (24 - 16 * Math.SQRT2) / nul);
  const buyerAtZero = d2Tweedie([0, 2, 8], [1, 0, -3], 1.5);
  assert.equal(buyerAtZero.value, null);
  assert.match(buyerAtZero.reason!, /^2 test buyers are predicted ≤ 0, where Tweedie deviance \(power 1\.5\) is infinite/);
  assert.match(d2Tweedie([0, 0], [1, 1], 1.5).reason!, /y is 0 on all 2 rows/);
  assert.match(d2Tweedie([1, -1], [1, 1], 1.5).reason!, /needs y ≥ 0/);
  assert.throws(() => d2Tweedie(y, yHat, 2), RangeError);
});
