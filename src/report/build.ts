/**
 * The computed report: everything the renderers (terminal, Markdown, JSON, HTML) show, as plain
 * data (report-types.ts). Rendering never computes statistics; it only formats this.
 */
import { registryMiss } from '../errors.ts';
import { collapseIdentical, defaultBaseline } from './dedupe.ts';
import { withUnit } from '../numbers.ts';
import { metricInfo } from '../metrics/catalog.ts';
import type { ResultFile } from '../results/types.ts';
import { HEAD_METRICS, OUTLIER_METRICS, pickColumns, toColumns } from './columns.ts';
import { compareRuns, type NamedResult } from './compare.ts';
import { diffConfigs } from './config-diff.ts';
import { groupSweeps } from './sweeps.ts';
import { reportImportance } from './importance.ts';
import type { Report, ReportOptions } from './report-types.ts';
import { labelRuns, markBest, sortRows, toRow } from './rows.ts';

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
