import assert from 'node:assert/strict';
import { test } from 'node:test';
import { brier, expectedCalibrationError, LOG_LOSS_EPS, logLoss, reliabilityBins } from '../../src/metrics/calibration.ts';
import { amountLogScores, amountR2 } from '../../src/metrics/heads.ts';

const close = (a: number | null | undefined, b: number) => assert.ok(a !== null && a !== undefined && Math.abs(a - b) < 1e-12, `${a} vs ${b}`);

test('log-loss and Brier by hand (sklearn log_loss, brier_score_loss)', () => {
  const y = [0, 5e6, 0, 0];
  const p = [0.2, 0.9, 0.1, 0];
  close(logLoss(y, p).value, -(Math.log(0.8) + Math.log(0.9) + Math.log(0.9) + Math.log1p(-LOG_LOSS_EPS)) / 4);
  close(brier(y, p).value, (0.04 + 0.01 + 0.01 + 0) / 4);
  // p = 0 for a buyer: clipped at ε, as scikit-learn does, instead of infinity.
  close(logLoss([1], [0]).value, -Math.log(LOG_LOSS_EPS));
  assert.match(logLoss([1], [1.2]).reason!, /outside \[0, 1\]/);
});

test('reliability bins are equal-count; ECE by hand', () => {
  const y = [0, 0, 1, 0, 1, 1];
  const p = [0.1, 0.3, 0.2, 0.5, 0.9, 0.7];
  const bins = reliabilityBins(y, p, 2);
  // Sorted by p: [.1 (0), .2 (1), .3 (0)] and [.5 (0), .7 (1), .9 (1)].
  assert.deepEqual(bins.count, [3, 3]);
  close(bins.meanPredicted[0], 0.2);
  close(bins.observedRate[0], 1 / 3);
  close(bins.meanPredicted[1], 0.7);
  close(bins.observedRate[1], 2 / 3);
  close(expectedCalibrationError(bins).value, 0.5 * Math.abs(0.2 - 1 / 3) + 0.5 * Math.abs(0.7 - 2 / 3));
  assert.deepEqual(reliabilityBins(y, p).count, [1, 1, 1, 1, 1, 1], 'more bins than rows: one row each');
});

test('amount head: R² on buyers, and R²/RMSE of log amount by hand', () => {
  const y = [0, 10, 0, 30];
  const amount = [99, 12, 99, 28];
  close(amountR2(y, amount).value, 1 - 8 / 200);
  const { amountLogR2, amountLogRmse } = amountLogScores(y, amount);
  const ly = [Math.log(10), Math.log(30)];
  const la = [Math.log(12), Math.log(28)];
  const sse = (ly[0] - la[0]) ** 2 + (ly[1] - la[1]) ** 2;
  const mean = (ly[0] + ly[1]) / 2;
  close(amountLogR2.value, 1 - sse / ((ly[0] - mean) ** 2 + (ly[1] - mean) ** 2));
  close(amountLogRmse.value, Math.sqrt(sse / 2));
  assert.match(amountLogScores(y, [1, 0, 1, 3]).amountLogR2.reason!, /predicts ≤ 0 for 1 test buyer/);
  assert.match(amountLogScores([0, 0], [1, 1]).amountLogRmse.reason!, /no buyers/);
});
