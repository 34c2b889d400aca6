/**
 * Categories that a fitted pipeline never saw in training, per column: `predict` counts, prints
 * and records them (each encoder handles them, as zeros, "(other)" or a share of 0, but silently).
 * Missing cells are not unseen: missing is a category of its own.
 */
import type { Dataset } from '../data/types.ts';
import type { PipelineState } from './pipeline.ts';

export interface UnseenCount {
  column: string;
  /** Rows whose category was not seen in training. */
  rows: number;
  /** Distinct unseen categories, and the most frequent few. */
  distinct: number;
  examples: string[];
}

function seenIn(step: PipelineState['categorical'][number]): Set<string | null> {
  if (step.step === 'onehot') return new Set([...step.categories, ...step.folded]);
  if (step.step === 'frequency') return new Set(step.shares.map(([v]) => v));
  // An embedding's vocabulary is only its kept categories; rare ones share id 0 with unseen ones.
  return new Set(step.categories);
}

export function unseenCategories(pipeline: PipelineState, data: Dataset): UnseenCount[] {
  const out: UnseenCount[] = [];
  for (const step of pipeline.categorical) {
    const column = data.columns[step.column];
    if (!column || column.kind !== 'categorical') continue;
    const seen = seenIn(step);
    const freq = new Map<string, number>();
    let rows = 0;
    for (const v of column.values) {
      if (v === null || seen.has(v)) continue;
      rows++;
      freq.set(v, (freq.get(v) ?? 0) + 1);
    }
    if (rows) out.push({ column: step.column, rows, distinct: freq.size, examples: [...freq].sort((a, b) => b[1] - a[1]).slice(0, 3).map(([v]) => v) });
  }
  return out;
}
