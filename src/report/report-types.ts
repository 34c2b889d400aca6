/**
 * The computed report as plain data: what the renderers (terminal, Markdown, JSON, HTML) show.
 * build.ts computes it; rendering only formats it.
 */
import type { TargetUnit } from '../numbers.ts';
import type { Collapsed } from './dedupe.ts';
import type { MetricComparison } from './compare.ts';
import type { ConfigChange } from './config-diff.ts';
import type { SweepGroup } from './sweeps.ts';
import type { RunImportance } from './importance.ts';

export interface Column {
  metric: string;
  label: string;
  /** null: a diagnostic (no direction), never marked best, never given a verdict. */
  higherIsBetter: boolean | null;
  /** Set on target-scale metrics (RMSE, MAE) when the runs' target unit is known: cells are shown in it. */
  unit?: TargetUnit;
}

export interface Cell {
  mean: number | null;
  std: number | null;
  n: number;
  nullFolds: number;
  nullReasons: string[];
  best: boolean;
  /** The run's result file has no such metric at all (e.g. AUC of a one-part model). */
  notRecorded?: boolean;
}

export interface RunRow {
  label: string;
  name: string;
  path: string;
  modelType: string;
  backend: string;
  /** k × repeats and how many folds finished ok. */
  folds: { k: number; repeats: number; ok: number; total: number };
  status: string;
  cells: Record<string, Cell>;
  fitMsPerFold: { mean: number | null; best: boolean };
  reproduce: string;
  sweepId: string | null;
  /** The experiment's `description` (may be empty). */
  description: string;
}

export interface Report {
  baseline: string | null;
  /** Why that run is the baseline, as the report states it. */
  baselineRule: string | null;
  /** Identical runs (same config hash, seed, data and fold metrics) shown once. */
  collapsed: Collapsed[];
  /** The target unit all runs share (null when raw or when runs disagree); target-scale columns are shown in it. */
  targetUnit: TargetUnit | null;
  columns: Column[];
  /** Outlier-sensitivity diagnostics, shown in their own section. */
  outlierColumns: Column[];
  /** Part-wise scores and diagnostics of two-part models (empty when no run has one). */
  headColumns: Column[];
  /** Runs whose files lack what this version records (older files), one sentence each. */
  lacking: string[];
  runs: RunRow[];
  comparisons: MetricComparison[];
  configDiff: { run: string; changes: ConfigChange[] }[];
  sweeps: SweepGroup[];
  /** Permutation importance of the runs that recorded it (metrics.importance). */
  importance: RunImportance[];
  skipped: { path: string; reason: string }[];
  alpha: number;
}

export interface ReportOptions {
  baseline?: string;
  metrics?: string[];
  sort?: string;
  skipped?: { path: string; reason: string }[];
  alpha?: number;
}
