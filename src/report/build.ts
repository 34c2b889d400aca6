/**
 * The computed report: everything the renderers (terminal, Markdown, JSON, HTML) show, as plain
 * data. Rendering never computes statistics; it only formats this.
 */
import { registryMiss } from '../errors.ts';
import { collapseIdentical, defaultBaseline, type Collapsed } from './dedupe.ts';
import { withUnit, type TargetUnit } from '../numbers.ts';
import { higherIsBetter, METRIC_NAMES, metricInfo } from '../metrics/catalog.ts';
import type { ResultFile } from '../results/types.ts';
import { compareRuns, type MetricComparison, type NamedResult } from './compare.ts';
import { diffConfigs, type ConfigChange } from './config-diff.ts';
import { mean } from './stats.ts';
import { groupSweeps, type SweepGroup } from './sweeps.ts';
import { reportImportance, type RunImportance } from './importance.ts';

/** The run table's columns: scores with a direction (plus the oracle's R² as a yardstick). */
export const DEFAULT_METRICS: readonly string[] = ['r2', 'd2Tweedie', 'd2Poisson', 'gini', 'r2Oracle'];
/** The "outlier sensitivity" section: diagnostics, never ranked. */
export const OUTLIER_METRICS: readonly string[] = [
  'r2BootLow', 'r2BootHigh', 'r2DropTop1', 'r2DropTop5', 'r2DropTop10', 'dR2DropTop1', 'dR2DropTop5', 'dR2DropTop10',
  'topBuyersSstShare', 'errorShareTop1', 'errorShareTop10',
];
/** The two-part heads section (shown when some run has a two-part model). */
export const HEAD_METRICS: readonly string[] = ['logLoss', 'brier', 'auc', 'ece', 'amountR2', 'amountLogR2', 'amountLogRmse'];
/** Sort keys besides metric names. */
export const EXTRA_SORT_KEYS: readonly string[] = ['name', 'fitTime'];

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

export function buildReport(entries: { path: string; result: ResultFile }[], opts: ReportOptions = {}): Report {
  const { entries: distinct, collapsed } = collapseIdentical(entries);
  const runs = labelRuns(distinct);
  const results = runs.map((r) => r.result);
  const columns = pickColumns(results, opts.metrics);
  const outlierColumns = toColumns(OUTLIER_METRICS.filter((m) => !columns.some((c) => c.metric === m)));
  const headColumns = toColumns(HEAD_METRICS.filter((m) => !columns.some((c) => c.metric === m) && results.some((r) => (r.summary[m]?.n ?? 0) > 0)));
  const chosen = runs.length ? pickBaseline(runs, opts.baseline) : null;
  const baseline = chosen?.run ?? null;
  const rows = runs.map((r) => toRow(r, [...columns, ...outlierColumns, ...headColumns]));
  markBest(rows, [...columns, ...headColumns]);
  if (opts.sort) sortRows(rows, opts.sort, new Map(runs.map((r) => [r.label, r.result])));
  else if (baseline) rows.unshift(...rows.splice(rows.findIndex((r) => r.label === baseline.label), 1)); // baseline first, the rest in file order
  const alpha = opts.alpha ?? 0.05;
  const ordered = rows.map((row) => runs.find((r) => r.label === row.label)!);
  const units = new Set(runs.map((r) => r.result.config.data.targetUnit ?? null));
  const targetUnit = units.size === 1 ? [...units][0] : null;
  return {
    baseline: baseline?.label ?? null,
    baselineRule: chosen?.rule ?? null,
    collapsed,
    targetUnit,
    columns: columns.map((c) => (metricInfo(c.metric)?.targetScale && targetUnit ? { ...c, label: withUnit(c.label, targetUnit), unit: targetUnit } : c)),
    outlierColumns,
    headColumns,
    lacking: lackingNotes(runs),
    runs: rows,
    // Verdicts for the run table's scores; the sections' diagnostics never get one.
    comparisons: baseline ? compareRuns(ordered, baseline, columns.filter((c) => !metricInfo(c.metric)?.reference).map((c) => c.metric), alpha) : [],
    configDiff: baseline ? ordered.filter((r) => r !== baseline).map((r) => ({ run: r.label, changes: diffConfigs(baseline.result.config, r.result.config) })) : [],
    sweeps: groupSweeps(ordered),
    importance: reportImportance(ordered),
    skipped: opts.skipped ?? [],
    alpha,
  };
}

/** Run names need not be unique (two files of one experiment); the file name disambiguates. */
export function labelRuns(entries: { path: string; result: ResultFile }[]): (NamedResult & { path: string })[] {
  const counts = new Map<string, number>();
  for (const e of entries) counts.set(e.result.name, (counts.get(e.result.name) ?? 0) + 1);
  return entries.map((e) => ({
    path: e.path,
    result: e.result,
    label: counts.get(e.result.name)! > 1 ? `${e.result.name} (${e.path.split(/[\\/]/).pop()})` : e.result.name,
  }));
}

/** Throw the registry miss for an unknown --metrics name or --sort key (the CLI calls this before reading files). */
export function checkNames(opts: { metrics?: string[]; sort?: string }): void {
  for (const m of opts.metrics ?? []) if (!metricInfo(m)) throw registryMiss('metric', m, METRIC_NAMES, { key: '--metrics' });
  const key = opts.sort;
  if (key !== undefined && !metricInfo(key) && !EXTRA_SORT_KEYS.includes(key)) throw registryMiss('sort key', key, [...METRIC_NAMES, ...EXTRA_SORT_KEYS], { key: '--sort' });
}

function pickColumns(results: ResultFile[], requested?: string[]): Column[] {
  let names: string[];
  if (requested && requested.length) {
    checkNames({ metrics: requested });
    names = [...new Set(requested)];
  } else {
    // Optional metrics (auc, ...) only when some run has them.
    names = DEFAULT_METRICS.filter((m) => !metricInfo(m)!.optional || results.some((r) => (r.summary[m]?.n ?? 0) > 0));
  }
  return toColumns(names);
}

function toColumns(names: readonly string[]): Column[] {
  return names.map((m) => ({ metric: m, label: metricInfo(m)!.label, higherIsBetter: higherIsBetter(metricInfo(m)!.direction) }));
}

/**
 * What a result file written by an older version lacks, so a reader knows why its cells are empty:
 * the recorded metric directions, the new scores and diagnostics, the predictions side file.
 */
export function lackingNotes(runs: NamedResult[]): string[] {
  const out: string[] = [];
  for (const { label, result } of runs) {
    const missing: string[] = [];
    if (!result.metricDirections) missing.push("recorded metric directions (this report applies the current catalog's)");
    const absent = ['d2Tweedie', 'r2DropTop1', 'r2BootLow'].filter((m) => !result.summary[m]);
    if (absent.length) missing.push('D² Tweedie/Poisson and the outlier-sensitivity diagnostics');
    if (!result.oof) missing.push('an out-of-fold predictions file');
    if (missing.length) out.push(`${label} was written by an older version and lacks ${missing.join(', ')}; rerun it (\`${result.reproduce}\`) to fill them.`);
  }
  return out;
}

function pickBaseline(runs: NamedResult[], wanted?: string): { run: NamedResult; rule: string } {
  if (wanted === undefined) {
    const { index, rule } = defaultBaseline(runs.map((r) => r.result));
    return { run: runs[index], rule };
  }
  const hit = runs.find((r) => r.label === wanted) ?? runs.find((r) => r.result.name === wanted);
  if (!hit) throw registryMiss('baseline run', wanted, runs.map((r) => r.label), { key: '--baseline' });
  return { run: hit, rule: 'chosen with --baseline' };
}

function toRow(r: NamedResult & { path: string }, columns: Column[]): RunRow {
  const res = r.result;
  const okFolds = res.perFold.filter((f) => f.status === 'ok');
  const bad = res.perFold.length - okFolds.length;
  const cells: Record<string, Cell> = {};
  for (const c of columns) {
    const s = res.summary[c.metric];
    cells[c.metric] = s
      ? { mean: s.mean, std: s.std, n: s.n, nullFolds: s.nullFolds, nullReasons: s.nullReasons, best: false }
      : { mean: null, std: null, n: 0, nullFolds: res.perFold.length, nullReasons: [`${c.metric} not recorded by this run`], best: false, notRecorded: true };
  }
  return {
    label: r.label,
    name: res.name,
    path: r.path,
    modelType: res.config.model.type,
    backend: res.environment.backend,
    folds: { k: res.folds.k, repeats: res.folds.repeats, ok: okFolds.length, total: res.folds.k * res.folds.repeats },
    status: bad ? `${res.status}, ${bad} fold${bad > 1 ? 's' : ''} not ok` : res.status,
    cells,
    fitMsPerFold: { mean: res.perFold.length ? mean(res.perFold.map((f) => f.timings.fitMs)) : null, best: false },
    reproduce: res.reproduce,
    sweepId: res.sweep?.id ?? null,
    description: res.config.description ?? '',
  };
}

function markBest(rows: RunRow[], columns: Column[]): void {
  if (rows.length < 2) return;
  for (const c of columns) {
    if (c.higherIsBetter === null || metricInfo(c.metric)?.reference) continue;
    const vals = rows.map((r) => r.cells[c.metric].mean).filter((v): v is number => v !== null);
    if (!vals.length) continue;
    const best = c.higherIsBetter ? Math.max(...vals) : Math.min(...vals);
    for (const r of rows) r.cells[c.metric].best = r.cells[c.metric].mean === best;
  }
  const fits = rows.map((r) => r.fitMsPerFold.mean).filter((v): v is number => v !== null);
  if (fits.length) for (const r of rows) r.fitMsPerFold.best = r.fitMsPerFold.mean === Math.min(...fits);
}

/** Best first for metrics with a direction, descending for diagnostics; missing values last. */
function sortRows(rows: RunRow[], key: string, results: Map<string, ResultFile>): void {
  if (key === 'name') {
    rows.sort((a, b) => a.label.localeCompare(b.label));
    return;
  }
  checkNames({ sort: key });
  const higherFirst = key === 'fitTime' ? false : metricInfo(key)!.direction !== 'lower';
  const value = (r: RunRow) => (key === 'fitTime' ? r.fitMsPerFold.mean : results.get(r.label)!.summary[key]?.mean ?? null);
  rows.sort((a, b) => {
    const va = value(a);
    const vb = value(b);
    if (va === null || vb === null) return va === null ? (vb === null ? 0 : 1) : -1;
    return higherFirst ? vb - va : va - vb;
  });
}
