/**
 * Ranking quality: does the model put the valuable sessions first?
 *
 * The normalized Gini is the one of google/lifetime_value (metrics.py: cumulative_true and
 * gini_from_gain): sort rows by prediction, descending; the gains curve is the cumulative share
 * of the total actual value; raw Gini = 2·mean(gains) − 1; normalized = raw(model) / raw(oracle),
 * where the oracle ranks by y itself. 1 is a perfect ranking, about 0 a random one.
 *
 * One deliberate difference: lifetime_value sorts with pandas, whose order among tied predictions
 * is arbitrary, so a model that predicts 0 for most rows gets a Gini that depends on row order.
 * Here a block of tied predictions shares its value evenly along the block — the expected gains
 * curve over all orders of the tie — so the score depends only on the (y, ŷ) pairs. Without ties
 * both give the same number.
 */
import { assertPaired, defined, undefinedBecause, type Outcome } from './outcome.ts';
import { averageRanks, orderBy, pearson } from './ranks.ts';

/** lifetime_value's raw Gini of the gains curve of `y` ranked by `score` (ties averaged). */
export function rawGini(y: ArrayLike<number>, score: ArrayLike<number>): number {
  const n = y.length;
  const order = orderBy(score, 'desc');
  let total = 0;
  for (let i = 0; i < n; i++) total += y[i];
  let cumulative = 0;
  let sumOfShares = 0;
  let i = 0;
  while (i < n) {
    let j = i;
    let block = y[order[i]];
    while (j + 1 < n && score[order[j + 1]] === score[order[i]]) block += y[order[++j]];
    const m = j - i + 1;
    // Cumulative sums inside the block rise by block/m per row: Σ_{t=1..m} (C + block·t/m).
    sumOfShares += m * cumulative + (block * (m + 1)) / 2;
    cumulative += block;
    i = j + 1;
  }
  return (2 * sumOfShares) / total / n - 1;
}

export function normalizedGini(y: ArrayLike<number>, yHat: ArrayLike<number>): Outcome {
  assertPaired(y, yHat, 'gini');
  let total = 0;
  for (let i = 0; i < y.length; i++) total += y[i];
  if (y.length === 0) return undefinedBecause('no rows to score');
  if (total === 0) return undefinedBecause('the test fold has no purchase value (y sums to 0), so there is nothing to rank');
  const oracle = rawGini(y, y);
  if (oracle === 0) return undefinedBecause('the oracle Gini is 0 (ranking by y itself gains nothing over random), so the ratio is undefined');
  return defined(rawGini(y, yHat) / oracle);
}

/** Spearman's rho: Pearson correlation of average ranks (ties share their mean rank, as scipy). */
export function spearman(y: ArrayLike<number>, yHat: ArrayLike<number>): Outcome {
  assertPaired(y, yHat, 'spearman');
  if (y.length < 2) return undefinedBecause(`a rank correlation needs at least 2 rows, got ${y.length}`);
  const rho = pearson(averageRanks(y), averageRanks(yHat));
  if (rho === null) {
    const which = isConstant(y) ? 'y' : 'ŷ';
    return undefinedBecause(`${which} is constant on the test fold, so it has no ranking to correlate`);
  }
  return defined(rho);
}

function isConstant(v: ArrayLike<number>): boolean {
  for (let i = 1; i < v.length; i++) if (v[i] !== v[0]) return false;
  return true;
}
