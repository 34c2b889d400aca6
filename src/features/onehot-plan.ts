/**
 * Before training: how wide will one-hot encoding make the inputs? Fitted on all rows with the
 * same `fitOneHot` the folds use (a training fold holds fewer rows, so it keeps about as many
 * categories or a few less). A column that explodes (hundreds of one-hot columns: slow epochs,
 * gigabytes of memory) gets a warning with the fix; folding into "(other)" is always reported.
 */
import type { FeatureConfig } from './config.ts';
import type { Dataset } from '../data/types.ts';
import { formatCount, formatShare } from '../numbers.ts';
import { fitOneHot } from './onehot.ts';

/** One-hot columns from a single categorical beyond which training slows down visibly. */
export const ONEHOT_WARN_WIDTH = 100;

export interface OneHotPlan {
  column: string;
  distinct: number;
  width: number;
  folded: number;
  /** Share of rows whose category is folded into "(other)". */
  foldedRows: number;
}

export function planOneHot(features: FeatureConfig, data: Dataset): OneHotPlan[] {
  const all = Int32Array.from({ length: data.rowCount }, (_, i) => i);
  return features.categorical
    .filter((c) => c.encoding === 'onehot' && data.columns[c.column]?.kind === 'categorical')
    .map(({ column }) => {
      const state = fitOneHot(features, data, all, column);
      const foldedSet = new Set(state.folded);
      const values = data.columns[column].values as (string | null)[];
      let foldedRows = 0;
      for (const v of values) if (foldedSet.has(v)) foldedRows++;
      return {
        column,
        distinct: state.categories.length + state.folded.length,
        width: state.categories.length + (state.other ? 1 : 0),
        folded: state.folded.length,
        foldedRows: data.rowCount ? foldedRows / data.rowCount : 0,
      };
    });
}

/** The lines a run prints: folding per column, and a warning for each column that explodes. */
export function oneHotNotes(features: FeatureConfig, plans: OneHotPlan[]): string[] {
  const lines: string[] = [];
  for (const p of plans) {
    if (p.folded) {
      lines.push(
        `one-hot ${p.column}: ${formatCount(p.distinct)} categories, ${formatCount(p.width)} columns; ${formatCount(p.folded)} seen fewer than ${features.minCategoryCount} times (features.minCategoryCount) fold into "(other)" (${formatShare(p.foldedRows)} of rows)`,
      );
    }
    if (p.width > ONEHOT_WARN_WIDTH) {
      lines.push(
        `warning: one-hot ${p.column} adds ${formatCount(p.width)} input columns: expect slow epochs and high memory. Use \`{ column: ${p.column}, encoding: frequency }\` (one column) or embedding (model.embeddingDim), or raise features.minCategoryCount.`,
      );
    }
  }
  return lines;
}
