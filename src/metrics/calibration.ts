/**
 * The purchase head as a probability forecast of 1[y > 0].
 *
 * Log-loss and the Brier score are strictly proper: the true P(buy | x) scores best in
 * expectation, so they carry a direction. ECE is not (predicting the base rate for everyone is
 * perfectly calibrated), so it is a diagnostic, drawn as a reliability chart.
 *
 * Bins are equal-count (scikit-learn's calibration_curve(strategy='quantile')): with 1–4% buyers
 * equal-width bins would put almost every session into the first one.
 */
import type { ReliabilityBins } from '../results/types.ts';
import { assertPaired, defined, undefinedBecause, type Outcome } from './outcome.ts';

/** scikit-learn's log_loss clips probabilities to [eps, 1 − eps] with the float64 machine epsilon. */
export const LOG_LOSS_EPS = 2.220446049250313e-16;
export const RELIABILITY_BINS = 10;

export type { ReliabilityBins };

function checkProbabilities(p: ArrayLike<number>, what: string): Outcome | null {
  for (let i = 0; i < p.length; i++) {
    if (!(p[i] >= 0 && p[i] <= 1)) return undefinedBecause(`${what}: purchase probability ${p[i]} at row ${i} is outside [0, 1]`);
  }
  return null;
}

/** Mean negative log-likelihood of 1[y > 0] under p (natural log), as sklearn's log_loss. */
export function logLoss(y: ArrayLike<number>, p: ArrayLike<number>): Outcome {
  assertPaired(y, p, 'logLoss');
  if (y.length === 0) return undefinedBecause('no rows to score');
  const bad = checkProbabilities(p, 'log-loss');
  if (bad) return bad;
  let s = 0;
  for (let i = 0; i < y.length; i++) {
    const q = Math.min(Math.max(p[i], LOG_LOSS_EPS), 1 - LOG_LOSS_EPS);
    s -= y[i] > 0 ? Math.log(q) : Math.log1p(-q);
  }
  return defined(s / y.length);
}

/** Mean squared difference between p and 1[y > 0], as sklearn's brier_score_loss. */
export function brier(y: ArrayLike<number>, p: ArrayLike<number>): Outcome {
  assertPaired(y, p, 'brier');
  if (y.length === 0) return undefinedBecause('no rows to score');
  const bad = checkProbabilities(p, 'Brier');
  if (bad) return bad;
  let s = 0;
  for (let i = 0; i < y.length; i++) s += (p[i] - (y[i] > 0 ? 1 : 0)) ** 2;
  return defined(s / y.length);
}

/** Rows sorted by p (ties in row order) cut into `bins` groups whose sizes differ by at most one. */
export function reliabilityBins(y: ArrayLike<number>, p: ArrayLike<number>, bins = RELIABILITY_BINS): ReliabilityBins {
  assertPaired(y, p, 'reliabilityBins');
  const n = y.length;
  const order = Int32Array.from({ length: n }, (_, i) => i).sort((a, b) => p[a] - p[b] || a - b);
  const out: ReliabilityBins = { meanPredicted: [], observedRate: [], count: [] };
  const groups = Math.min(bins, n);
  for (let g = 0; g < groups; g++) {
    const lo = Math.floor((g * n) / groups);
    const hi = Math.floor(((g + 1) * n) / groups);
    let sp = 0;
    let sy = 0;
    for (let j = lo; j < hi; j++) {
      sp += p[order[j]];
      if (y[order[j]] > 0) sy++;
    }
    out.meanPredicted.push(sp / (hi - lo));
    out.observedRate.push(sy / (hi - lo));
    out.count.push(hi - lo);
  }
  return out;
}

/** Σ_b (n_b / n)·|mean p_b − buyer rate_b| over the reliability bins. */
export function expectedCalibrationError(bins: ReliabilityBins): Outcome {
  const n = bins.count.reduce((a, b) => a + b, 0);
  if (n === 0) return undefinedBecause('no rows to score');
  let s = 0;
  bins.count.forEach((c, b) => (s += (c / n) * Math.abs(bins.meanPredicted[b] - bins.observedRate[b])));
  return defined(s);
}
