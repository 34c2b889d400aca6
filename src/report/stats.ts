/**
 * Statistics for comparing two runs across cross-validation folds.
 *
 * Folds of one k-fold split share most of their training rows, so per-fold scores are not
 * independent and the plain paired t-test is overconfident. The Nadeau–Bengio correction
 * (Machine Learning 52, 2003) inflates the variance by n_test/n_train; it is what
 * scikit-learn's "Statistical comparison of models using grid search" example uses. The plain
 * test is kept alongside for reference. All functions return finite numbers or ±Infinity, never
 * NaN; with fewer than two values there is no test (null).
 */
import jStat from 'jstat';

export function mean(xs: readonly number[]): number {
  let s = 0;
  for (const x of xs) s += x;
  return xs.length ? s / xs.length : 0;
}

/** Sample variance (ddof = 1), as numpy's `np.var(x, ddof=1)`. simple-statistics' default is ddof = 0. */
export function sampleVariance(xs: readonly number[]): number {
  if (xs.length < 2) return 0;
  const m = mean(xs);
  let s = 0;
  for (const x of xs) s += (x - m) ** 2;
  return s / (xs.length - 1);
}

/** Two-sided p-value of a t statistic; ±Infinity → 0. */
export function twoSidedP(t: number, df: number): number {
  if (t === 0) return 1;
  if (!Number.isFinite(t)) return 0;
  return Math.min(1, 2 * jStat.studentt.cdf(-Math.abs(t), df));
}

export function studentTQuantile(p: number, df: number): number {
  return jStat.studentt.inv(p, df);
}

export type TestKind = 'corrected-paired' | 'paired';

export interface TTest {
  test: TestKind;
  /** Values per side (paired: number of pairs). */
  n: number;
  df: number;
  /** Mean difference (run − baseline). */
  diff: number;
  /** Standard error of `diff` (√ of the, possibly corrected, variance). */
  se: number;
  t: number;
  p: number;
  /** Confidence interval for `diff` at `level`. */
  ci: [number, number];
  level: number;
}

function finish(test: TestKind, n: number, df: number, diff: number, se: number, level: number): TTest {
  let t: number;
  if (se > 0) t = diff / se;
  else t = diff === 0 ? 0 : diff > 0 ? Infinity : -Infinity; // constant differences: no spread at all
  const half = se > 0 ? studentTQuantile(1 - (1 - level) / 2, df) * se : 0;
  return { test, n, df, diff, se, t, p: twoSidedP(t, df), ci: [diff - half, diff + half], level };
}

/**
 * Nadeau–Bengio corrected resampled t-test on paired differences d_i (run − baseline) over the
 * n = k·r folds: σ² = (1/n + n_test/n_train)·s², t = d̄/σ, df = n − 1.
 */
export function correctedPairedTTest(diffs: readonly number[], testTrainRatio: number, level = 0.95): TTest | null {
  const n = diffs.length;
  if (n < 2) return null;
  const variance = (1 / n + testTrainRatio) * sampleVariance(diffs);
  return finish('corrected-paired', n, n - 1, mean(diffs), Math.sqrt(variance), level);
}

/** Plain paired t-test: σ² = s²/n. Treats folds as independent; shown for reference only. */
export function pairedTTest(diffs: readonly number[], level = 0.95): TTest | null {
  const n = diffs.length;
  if (n < 2) return null;
  return finish('paired', n, n - 1, mean(diffs), Math.sqrt(sampleVariance(diffs) / n), level);
}

/**
 * Holm–Bonferroni step-down adjusted p-values (as statsmodels' `multipletests(method='holm')`).
 * Nulls (no test) are kept in place and do not count towards the family size.
 */
export function holm(pvalues: readonly (number | null)[]): (number | null)[] {
  const idx = pvalues.map((p, i) => [p, i] as const).filter((x): x is readonly [number, number] => x[0] !== null);
  idx.sort((x, y) => x[0] - y[0]);
  const m = idx.length;
  const out: (number | null)[] = pvalues.map(() => null);
  let running = 0;
  idx.forEach(([p, i], rank) => {
    running = Math.max(running, Math.min(1, (m - rank) * p));
    out[i] = running;
  });
  return out;
}
