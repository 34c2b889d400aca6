/**
 * Grouped, stratified test-fold assignment, as scikit-learn's StratifiedGroupKFold(shuffle=True)
 * makes it: every row of a group (e.g. every session of one user) lands in the same test fold, and
 * the buyer share per fold is kept as close to the overall share as whole groups allow.
 *
 * Per repeat: the groups are shuffled with the repeat's seed, then stably sorted by the spread of
 * their class counts (groups that are hard to place go first); each group goes to the fold where
 * the mean over classes of the standard deviation (across folds) of the class shares is smallest
 * after adding it, ties going to the fold with fewer rows. With `stratify: 'none'` there is one
 * class, so the rule balances fold sizes (like GroupKFold).
 *
 * A row whose group value is missing is a group of its own.
 */
import { keysOf } from '../data/column-values.ts';
import type { Dataset } from '../data/types.ts';
import { UserError } from '../errors.ts';
import { shuffleInPlace, type Rng } from '../seeds.ts';

/** Group index per row (0..nGroups-1, in first-appearance order) and the number of groups. */
export function groupIndex(keys: readonly (string | null)[]): { group: Int32Array; nGroups: number } {
  const ids = new Map<string, number>();
  const group = new Int32Array(keys.length);
  let next = 0;
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i];
    if (k === null) group[i] = next++;
    else {
      let g = ids.get(k);
      if (g === undefined) ids.set(k, (g = next++));
      group[i] = g;
    }
  }
  return { group, nGroups: next };
}

/** The group key of every row of `column`, whatever kind it was loaded as (null when missing). */
export function groupKeys(data: Dataset, column: string): (string | null)[] {
  const col = data.columns[column];
  if (!col) {
    throw new UserError('CONFIG_INVALID', `cv.groupBy names the column ${JSON.stringify(column)}, which the data does not have.`, {
      file: data.identity.path ?? undefined,
      key: 'cv.groupBy',
      expected: 'a column of the data, such as userId',
      found: JSON.stringify(column),
      hint: `Use one of: ${data.identity.columns.slice(0, 60).join(', ')}.`,
    });
  }
  return keysOf(col);
}

function std(values: Float64Array): number {
  let mean = 0;
  for (const v of values) mean += v / values.length;
  let ss = 0;
  for (const v of values) ss += (v - mean) ** 2;
  return Math.sqrt(ss / values.length);
}

/** Test fold of every row; `classOf[row]` is 0..nClasses-1; `rng` null = no shuffle (sklearn's shuffle=False). */
export function assignGroupedFolds(group: Int32Array, nGroups: number, classOf: Uint8Array, nClasses: number, k: number, rng: Rng | null): Int32Array {
  const counts = new Float64Array(nGroups * nClasses);
  for (let i = 0; i < group.length; i++) counts[group[i] * nClasses + classOf[i]] += 1;
  const total = new Float64Array(nClasses);
  for (let i = 0; i < classOf.length; i++) total[classOf[i]] += 1;

  const order = Int32Array.from({ length: nGroups }, (_, g) => g);
  if (rng) shuffleInPlace(order, rng);
  const spread = new Float64Array(nGroups);
  for (let g = 0; g < nGroups; g++) spread[g] = std(counts.subarray(g * nClasses, (g + 1) * nClasses));
  const sorted = Array.from(order).sort((a, b) => spread[b] - spread[a]); // Array.prototype.sort is stable

  const perFold = new Float64Array(k * nClasses);
  const rowsPerFold = new Float64Array(k);
  const foldOfGroup = new Int32Array(nGroups);
  const shares = new Float64Array(k);
  for (const g of sorted) {
    const own = counts.subarray(g * nClasses, (g + 1) * nClasses);
    let best = 0;
    let bestEval = Infinity;
    let bestRows = Infinity;
    for (let f = 0; f < k; f++) {
      let evalSum = 0;
      for (let c = 0; c < nClasses; c++) {
        if (total[c] === 0) continue;
        for (let j = 0; j < k; j++) shares[j] = (perFold[j * nClasses + c] + (j === f ? own[c] : 0)) / total[c];
        evalSum += std(shares);
      }
      const score = evalSum / nClasses;
      const close = Math.abs(score - bestEval) <= 1e-8 + 1e-5 * Math.abs(bestEval); // numpy.isclose
      if (score < bestEval || (close && rowsPerFold[f] < bestRows)) {
        best = f;
        bestEval = score;
        bestRows = rowsPerFold[f];
      }
    }
    foldOfGroup[g] = best;
    for (let c = 0; c < nClasses; c++) {
      perFold[best * nClasses + c] += own[c];
      rowsPerFold[best] += own[c];
    }
  }
  return Int32Array.from(group, (g) => foldOfGroup[g]);
}
