/**
 * How much of a score hinges on the few top spenders. With a heavy right tail a handful of test
 * rows dominate the sum of squares, so R² can swing by whole points with one session; these
 * variants show that swing instead of hiding it.
 *
 * Thresholds are q-quantiles by numpy's default rule (type 7, see quantile.ts). The trimming
 * threshold comes from the test fold's own y (it describes the fold being scored); the
 * winsorizing cap comes from the training fold (a cap a deployed model could know in advance).
 */
import { formatShare } from '../numbers.ts';
import { assertPaired, defined, undefinedBecause, type Outcome } from './outcome.ts';
import { r2 } from './regression.ts';

/** R² over the rows with y strictly below `threshold` (the test fold's q-quantile). */
export function r2Trimmed(y: ArrayLike<number>, yHat: ArrayLike<number>, threshold: number, q: number): Outcome {
  assertPaired(y, yHat, 'r2Trimmed');
  const keepY: number[] = [];
  const keepHat: number[] = [];
  for (let i = 0; i < y.length; i++) {
    if (y[i] < threshold) {
      keepY.push(y[i]);
      keepHat.push(yHat[i]);
    }
  }
  if (keepY.length === 0) {
    return undefinedBecause(
      `the ${q}-quantile of test y is ${threshold}, its smallest value (${fmtShare(q)} or more of the rows share it, ` +
        "typically the zeros), so no row lies below it; raise metrics.outlierQuantile above the fold's share of zeros",
    );
  }
  const out = r2(keepY, keepHat);
  return out.value === null ? undefinedBecause(`after trimming y ≥ ${threshold} (the ${q}-quantile): ${out.reason}`) : out;
}

/** Share of the squared error that comes from rows with y at or above `threshold`. */
export function topSseShare(y: ArrayLike<number>, yHat: ArrayLike<number>, threshold: number): Outcome {
  assertPaired(y, yHat, 'topSseShare');
  let top = 0;
  let all = 0;
  for (let i = 0; i < y.length; i++) {
    const e = (y[i] - yHat[i]) ** 2;
    all += e;
    if (y[i] >= threshold) top += e;
  }
  if (y.length === 0) return undefinedBecause('no rows to score');
  if (all === 0) return undefinedBecause('predictions are exact on every row: there is no squared error to share');
  return defined(top / all);
}

/**
 * R² after clipping both y and ŷ from above at `cap` (the training fold's q-quantile). Only the
 * upper tail is clipped: the target is non-negative and its low quantiles are 0.
 */
export function r2Winsorized(y: ArrayLike<number>, yHat: ArrayLike<number>, cap: number, q: number): Outcome {
  assertPaired(y, yHat, 'r2Winsorized');
  const cy = Float64Array.from(y, (v) => Math.min(v, cap));
  const ch = Float64Array.from(yHat, (v) => Math.min(v, cap));
  const out = r2(cy, ch);
  return out.value === null ? undefinedBecause(`after clipping at ${cap} (the training fold's ${q}-quantile): ${out.reason}`) : out;
}

/**
 * R² of log1p(y) against log1p(max(ŷ, 0)): the score on the scale the ZILN and log-target models
 * train on. Negative predictions are floored at 0 because log1p is undefined below −1 and a
 * negative purchase value means "nothing" anyway.
 */
export function r2Log1p(y: ArrayLike<number>, yHat: ArrayLike<number>): Outcome {
  assertPaired(y, yHat, 'r2Log1p');
  for (let i = 0; i < y.length; i++) {
    if (!(y[i] > -1)) return undefinedBecause(`y has ${y[i]} at row ${i}, where log1p is undefined`);
  }
  const out = r2(Float64Array.from(y, Math.log1p), Float64Array.from(yHat, (v) => Math.log1p(Math.max(v, 0))));
  return out.value === null ? undefinedBecause(`on the log1p scale: ${out.reason}`) : out;
}

const fmtShare = (s: number): string => formatShare(s);
