/**
 * The amount head of a two-part model, scored on the test buyers only (where its target,
 * E[y | x, y > 0], is observed). R² on the original scale is consistent for that mean and carries
 * a direction; the log-scale R² and RMSE are consistent for the geometric mean instead, so they
 * are diagnostics (a head that predicts the exact E[amount | x, buy] loses to exp(E[log amount])).
 */
import { assertPaired, undefinedBecause, type Outcome } from './outcome.ts';
import { r2, rmse } from './regression.ts';

/** The amount head's R² against y on the test buyers, original scale. */
export function amountR2(y: ArrayLike<number>, amount: ArrayLike<number>): Outcome {
  assertPaired(y, amount, 'amountR2');
  const ys: number[] = [];
  const as: number[] = [];
  for (let i = 0; i < y.length; i++) {
    if (y[i] > 0) {
      ys.push(y[i]);
      as.push(amount[i]);
    }
  }
  if (ys.length === 0) return undefinedBecause('the test fold has no buyers, so the amount head has nothing to be scored on');
  const out = r2(ys, as);
  return out.value === null ? undefinedBecause(`on the ${ys.length} test buyer${ys.length === 1 ? '' : 's'}: ${out.reason}`) : out;
}

/** R² and RMSE of log(amount) against log(y) on the buyers (natural log). */
export function amountLogScores(y: ArrayLike<number>, amount: ArrayLike<number>): { amountLogR2: Outcome; amountLogRmse: Outcome } {
  assertPaired(y, amount, 'amountLogScores');
  const ly: number[] = [];
  const la: number[] = [];
  let nonPositive = 0;
  for (let i = 0; i < y.length; i++) {
    if (!(y[i] > 0)) continue;
    if (!(amount[i] > 0)) nonPositive++;
    ly.push(Math.log(y[i]));
    la.push(Math.log(amount[i]));
  }
  const none = undefinedBecause('the test fold has no buyers, so the amount head has nothing to be scored on');
  if (!ly.length) return { amountLogR2: none, amountLogRmse: none };
  if (nonPositive) {
    const why = undefinedBecause(`the amount head predicts ≤ 0 for ${nonPositive} test buyer${nonPositive === 1 ? '' : 's'}, where log is undefined`);
    return { amountLogR2: why, amountLogRmse: why };
  }
  const fit = r2(ly, la);
  return {
    amountLogR2: fit.value === null ? undefinedBecause(`on the log scale of the ${ly.length} test buyers: ${fit.reason}`) : fit,
    amountLogRmse: rmse(ly, la),
  };
}
