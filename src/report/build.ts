/**
 * The computed report: everything the renderers (terminal, Markdown, JSON, HTML) show, as plain
 * data. Rendering never computes statistics; it only formats this.
 */
import { registryMiss } from '../errors.ts';
import { METRIC_NAMES, metricInfo } from '../metrics/catalog.ts';
import type { ResultFile } from '../results/types.ts';
import { compareRuns, type MetricComparison, type NamedResult } from './compare.ts';
import { diffConfigs, type ConfigChange } from './config-diff.ts';
import { mean } from './stats.ts';
import { groupSweeps, type SweepGroup } from './sweeps.ts';
import { reportImportance, type RunImportance } from './importance.ts';

export const DEFAULT_METRICS: readonly string[] = ['r2', 'r2Trimmed', 'r2TrimDelta', 'topSseShare', 'r2Log1p', 'gini', 'auc', 'r2Oracle'];
/** Sort keys besides metric names. */
export const EXTRA_SORT_KEYS: readonly string[] = ['name', 'fitTime'];

export interface Column {
  metric: string;
  label: string;
  higherIsBetter: boolean | null;
}

export interface Cell {
  mean: number | null;
  std: number | null;
  n: number;
  nullFolds: number;
  nullReasons: string[];
  best: boolean;
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
}

export interface Report {
  baseline: string | null;
  columns: Column[];
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
  const runs = labelRuns(entries);
  const columns = pickColumns(runs.map((r) => r.result), opts.metrics);
  const baseline = runs.length ? pickBaseline(runs, opts.baseline) : null;
  const rows = runs.map((r) => toRow(r, columns));
  markBest(rows, columns);
  if (opts.sort) sortRows(rows, opts.sort, new Map(runs.map((r) => [r.label, r.result])));
  else if (baseline) rows.unshift(...rows.splice(rows.findIndex((r) => r.label === baseline.label), 1)); // baseline first, the rest in file order
  const alpha = opts.alpha ?? 0.05;
  const ordered = rows.map((row) => runs.find((r) => r.label === row.label)!);
  return {
    baseline: baseline?.label ?? null,
    columns,
    runs: rows,
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
  return names.map((m) => ({ metric: m, label: metricInfo(m)!.label, higherIsBetter: metricInfo(m)!.higherIsBetter }));
}

function pickBaseline(runs: NamedResult[], wanted?: string): NamedResult {
  if (wanted === undefined) return runs.find((r) => r.result.name === 'baseline') ?? runs[0];
  const hit = runs.find((r) => r.label === wanted) ?? runs.find((r) => r.result.name === wanted);
  if (!hit) throw registryMiss('baseline run', wanted, runs.map((r) => r.label), { key: '--baseline' });
  return hit;
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
      : { mean: null, std: null, n: 0, nullFolds: res.perFold.length, nullReasons: [`${c.metric} not recorded by this run`], best: false };
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
  const higherFirst = key === 'fitTime' ? false : metricInfo(key)!.higherIsBetter !== false;
  const value = (r: RunRow) => (key === 'fitTime' ? r.fitMsPerFold.mean : results.get(r.label)!.summary[key]?.mean ?? null);
  rows.sort((a, b) => {
    const va = value(a);
    const vb = value(b);
    if (va === null || vb === null) return va === null ? (vb === null ? 0 : 1) : -1;
    return higherFirst ? vb - va : va - vb;
  });
}
