import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compareRuns, foldValues, pairing, testTrainRatio } from '../../src/report/compare.ts';
import { correctedPairedTTest, holm, welchTTest } from '../../src/report/stats.ts';
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
  const cs = compareRuns([base, worse], base, ['r2', 'topSseShare', 'r2TrimDelta']);
  assert.equal(find(cs, 'worse', 'r2').verdict, 'worse');
  const sse = find(cs, 'worse', 'topSseShare');
  assert.ok(sse.diff! > 0, 'a worse model has a larger share of error at the top');
  assert.equal(sse.verdict, 'worse', 'higher topSseShare is worse (higherIsBetter: false)');
  const delta = find(cs, 'worse', 'r2TrimDelta');
  assert.equal(delta.verdict, null);
  assert.equal(delta.pHolm, null);
  assert.ok(delta.diff !== null && delta.p !== null, 'the difference and its test are still shown');

  const better = named('better', { seed: 3, r2: 0.38, noise: 0.004 });
  assert.equal(find(compareRuns([base, better], base, ['topSseShare']), 'better', 'topSseShare').verdict, 'better');
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

test('different fold fingerprints: unpaired Welch comparison, said why', () => {
  const base = named('baseline', { seed: 1, foldSeed: 7 });
  const other = named('other-folds', { seed: 2, foldSeed: 8, r2: 0.31 });
  assert.match(pairing(other.result, base.result).reason!, /^different folds \(fingerprint [0-9a-f]{8} vs [0-9a-f]{8}/);
  const [c] = compareRuns([base, other], base, ['r2']);
  assert.equal(c.mode, 'unpaired');
  assert.equal(c.tests.corrected, null);
  assert.equal(c.pPlain, null);
  const w = welchTTest([...foldValues(other.result, 'r2').values()], [...foldValues(base.result, 'r2').values()])!;
  assert.equal(c.p, w.p);
  assert.ok(c.notes.some((n) => /unpaired: different folds/.test(n)));
  assert.notEqual(c.verdict, null, 'same data: an unpaired verdict is still given');
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

test('Holm across the compared runs of one metric; diverged folds leave the pairing', () => {
  const base = named('baseline', { seed: 1 });
  const runs = [base, named('a', { seed: 2, r2: 0.33 }), named('b', { seed: 3, r2: 0.31 }), named('c', { seed: 4, r2: 0.3, divergedFolds: [0, 4] })];
  const cs = compareRuns(runs, base, ['r2']);
  assert.deepEqual(cs.map((c) => c.run), ['a', 'b', 'c']);
  assert.deepEqual(cs.map((c) => c.pHolm), holm(cs.map((c) => c.p)));
  assert.equal(find(cs, 'c', 'r2').n, 8);
  assert.ok(find(cs, 'c', 'r2').notes.some((n) => /2 of 10 folds left out/.test(n)));
});

test('a metric the baseline lacks is not compared and says so', () => {
  const base = named('baseline', { seed: 1, modelType: 'mlp' });
  const hurdle = named('hurdle', { seed: 2, modelType: 'hurdle' });
  const [c] = compareRuns([base, hurdle], base, ['auc']);
  assert.equal(c.p, null);
  assert.equal(c.verdict, null);
  assert.deepEqual(c.notes, ['AUC: not compared, baseline has no values']);
});
