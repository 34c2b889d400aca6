/**
 * The folds of one experiment, as the runner makes them. `npm run exp`, `npm run folds` and
 * `npm run score` all call this one function, so an exported or scored fold assignment is the
 * runner's by construction, not a re-implementation that could drift.
 */
import type { ExperimentConfig } from '../config/types.ts';
import { foldFingerprint, foldTestSizes, makeFolds, type Fold } from '../cv/folds.ts';
import { groupKeys } from '../cv/grouped.ts';
import type { Dataset } from '../data/types.ts';
import { SeedBook } from '../seeds.ts';

export interface FoldPlan {
  folds: Fold[];
  /** sha256 of the test assignment (see cv/folds.ts): equal fingerprints ⇔ the same folds. */
  fingerprint: string;
  testSizes: number[];
  /** The shuffling seed of each repeat as makeFolds recorded it (`cv/<repeat>`). */
  seeds: Record<string, number>;
}

export function planFolds(config: ExperimentConfig, data: Dataset): FoldPlan {
  if (!data.target) throw new Error('planFolds needs a dataset with a target');
  const { folds: k, repeats, stratify, groupBy } = config.cv;
  const seeds = new SeedBook(config.seed);
  const folds = makeFolds(data.target, { k, repeats, stratify, seed: seeds, groups: groupBy ? groupKeys(data, groupBy) : undefined });
  return { folds, fingerprint: foldFingerprint(folds, data.rowCount, groupBy), testSizes: foldTestSizes(folds), seeds: seeds.used };
}

/** assignment[repeat][row] = the test fold of `row` in `repeat`. */
export function foldAssignment(plan: FoldPlan, nRows: number): Int32Array[] {
  const repeats = plan.folds.reduce((m, f) => Math.max(m, f.repeat + 1), 0);
  const out = Array.from({ length: repeats }, () => new Int32Array(nRows).fill(-1));
  for (const f of plan.folds) for (const row of f.test) out[f.repeat][row] = f.fold;
  return out;
}
