import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compareRuns, foldValues, pairing, testTrainRatio } from '../../src/report/compare.ts';
import { correctedPairedTTest, holm } from '../../src/report/stats.ts';
import { makeResult, type FixtureOptions } from './fixtures.ts';

const named = (label: string, o: Omit<FixtureOptions, 'name'>) => ({ label, result: makeResult({ ...o, name: label }) });
const find = (cs: ReturnType<typeof compareRuns>, run: string, metric: string) => cs.find((c) => c.run === run && c.metric === metric)!;

test('paired corrected t-test on the shared folds, ratio from fold sizes and row count', () => {
  const base = named('baseline', { seed: 1, r2: 0.3 });
  const run = named('better', { seed: 2, r2: 0.36 });
  const [c] = compareRuns([base, run], base, ['r2']);
  assert.equal(c.mode, 'paired');
  assert.equal(c.n, 10);
  // 5-fold on 38007 rows: test ≈ 7601.4, train ≈ 30405.6 → ratio 0.25.
  const ratio = testTrainRatio(base.result)!;
  assert.ok(Math.abs(ratio - 0.25) < 1e-3, `ratio ${ratio}`);
  const b = foldValues(base.result, 'r2');
  const r = foldValues(run.result, 'r2');
  const diffs = [...r.keys()].map((i) => r.get(i)! - b.get(i)!);
  const expected = correctedPairedTTest(diffs, ratio)!;
  assert.equal(c.p, expected.p);
  assert.deepEqual(c.ci, expected.ci);
  assert.ok(c.pPlain! < c.p!, 'plain p is the overconfident one');
  assert.equal(c.verdict, 'better');
});

test('verdict respects direction: lower-is-better metrics flip, diagnostics get no verdict', () => {
  const base = named('baseline', { seed: 1, r2: 0.3, noise: 0.004 });
  const worse = named('worse', { seed: 2, r2: 0.22, noise: 0.004 });
  const cs = compareRuns([base, worse], base, ['r2', 'rmse', 'topSseShare', 'r2Trimmed', 'r2TrimDelta']);
  assert.equal(find(cs, 'worse', 'r2').verdict, 'worse');
  const rmse = find(cs, 'worse', 'rmse');
  assert.ok(rmse.diff! > 0, 'a worse model has a larger RMSE');
  assert.equal(rmse.verdict, 'worse', 'higher RMSE is worse (direction: lower)');
  // The law test (test/metrics/law.test.ts) took the direction away from these: shown, never judged.
  for (const m of ['topSseShare', 'r2Trimmed', 'r2TrimDelta']) {
    const c = find(cs, 'worse', m);
    assert.equal(c.verdict, null, m);
    assert.equal(c.pHolm, null, m);
    assert.ok(c.diff !== null && c.p !== null, `${m}: the difference and its test are still shown`);
  }
  const better = named('better', { seed: 3, r2: 0.38, noise: 0.004 });
  assert.equal(find(compareRuns([base, better], base, ['rmse']), 'better', 'rmse').verdict, 'better');
});

test('identical runs: zero difference, p = 1, no clear difference, no NaN', () => {
  const base = named('baseline', { seed: 1 });
  const twin = { label: 'twin', result: base.result };
  const [c] = compareRuns([base, twin], base, ['r2']);
  assert.equal(c.diff, 0);
  assert.equal(c.p, 1);
  assert.equal(c.verdict, 'no clear difference');
  assert.ok(!JSON.stringify(c).includes('NaN') && !Object.values(c).some((v) => typeof v === 'number' && Number.isNaN(v)));
});

test('different fold fingerprints: figures only, no test and no verdict (no Welch fallback), said why', () => {
  const base = named('baseline', { seed: 1, foldSeed: 7 });
  const other = named('other-folds', { seed: 2, foldSeed: 8, r2: 0.5 });
  assert.match(pairing(other.result, base.result).reason!, /^different folds \(fingerprint [0-9a-f]{8} vs [0-9a-f]{8}/);
  const [c] = compareRuns([base, other], base, ['r2']);
  assert.equal(c.mode, 'unpaired');
  assert.deepEqual([c.p, c.pPlain, c.pHolm, c.ci, c.verdict, c.n], [null, null, null, null, null, 0]);
  assert.ok(Math.abs(c.diff! - (c.runMean! - c.baselineMean!)) < 1e-15, 'the figures are still there');
  assert.ok(c.diff! > 0.1);
  assert.ok(c.notes.some((n) => /not paired: different folds.*figures only, no test and no verdict.*same seed and cv settings/.test(n)), c.notes.join(' | '));
});

test('different data: no verdict, the difference is still shown', () => {
  const base = named('baseline', { seed: 1 });
  const other = named('other-data', { seed: 2, dataSha: 'f'.repeat(64), r2: 0.5 });
  const [c] = compareRuns([base, other], base, ['r2']);
  assert.equal(c.mode, 'unpaired');
  assert.equal(c.sameData, false);
  assert.equal(c.verdict, null);
  assert.ok(c.diff! > 0.1);
  assert.ok(c.notes.some((n) => /different data/.test(n)));
});

test('Holm across runs × metrics (one family); diverged folds leave the pairing', () => {
  const base = named('baseline', { seed: 1 });
  const runs = [base, named('a', { seed: 2, r2: 0.33 }), named('b', { seed: 3, r2: 0.31 }), named('c', { seed: 4, r2: 0.3, divergedFolds: [0, 4] })];
  const cs = compareRuns(runs, base, ['r2', 'gini', 'r2Log1p']);
  assert.deepEqual(cs.map((c) => `${c.metric}/${c.run}`), ['r2/a', 'r2/b', 'r2/c', 'gini/a', 'gini/b', 'gini/c', 'r2Log1p/a', 'r2Log1p/b', 'r2Log1p/c']);
  // Six directional tests in one family; the diagnostic r2Log1p is not part of it.
  const directional = cs.filter((c) => c.metric !== 'r2Log1p');
  const adjusted = holm(directional.map((c) => c.p));
  directional.forEach((c, i) => assert.equal(c.pHolm, adjusted[i], `${c.metric}/${c.run}`));
  assert.ok(cs.filter((c) => c.metric === 'r2Log1p').every((c) => c.pHolm === null && c.verdict === null));
  const perMetric = holm(directional.filter((c) => c.metric === 'r2').map((c) => c.p));
  assert.ok(directional.filter((c) => c.metric === 'r2').some((c, i) => c.pHolm! > perMetric[i]!), 'stricter than Holm within one metric');
  assert.equal(find(cs, 'c', 'r2').n, 8);
  assert.ok(find(cs, 'c', 'r2').notes.some((n) => /2 of 10 folds left out/.test(n)));
});

test('fewer than 10 paired folds: the note says the test has little power and suggests cv.repeats', () => {
  const base = named('baseline', { seed: 1, k: 5, repeats: 1 });
  const run = named('run', { seed: 2, k: 5, repeats: 1, r2: 0.31 });
  const [c] = compareRuns([base, run], base, ['r2']);
  assert.equal(c.n, 5);
  assert.ok(c.notes.some((n) => /only 5 paired folds: the test has little power.*cv\.repeats=2/.test(n)), c.notes.join(' | '));
  const base10 = named('baseline', { seed: 1 });
  const [ten] = compareRuns([base10, named('run', { seed: 2 })], base10, ['r2']);
  assert.equal(ten.n, 10);
  assert.ok(!ten.notes.some((n) => /little power/.test(n)), '10 folds: no warning');
});

test('a metric the baseline lacks is not compared and says so', () => {
  const base = named('baseline', { seed: 1, modelType: 'mlp' });
  const hurdle = named('hurdle', { seed: 2, modelType: 'hurdle' });
  const [c] = compareRuns([base, hurdle], base, ['auc']);
  assert.equal(c.p, null);
  assert.equal(c.verdict, null);
  assert.deepEqual(c.notes, ['AUC: not compared, baseline has no values']);
});
