import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import jStat from 'jstat';
import { correctedPairedTTest, holm, pairedTTest, sampleVariance, studentTQuantile, twoSidedP } from '../../src/report/stats.ts';

const close = (a: number, b: number, tol = 1e-9, what = '') => assert.ok(Math.abs(a - b) <= tol, `${what} expected ${b}, got ${a}`);

/** Student t CDF for df = 4 in closed form: 1/2 + 3t/(8√(1+t²/4)) · (1 − t²/(12(1+t²/4))). Independent of jstat. */
const cdfDf4 = (t: number) => 0.5 + ((3 * t) / (8 * Math.sqrt(1 + (t * t) / 4))) * (1 - (t * t) / (12 * (1 + (t * t) / 4)));

test('corrected t-test matches a hand-computed 5-fold example', () => {
  // d = [0.02, 0.01, 0.03, 0.00, 0.04] (run − baseline per fold), k = 5, r = 1, so n = 5.
  // d̄ = 0.10 / 5 = 0.02.  Deviations 0, −0.01, 0.01, −0.02, 0.02 → Σ² = 0.0010 → s² = 0.0010 / 4 = 0.00025.
  // 5-fold: n_test/n_train = 1/4 = 0.25.  σ² = (1/5 + 0.25) · 0.00025 = 0.45 · 0.00025 = 0.0001125.
  // σ = 0.0106066017; t = 0.02 / σ = 1.8856180832; df = 4.
  // p = 2·(1 − F₄(t)) with F₄ the closed-form df=4 CDF above → 0.1324189.
  // 95% CI: t₀.₉₇₅,₄ = 2.776445 (textbook table) → d̄ ± 2.776445·σ = [−0.0094491, 0.0494491].
  const r = correctedPairedTTest([0.02, 0.01, 0.03, 0.0, 0.04], 0.25)!;
  close(r.diff, 0.02, 1e-12, 'mean');
  close(sampleVariance([0.02, 0.01, 0.03, 0.0, 0.04]), 0.00025, 1e-15, 's²');
  close(r.se, Math.sqrt(0.0001125), 1e-12, 'σ');
  close(r.t, 1.8856180831641267, 1e-9, 't');
  assert.equal(r.df, 4);
  close(r.p, 2 * (1 - cdfDf4(r.t)), 1e-9, 'p vs closed form');
  close(r.p, 0.1324189, 1e-6, 'p');
  close(r.ci[0], 0.02 - 2.776445 * Math.sqrt(0.0001125), 1e-6, 'ci low');
  close(r.ci[1], 0.02 + 2.776445 * Math.sqrt(0.0001125), 1e-6, 'ci high');

  // The plain paired test on the same data: σ² = s²/n = 0.00005, t = 2.8284271 → p = 0.0474497.
  const plain = pairedTTest([0.02, 0.01, 0.03, 0.0, 0.04])!;
  close(plain.t, 2 * Math.SQRT2, 1e-9, 'plain t');
  close(plain.p, 2 * (1 - cdfDf4(plain.t)), 1e-9, 'plain p');
  assert.ok(r.p > plain.p, 'the correction must make the test more conservative');
});

test('Student t quantiles and p-values match published values', () => {
  // Textbook two-sided 5% critical values.
  close(studentTQuantile(0.975, 4), 2.776445, 1e-6);
  close(studentTQuantile(0.975, 9), 2.262157, 1e-6);
  close(studentTQuantile(0.975, 99), 1.984217, 1e-6);
  // scipy.stats.t.sf(2, 5) * 2 = 0.10194
  close(twoSidedP(2, 5), 0.1019395, 1e-6);
  assert.equal(twoSidedP(0, 5), 1);
  assert.equal(twoSidedP(Infinity, 5), 0);
});

test("agrees with scikit-learn's grid-search example formula (corrected_std / compute_corrected_ttest)", () => {
  // sklearn examples/model_selection/plot_grid_search_stats.py (after PR #19966):
  //   kr = len(differences); corrected_var = np.var(differences, ddof=1) * (1/kr + n_test/n_train)
  //   t_stat = mean / sqrt(corrected_var); p_val = t.sf(abs(t_stat), df)   # right-tailed, df = kr - 1
  // Their setup: 100 samples, 10-fold → n_train = 90, n_test = 10. Re-implemented here with
  // plain loops and jstat, independently of src/report/stats.ts.
  const differences = [0.012, -0.004, 0.02, 0.007, 0.015, -0.001, 0.009, 0.018, 0.003, 0.011];
  const nTrain = 90;
  const nTest = 10;
  const kr = differences.length;
  const m = differences.reduce((a, b) => a + b, 0) / kr;
  const varDdof1 = differences.reduce((a, b) => a + (b - m) ** 2, 0) / (kr - 1);
  const correctedStd = Math.sqrt(varDdof1 * (1 / kr + nTest / nTrain));
  const tStat = m / correctedStd;
  const pRight = 1 - jStat.studentt.cdf(Math.abs(tStat), kr - 1);

  const ours = correctedPairedTTest(differences, nTest / nTrain)!;
  close(ours.se, correctedStd, 1e-12, 'corrected std');
  close(ours.t, tStat, 1e-9, 't');
  close(ours.p, 2 * pRight, 1e-9, 'two-sided p = 2 × their right-tailed p');
  // The example before that PR used 1/(n_train + n_test) instead of 1/kr; we follow the paper.
  const oldStd = Math.sqrt(varDdof1 * (1 / (nTrain + nTest) + nTest / nTrain));
  assert.ok(Math.abs(ours.se - oldStd) > 1e-4);
});

test('zero variance of differences gives no NaN: identical runs → p = 1, constant shift → p = 0', () => {
  const same = correctedPairedTTest([0, 0, 0, 0, 0], 0.25)!;
  assert.deepEqual([same.t, same.p, same.ci[0], same.ci[1]], [0, 1, 0, 0]);
  const shift = correctedPairedTTest([0.01, 0.01, 0.01], 0.25)!;
  assert.equal(shift.t, Infinity);
  assert.equal(shift.p, 0);
  assert.deepEqual(shift.ci, [0.01, 0.01]);
  assert.equal(correctedPairedTTest([0.1], 0.25), null, 'one fold: no test');
});

test('Holm–Bonferroni matches statsmodels multipletests(method="holm")', () => {
  // Sorted: 0.005·4 = 0.02, 0.01·3 = 0.03, 0.03·2 = 0.06, 0.04·1 = 0.04 → monotone: 0.02, 0.03, 0.06, 0.06.
  const adj = holm([0.01, 0.04, 0.03, 0.005]);
  [0.03, 0.06, 0.06, 0.02].forEach((v, i) => close(adj[i]!, v, 1e-12));
  // Nulls keep their place and do not count: m = 2.
  assert.deepEqual(holm([null, 0.01, 0.04]), [null, 0.02, 0.04]);
  assert.deepEqual(holm([0.9, 0.8]), [1, 1]);
  assert.deepEqual(holm([]), []);
});

test('properties: corrected p ≥ plain p, CI contains the mean, nothing is NaN', () => {
  fc.assert(
    fc.property(fc.array(fc.double({ min: -0.2, max: 0.2, noNaN: true }), { minLength: 2, maxLength: 30 }), fc.double({ min: 0.01, max: 1, noNaN: true }), (d, ratio) => {
      const c = correctedPairedTTest(d, ratio)!;
      const p = pairedTTest(d)!;
      for (const v of [c.t, c.p, c.se, c.ci[0], c.ci[1], p.p]) assert.ok(!Number.isNaN(v));
      assert.ok(c.p >= p.p - 1e-12);
      assert.ok(c.ci[0] <= c.diff + 1e-15 && c.diff <= c.ci[1] + 1e-15);
    }),
    { seed: 20250101, numRuns: 200 },
  );
});
