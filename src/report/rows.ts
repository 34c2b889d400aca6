/** The run table's rows: one per run, labelled, with its cells, the best cells marked, in the chosen order. */
import { metricInfo } from '../metrics/catalog.ts';
import type { ResultFile } from '../results/types.ts';
import { checkNames } from './columns.ts';
import type { NamedResult } from './compare.ts';
import type { Cell, Column, RunRow } from './report-types.ts';
import { mean } from './stats.ts';

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

export function toRow(r: NamedResult & { path: string }, columns: Column[]): RunRow {
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

export function markBest(rows: RunRow[], columns: Column[]): void {
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
export function sortRows(rows: RunRow[], key: string, results: Map<string, ResultFile>): void {
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
