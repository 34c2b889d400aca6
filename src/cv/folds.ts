/**
 * Cross-validation folds, as sklearn's RepeatedStratifiedKFold(shuffle=True) would make them.
 *
 * Each repeat shuffles the row indices with its own seed, `deriveSeed(seed, 'cv', repeat)`, so
 * adding a repeat never changes the earlier ones. The shuffled rows are then dealt round-robin to
 * the k folds, one stratum after the other (buyers first, then non-buyers), and the dealing
 * continues where the previous stratum stopped. That gives both guarantees at once:
 *  - each fold gets floor(n_s / k) or ceil(n_s / k) rows of every stratum s;
 *  - fold sizes over all rows differ by at most one (the first n mod k folds hold the extra row,
 *    as in sklearn's KFold).
 * With `stratify: 'none'` there is a single stratum.
 *
 * With `groups` (cv.groupBy), folds are grouped instead: see grouped.ts (StratifiedGroupKFold).
 *
 * A buyer is a row with y > 0, the same definition the purchase head and the AUC use.
 */
import { UserError } from '../errors.ts';
import { sha256 } from '../hash.ts';
import { makeRng, SeedBook, shuffleInPlace } from '../seeds.ts';
import { assignGroupedFolds, groupIndex } from './grouped.ts';

export interface Fold {
  /** repeat * k + fold, the index FoldResult uses. */
  index: number;
  repeat: number;
  fold: number;
  /** Row indices, ascending. */
  train: Int32Array;
  test: Int32Array;
}

export interface FoldOptions {
  k: number;
  repeats: number;
  stratify: 'purchase' | 'none';
  /** The root seed, or a seed book that records each repeat's shuffling seed (`cv/<repeat>`). */
  seed: number | SeedBook;
  /** Group key per row (cv.groupBy); no group is ever split between training and test. */
  groups?: readonly (string | null)[];
}

export function makeFolds(y: Float64Array, opts: FoldOptions): Fold[] {
  const { k, repeats, stratify } = opts;
  const seeds = typeof opts.seed === 'number' ? new SeedBook(opts.seed) : opts.seed;
  const n = y.length;
  validate(y, opts);
  const grouped = opts.groups ? groupIndex(opts.groups) : null;
  if (grouped && grouped.nGroups < k) {
    throw new UserError('DATA_DEGENERATE', `cv.folds is ${k} but the data has only ${grouped.nGroups} groups: grouped folds need at least one group per fold.`, {
      key: 'cv.groupBy',
      hint: `Lower cv.folds to at most ${grouped.nGroups}, or group by a finer column.`,
    });
  }
  const classOf = grouped ? Uint8Array.from(y, (v) => (stratify === 'purchase' && v > 0 ? 1 : 0)) : null;

  const folds: Fold[] = [];
  for (let repeat = 0; repeat < repeats; repeat++) {
    const rng = makeRng(seeds.derive('cv', repeat));
    const assignment = grouped && classOf
      ? assignGroupedFolds(grouped.group, grouped.nGroups, classOf, stratify === 'purchase' ? 2 : 1, k, rng)
      : dealtAssignment(y, k, stratify, rng);
    const testSizes = new Int32Array(k);
    for (let row = 0; row < n; row++) testSizes[assignment[row]]++;
    for (let fold = 0; fold < k; fold++) {
      const test = new Int32Array(testSizes[fold]);
      const train = new Int32Array(n - testSizes[fold]);
      let t = 0;
      let r = 0;
      // Walking rows in order keeps both index lists ascending without a sort.
      for (let row = 0; row < n; row++) {
        if (assignment[row] === fold) test[t++] = row;
        else train[r++] = row;
      }
      folds.push({ index: repeat * k + fold, repeat, fold, train, test });
    }
  }
  return folds;
}

/** Ungrouped: shuffle, then deal rows round-robin, buyers first (see the module comment). */
function dealtAssignment(y: Float64Array, k: number, stratify: FoldOptions['stratify'], rng: () => number): Int32Array {
  const n = y.length;
  const order = Int32Array.from({ length: n }, (_, i) => i);
  shuffleInPlace(order, rng);
  const assignment = new Int32Array(n);
  let next = 0;
  const deal = (keep: (row: number) => boolean): void => {
    for (let i = 0; i < n; i++) {
      const row = order[i];
      if (!keep(row)) continue;
      assignment[row] = next;
      next = next + 1 === k ? 0 : next + 1;
    }
  };
  if (stratify === 'purchase') {
    deal((row) => y[row] > 0);
    deal((row) => !(y[row] > 0));
  } else {
    deal(() => true);
  }
  return assignment;
}

/**
 * What only the data can say about the folds. k ≥ 2 and repeats ≥ 1 are config facts (the schema
 * refuses the rest at load, with the line), and the loaders only ever produce finite targets.
 */
function validate(y: Float64Array, { k, repeats, stratify }: FoldOptions): void {
  if (!(Number.isInteger(k) && k >= 2 && Number.isInteger(repeats) && repeats >= 1)) {
    throw new RangeError(`makeFolds: k must be an integer ≥ 2 and repeats ≥ 1, got ${k} and ${repeats}`);
  }
  const n = y.length;
  if (k > n) {
    throw new UserError('DATA_DEGENERATE', `cv.folds is ${k} but the data has only ${n} rows: every fold needs at least one test row.`, {
      key: 'cv.folds',
      hint: `Lower cv.folds to at most ${n}, or use more data.`,
    });
  }
  let buyers = 0;
  for (let i = 0; i < n; i++) if (y[i] > 0) buyers++;
  if (stratify === 'purchase' && buyers < k) {
    // 0 < buyers < k would leave some test folds without a buyer, so AUC, amount R² and the
    // trimmed metrics would be undefined there: better to say so before training anything.
    const what = buyers === 0 ? 'no buyers (no row with a target above 0)' : `only ${buyers} buyer${buyers === 1 ? '' : 's'}`;
    throw new UserError('DATA_DEGENERATE', `cv.folds is ${k} but the data has ${what}: stratified folds need at least one buyer per fold.`, {
      key: 'cv.folds',
      hint:
        buyers === 0
          ? 'Check the target column (purchase values), or use cv.stratify: none.'
          : buyers >= 2
            ? `Lower cv.folds to at most ${buyers} or use cv.stratify: none.`
            : 'Use data with more buyers (at least cv.folds). cv.stratify: none works for one-part models only (model.type: mlp; folds then differ in buyers and have no AUC or amount R²): hurdle and ziln need a buyer in every training fold.',
    });
  }
}

/**
 * sha256 over the test-fold assignment of every row in every repeat. Two runs share their folds
 * exactly when their fingerprints are equal, whatever seed or code produced them. Throws when the
 * folds are not a partition of 0..nRows-1 per repeat (a bug, not a user error).
 */
export function foldFingerprint(folds: readonly Fold[], nRows: number, groupBy?: string | null): string {
  const repeats = folds.reduce((m, f) => Math.max(m, f.repeat + 1), 0);
  const assignment = new Int32Array(repeats * nRows).fill(-1);
  for (const f of folds) {
    for (const row of f.test) {
      const at = f.repeat * nRows + row;
      if (row < 0 || row >= nRows || assignment[at] !== -1) {
        throw new Error(`foldFingerprint: row ${row} of repeat ${f.repeat} is out of range or in two test folds`);
      }
      assignment[at] = f.fold;
    }
  }
  const missing = assignment.indexOf(-1);
  if (missing >= 0) {
    throw new Error(`foldFingerprint: row ${missing % nRows} of repeat ${Math.floor(missing / nRows)} is in no test fold`);
  }
  // Grouped folds name their column; ungrouped ones keep the header they always had.
  const header = new TextEncoder().encode(`hurdle-lab/folds;rows=${nRows};repeats=${repeats};${groupBy ? `groupBy=${groupBy};` : ''}`);
  const body = new Uint8Array(assignment.buffer);
  const bytes = new Uint8Array(header.length + body.length);
  bytes.set(header);
  bytes.set(body, header.length);
  return sha256(bytes);
}

/** Test-fold sizes in fold-index order, for ResultFile.folds.testSizes. */
export function foldTestSizes(folds: readonly Fold[]): number[] {
  return [...folds].sort((a, b) => a.index - b.index).map((f) => f.test.length);
}
