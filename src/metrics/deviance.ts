/**
 * D² of Tweedie and Poisson deviance, as scikit-learn's `d2_tweedie_score` defines them:
 *
 *   D² = 1 − Σ dev(y_i, ŷ_i) / Σ dev(y_i, ȳ),   ȳ = mean of the test y,
 *   dev_p(y, μ) = 2·( max(y, 0)^(2−p) / ((1−p)(2−p)) − y·μ^(1−p) / (1−p) + μ^(2−p) / (2−p) )  for 1 < p < 2,
 *   dev_1(y, μ) = 2·( y·log(y/μ) − y + μ )  (Poisson, with 0·log 0 = 0).
 *
 * Both deviances are strictly consistent for the mean (Gneiting 2011), so D² ranks the exact
 * E[y|x] first, and both grow more slowly than the squared error in y, so one whale moves them less
 * than R². Deviance is measured in units of y^(2−p), which is why only the ratio (D²) is recorded.
 *
 * scikit-learn refuses ŷ ≤ 0 outright. Here a row with y = 0 and ŷ ≤ 0 contributes its limit, 0
 * (the deviance tends to 0 as μ → 0 when y = 0, and a value model that predicts "nothing" for a
 * non-buyer is right), while a buyer predicted ≤ 0 has infinite deviance, so D² is null with the
 * count of such buyers.
 */
import { assertPaired, defined, undefinedBecause, type Outcome } from './outcome.ts';

/** Unit deviance of one row; +Infinity for a positive y with μ ≤ 0. */
export function tweedieUnitDeviance(y: number, mu: number, power: number): number {
  if (mu <= 0) return y === 0 ? 0 : Infinity;
  if (power === 1) return 2 * ((y > 0 ? y * Math.log(y / mu) : 0) - y + mu);
  const a = 1 - power;
  const b = 2 - power;
  return 2 * (Math.max(y, 0) ** b / (a * b) - (y * mu ** a) / a + mu ** b / b);
}

/** D² of Tweedie deviance with `power` in [1, 2) (1 = Poisson). */
export function d2Tweedie(y: ArrayLike<number>, yHat: ArrayLike<number>, power: number): Outcome {
  assertPaired(y, yHat, 'd2Tweedie');
  if (!(power >= 1 && power < 2)) throw new RangeError(`d2Tweedie: power must be in [1, 2), got ${power}`);
  const n = y.length;
  if (n === 0) return undefinedBecause('no rows to score');
  let mean = 0;
  for (let i = 0; i < n; i++) {
    if (y[i] < 0) return undefinedBecause(`y has ${y[i]} at row ${i}; Tweedie deviance with power ${power} needs y ≥ 0`);
    mean += y[i];
  }
  mean /= n;
  if (mean === 0) return undefinedBecause(`y is 0 on all ${n} rows, so the null model already has zero deviance`);
  let model = 0;
  let nullDev = 0;
  let buyersAtZero = 0;
  for (let i = 0; i < n; i++) {
    const d = tweedieUnitDeviance(y[i], yHat[i], power);
    if (d === Infinity) buyersAtZero++;
    else model += d;
    nullDev += tweedieUnitDeviance(y[i], mean, power);
  }
  if (buyersAtZero > 0) {
    return undefinedBecause(
      `${buyersAtZero} test buyer${buyersAtZero === 1 ? ' is' : 's are'} predicted ≤ 0, where Tweedie deviance (power ${power}) is infinite ` +
        "(scikit-learn's d2_tweedie_score refuses ŷ ≤ 0)",
    );
  }
  if (nullDev === 0) return undefinedBecause(`y is constant (${mean}) on these ${n} rows, so D² has no deviance to explain`);
  return defined(1 - model / nullDev);
}
