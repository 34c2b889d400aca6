/**
 * Outlier sensitivity: how much of a fold's R² rests on a few whales. All diagnostics, with no
 * direction (see catalog.ts): dropping the top spenders or sharing out the error describes the
 * fold and the model together, and the exact E[y|x] does not reliably score best on them.
 *
 * "Top spenders" are the test rows with the largest y, ties broken by row order (the first row
 * wins), so the rows dropped are a function of the fold alone, never of the model.
 */
import { assertPaired, defined, undefinedBecause, type Outcome } from './outcome.ts';
import { r2 } from './regression.ts';

/** The ks every result records (r2DropTop1 … r2DropTop10, errorShareTop1 …). */
export const TOP_KS = [1, 5, 10] as const;

/** Row indices sorted by y, largest first (stable: equal y keep row order). */
export function topSpenders(y: ArrayLike<number>): Int32Array {
  const order = Int32Array.from({ length: y.length }, (_, i) => i);
  return order.sort((a, b) => y[b] - y[a] || a - b);
}

/** R² on the test fold without its k largest spenders. */
export function r2DropTop(y: ArrayLike<number>, yHat: ArrayLike<number>, k: number, order: Int32Array = topSpenders(y)): Outcome {
  assertPaired(y, yHat, 'r2DropTop');
  if (k >= y.length - 1) return undefinedBecause(`the fold has ${y.length} rows; dropping ${k} leaves too few to score`);
  const dropped = new Uint8Array(y.length);
  for (let i = 0; i < k; i++) dropped[order[i]] = 1;
  const keepY: number[] = [];
  const keepHat: number[] = [];
  for (let i = 0; i < y.length; i++) {
    if (!dropped[i]) {
      keepY.push(y[i]);
      keepHat.push(yHat[i]);
    }
  }
  const out = r2(keepY, keepHat);
  return out.value === null ? undefinedBecause(`without the ${k} largest spender${k === 1 ? '' : 's'}: ${out.reason}`) : out;
}

/**
 * Share of the fold's total sum of squares Σ(y − ȳ)² carried by its top `share` of buyers
 * (rounded up, at least one buyer). Near 1, the fold's R² is mostly a score on a handful of rows.
 */
export function topBuyersSstShare(y: ArrayLike<number>, share = 0.01): Outcome {
  const n = y.length;
  if (n === 0) return undefinedBecause('no rows to score');
  let mean = 0;
  let buyers = 0;
  for (let i = 0; i < n; i++) {
    mean += y[i];
    if (y[i] > 0) buyers++;
  }
  mean /= n;
  if (buyers === 0) return undefinedBecause('the test fold has no buyers');
  const order = topSpenders(y);
  const top = Math.max(1, Math.ceil(share * buyers));
  let sst = 0;
  for (let i = 0; i < n; i++) sst += (y[i] - mean) ** 2;
  if (sst === 0) return undefinedBecause(`y is constant (${mean}) on these ${n} rows`);
  let carried = 0;
  for (let i = 0; i < top; i++) carried += (y[order[i]] - mean) ** 2;
  return defined(carried / sst);
}

/** Share of the squared error carried by the k rows with the largest squared errors. */
export function errorShareTop(y: ArrayLike<number>, yHat: ArrayLike<number>, k: number): Outcome {
  assertPaired(y, yHat, 'errorShareTop');
  if (y.length === 0) return undefinedBecause('no rows to score');
  const errors = Float64Array.from({ length: y.length }, (_, i) => (y[i] - yHat[i]) ** 2).sort();
  let all = 0;
  for (const e of errors) all += e;
  if (all === 0) return undefinedBecause('predictions are exact on every row: there is no squared error to share');
  let top = 0;
  for (let i = 0; i < Math.min(k, errors.length); i++) top += errors[errors.length - 1 - i];
  return defined(top / all);
}

/** r2DropTopK, dR2DropTopK and errorShareTopK for every k in TOP_KS, plus topBuyersSstShare. */
export function sensitivityOutcomes(y: ArrayLike<number>, yHat: ArrayLike<number>, fullR2: Outcome): Record<string, Outcome> {
  const order = topSpenders(y);
  const out: Record<string, Outcome> = {};
  for (const k of TOP_KS) {
    const dropped = r2DropTop(y, yHat, k, order);
    out[`r2DropTop${k}`] = dropped;
    if (dropped.value === null) out[`dR2DropTop${k}`] = undefinedBecause(`r2DropTop${k} is undefined: ${dropped.reason}`);
    else if (fullR2.value === null) out[`dR2DropTop${k}`] = undefinedBecause(`r2 is undefined: ${fullR2.reason}`);
    else out[`dR2DropTop${k}`] = defined(dropped.value - fullR2.value);
    out[`errorShareTop${k}`] = errorShareTop(y, yHat, k);
  }
  out.topBuyersSstShare = topBuyersSstShare(y);
  return out;
}
