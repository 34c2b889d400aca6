import assert from 'node:assert/strict';
import { test } from 'node:test';
import { METRICS } from '../../src/metrics/catalog.ts';
import { summarizeFolds } from '../../src/metrics/summary.ts';
import type { FoldResult, MetricValues } from '../../src/results/types.ts';

function fold(index: number, metrics: MetricValues, notes: Record<string, string> = {}, status: FoldResult['status'] = 'ok', reason?: string): FoldResult {
  return {
    index, repeat: 0, fold: index, status, reason, nTrain: 80, nTest: 20, nTestBuyers: 1, metrics, notes,
    timings: { pipelineMs: 1, fitMs: 1, predictMs: 1 }, epochsRun: 1, bestEpoch: 1, history: [], modelInfo: {},
    deciles: null, seeds: {},
  };
}

test('mean, sample std (n − 1), min, max over folds with a value', () => {
  // r2 = .5, .7, .9: mean .7; deviations ±.2 → std = √((.04 + 0 + .04)/2) = .2
  const s = summarizeFolds([fold(0, { r2: 0.5 }), fold(1, { r2: 0.7 }), fold(2, { r2: 0.9 })]);
  assert.ok(Math.abs((s.r2.mean ?? 0) - 0.7) < 1e-12);
  assert.ok(Math.abs((s.r2.std ?? 0) - 0.2) < 1e-12);
  assert.deepEqual([s.r2.min, s.r2.max, s.r2.n, s.r2.nullFolds, s.r2.nullReasons], [0.5, 0.9, 3, 0, []]);
});

test('nulls keep their reasons, grouped by reason with fold indices', () => {
  const why = 'the test fold has no buyers, so AUC is undefined';
  const s = summarizeFolds([
    fold(0, { r2: 0.4, auc: 0.8 }),
    fold(1, { r2: 0.6, auc: null }, { auc: why }),
    fold(2, { r2: null, auc: null }, { r2: 'y is constant (0) on these 20 rows', auc: why }),
  ]);
  assert.deepEqual(s.auc, { mean: 0.8, std: null, min: 0.8, max: 0.8, n: 1, nullFolds: 2, nullReasons: [`${why} (folds 1, 2)`] });
  assert.equal(s.r2.n, 2);
  assert.deepEqual(s.r2.nullReasons, ['y is constant (0) on these 20 rows (fold 2)']);
});

test('diverged folds count as null for every metric, with their reason', () => {
  const s = summarizeFolds([
    fold(0, { r2: 0.4, rmse: 3 }),
    fold(1, { r2: 0.5, rmse: 2 }),
    fold(2, { r2: 99, rmse: 1 }, {}, 'diverged', 'loss became NaN at epoch 4'), // its numbers must not count
    fold(3, {}, {}, 'diverged', 'predictions became Infinity'),
  ]);
  for (const name of ['r2', 'rmse', 'gini']) {
    assert.equal(s[name].n + s[name].nullFolds, 4, `${name}: every fold accounted for`);
    assert.ok(s[name].nullReasons.includes('diverged: loss became NaN at epoch 4 (fold 2)'));
    assert.ok(s[name].nullReasons.includes('diverged: predictions became Infinity (fold 3)'));
  }
  assert.equal(s.r2.max, 0.5);
  assert.equal(s.gini.n, 0);
  assert.equal(s.gini.mean, null);
});

test('metric list: all non-optional catalog metrics, optional ones only when recorded', () => {
  const s = summarizeFolds([fold(0, { r2: 0.1, r2Oracle: 0.3 })]);
  const required = METRICS.filter((m) => !m.optional).map((m) => m.name);
  assert.deepEqual(Object.keys(s), [...required, 'r2Oracle']);
  assert.equal(s.rmse.n, 0);
  assert.deepEqual(s.rmse.nullReasons, ['not computed on this fold (fold 0)']);
  assert.deepEqual(summarizeFolds([]).r2, { mean: null, std: null, min: null, max: null, n: 0, nullFolds: 0, nullReasons: [] });
});
