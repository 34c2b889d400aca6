/**
 * Permutation importance across folds, per run and head: each source column's mean drop in the
 * score when it is shuffled, with a fold-based 95% interval (Nadeau–Bengio corrected, as the run
 * comparisons: the folds share training rows, so the plain t interval would be too narrow),
 * ranked. The drop is itself a paired difference on the same test fold (intact − shuffled), so
 * the corrected paired interval is the right one. Plain data; renderers only format it.
 */
import type { FoldImportance } from '../results/types.ts';
import type { NamedResult } from './compare.ts';
import { testTrainRatio } from './compare.ts';
import { correctedPairedTTest, mean } from './stats.ts';

export type ImportanceHead = 'r2' | 'auc' | 'amountR2';
export const HEAD_LABELS: Record<ImportanceHead, string> = {
  r2: 'drop in R² (final prediction)',
  auc: 'drop in AUC (purchase head)',
  amountR2: 'drop in amount R² on buyers (amount head)',
};

export interface ColumnImportance {
  column: string;
  mean: number;
  /** 95% corrected interval over folds; null with fewer than 2 folds. */
  ci: [number, number] | null;
  /** Per-fold drops, in fold order. */
  values: number[];
}

export interface RunImportance {
  run: string;
  repeats: number;
  folds: number;
  /** Total time the permutations added over all folds. */
  ms: number;
  heads: { head: ImportanceHead; label: string; columns: ColumnImportance[] }[];
}

export function runImportance(run: NamedResult): RunImportance | null {
  const folds = run.result.perFold.filter((f) => f.status === 'ok' && f.importance).map((f) => f.importance!);
  if (!folds.length) return null;
  const ratio = testTrainRatio(run.result);
  const heads: RunImportance['heads'] = [];
  for (const head of ['r2', 'auc', 'amountR2'] as const) {
    if (!folds.some((f) => f.base[head] !== undefined)) continue;
    const columns = [...new Set(folds.flatMap((f) => Object.keys(f.columns)))].map((column) => summarise(column, folds, head, ratio)).filter((c): c is ColumnImportance => c !== null);
    columns.sort((a, b) => b.mean - a.mean || a.column.localeCompare(b.column));
    heads.push({ head, label: HEAD_LABELS[head], columns });
  }
  return { run: run.label, repeats: folds[0].repeats, folds: folds.length, ms: folds.reduce((s, f) => s + f.ms, 0), heads };
}

function summarise(column: string, folds: FoldImportance[], head: ImportanceHead, ratio: number | null): ColumnImportance | null {
  const values = folds.map((f) => f.columns[column]?.[head]).filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
  if (!values.length) return null;
  const t = ratio === null ? null : correctedPairedTTest(values, ratio);
  return { column, mean: mean(values), ci: t ? t.ci : null, values };
}

export function reportImportance(runs: NamedResult[]): RunImportance[] {
  return runs.map(runImportance).filter((r): r is RunImportance => r !== null);
}
