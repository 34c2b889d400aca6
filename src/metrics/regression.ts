/** Regression metrics on the original scale: R² (the competition metric), RMSE, MAE. */
import { assertPaired, defined, undefinedBecause, type Outcome } from './outcome.ts';

/**
 * R² = 1 − SSE / SST with SST around the mean of y, as sklearn's r2_score. Undefined (null) when
 * y is constant, where sklearn would return 1.0 or 0.0 by convention: either would be a made-up
 * number in a mean over folds.
 */
export function r2(y: ArrayLike<number>, yHat: ArrayLike<number>): Outcome {
  assertPaired(y, yHat, 'r2');
  const n = y.length;
  if (n === 0) return undefinedBecause('no rows to score');
  let mean = 0;
  for (let i = 0; i < n; i++) mean += y[i];
  mean /= n;
  let sst = 0;
  let sse = 0;
  for (let i = 0; i < n; i++) {
    sst += (y[i] - mean) ** 2;
    sse += (y[i] - yHat[i]) ** 2;
  }
  if (sst === 0) return undefinedBecause(`y is constant (${mean}) on these ${n} rows, so R² has no variance to explain`);
  return defined(1 - sse / sst);
}

export function rmse(y: ArrayLike<number>, yHat: ArrayLike<number>): Outcome {
  assertPaired(y, yHat, 'rmse');
  if (y.length === 0) return undefinedBecause('no rows to score');
  let sse = 0;
  for (let i = 0; i < y.length; i++) sse += (y[i] - yHat[i]) ** 2;
  return defined(Math.sqrt(sse / y.length));
}

export function mae(y: ArrayLike<number>, yHat: ArrayLike<number>): Outcome {
  assertPaired(y, yHat, 'mae');
  if (y.length === 0) return undefinedBecause('no rows to score');
  let sae = 0;
  for (let i = 0; i < y.length; i++) sae += Math.abs(y[i] - yHat[i]);
  return defined(sae / y.length);
}
