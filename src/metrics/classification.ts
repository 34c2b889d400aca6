/** The purchase head as a classifier of 1[y > 0]. */
import { assertPaired, defined, undefinedBecause, type Outcome } from './outcome.ts';
import { averageRanks } from './ranks.ts';

/**
 * ROC AUC by the Mann-Whitney U statistic: the probability that a random buyer scores above a
 * random non-buyer, ties counting one half (average ranks). Equals sklearn's roc_auc_score.
 */
export function rocAuc(y: ArrayLike<number>, score: ArrayLike<number>): Outcome {
  assertPaired(y, score, 'auc');
  const ranks = averageRanks(score);
  let positives = 0;
  let rankSum = 0;
  for (let i = 0; i < y.length; i++) {
    if (y[i] > 0) {
      positives++;
      rankSum += ranks[i];
    }
  }
  const negatives = y.length - positives;
  if (positives === 0) return undefinedBecause('the test fold has no buyers, so AUC is undefined');
  if (negatives === 0) return undefinedBecause('every test row is a buyer, so AUC is undefined');
  return defined((rankSum - (positives * (positives + 1)) / 2) / (positives * negatives));
}
