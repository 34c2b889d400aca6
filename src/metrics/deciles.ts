/**
 * Decile chart and gains curve, as in google/lifetime_value's decile charts: test rows sorted by
 * prediction, descending, cut into 10 groups whose sizes differ by at most one (the first n mod 10
 * groups hold the extra row, like numpy.array_split). Ties in ŷ keep row order, so a block of tied
 * predictions may straddle a group boundary; that is deterministic for a given fold.
 *
 * `cumulativeActualShare[g]` is the share of the fold's total actual value captured by groups
 * 0..g: the gains curve at 10%, 20%, ... 100%. When the fold's y sums to 0 there is no value to
 * capture: shares are all 0 and `decileNotes` says why. Empty groups (fewer than 10 rows) report
 * count 0 and means 0.
 */
import type { DecileSummary } from '../results/types.ts';
import { assertPaired } from './outcome.ts';
import { orderBy } from './ranks.ts';

export const DECILE_GROUPS = 10;

export function decileSummary(y: ArrayLike<number>, yHat: ArrayLike<number>): DecileSummary {
  assertPaired(y, yHat, 'decileSummary');
  const n = y.length;
  const order = orderBy(yHat, 'desc');
  const meanPredicted: number[] = [];
  const meanActual: number[] = [];
  const count: number[] = [];
  const actualSums: number[] = [];
  const base = Math.floor(n / DECILE_GROUPS);
  const extra = n % DECILE_GROUPS;
  let start = 0;
  for (let g = 0; g < DECILE_GROUPS; g++) {
    const size = base + (g < extra ? 1 : 0);
    let sumHat = 0;
    let sumY = 0;
    for (let t = start; t < start + size; t++) {
      sumHat += yHat[order[t]];
      sumY += y[order[t]];
    }
    count.push(size);
    meanPredicted.push(size ? sumHat / size : 0);
    meanActual.push(size ? sumY / size : 0);
    actualSums.push(sumY);
    start += size;
  }
  const total = actualSums.reduce((a, b) => a + b, 0);
  let running = 0;
  const cumulativeActualShare = actualSums.map((s) => {
    running += s;
    return total === 0 ? 0 : running / total;
  });
  return { meanPredicted, meanActual, count, cumulativeActualShare };
}

/** Why a decile summary needs a caveat, if it does (for FoldResult.notes under 'deciles'). */
export function decileNotes(y: ArrayLike<number>): string | undefined {
  let total = 0;
  for (let i = 0; i < y.length; i++) total += y[i];
  const parts: string[] = [];
  if (total === 0) parts.push('the test fold has no purchase value (y sums to 0): cumulative shares are reported as 0');
  if (y.length < DECILE_GROUPS) parts.push(`only ${y.length} test rows: ${DECILE_GROUPS - y.length} decile groups are empty (count 0, means 0)`);
  return parts.length ? parts.join('; ') : undefined;
}
