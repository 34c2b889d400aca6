/**
 * The report's tables as grids of plain strings with a style per cell. Terminal, Markdown and
 * HTML renderers all draw the same grids, so they never disagree about what is best.
 */
import { metricInfo } from '../metrics/catalog.ts';
import type { Column, Report, RunRow } from './report-types.ts';
import { fmtCi, fmtDiff, fmtMeanStd, fmtMs, fmtP, MISSING } from './format.ts';

export type CellStyle = 'best' | 'good' | 'bad' | 'dim' | undefined;
export interface GridCell {
  text: string;
  style?: CellStyle;
}
export interface Grid {
  header: string[];
  align: ('l' | 'r')[];
  rows: GridCell[][];
  /** Columns a narrow terminal may hide (named in a note; `--wide` shows them). */
  droppable?: number[];
}

/** Marker appended to the best value in a column (also when there is no colour). */
export const BEST_MARK = '*';
/** Marker for a value that exists but some folds had none. */
export const PARTIAL_MARK = '†';

export function runGrid(report: Report): Grid {
  const header = ['run', 'model', 'backend', 'folds', 'status', ...report.columns.map((c) => c.label), 'fit / fold'];
  const align: ('l' | 'r')[] = ['l', 'l', 'l', 'r', 'l', ...report.columns.map(() => 'r' as const), 'r'];
  const rows = report.runs.map((r) => {
    const metricCells = report.columns.map((c) => metricCell(r, c));
    const folds = r.folds.ok === r.folds.total ? `${r.folds.k}×${r.folds.repeats}` : `${r.folds.ok}/${r.folds.total} ok`;
    const baseMark = r.label === report.baseline ? ' (baseline)' : '';
    return [
      { text: r.label + baseMark },
      { text: r.modelType },
      { text: r.backend },
      { text: folds, style: r.folds.ok < r.folds.total ? 'bad' : undefined },
      { text: r.status, style: r.status === 'complete' ? undefined : 'bad' },
      ...metricCells,
      { text: fmtMs(r.fitMsPerFold.mean) + (r.fitMsPerFold.best ? BEST_MARK : ''), style: r.fitMsPerFold.best ? 'best' : undefined },
    ] as GridCell[];
  });
  return { header, align, rows };
}

/** The display unit of a metric's values in this report (target-scale metrics only). */
export const unitOf = (report: Report, metric: string) => report.columns.find((c) => c.metric === metric)?.unit;

function metricCell(r: RunRow, c: Column): GridCell {
  const cell = r.cells[c.metric];
  let text = fmtMeanStd(cell.mean, cell.std, c.unit);
  if (cell.mean !== null && cell.nullFolds > 0) text += PARTIAL_MARK;
  if (cell.best) text += BEST_MARK;
  return { text, style: cell.best ? 'best' : cell.mean === null ? 'dim' : undefined };
}

/**
 * A section's table (outlier sensitivity, two-part heads): one row per run, the section's metrics
 * as columns. Diagnostics are never marked best (build.ts marks only metrics with a direction).
 */
export function sectionGrid(report: Report, columns: readonly Column[]): Grid {
  const header = ['run', ...columns.map((c) => c.label)];
  const align: ('l' | 'r')[] = ['l', ...columns.map(() => 'r' as const)];
  const rows = report.runs
    .filter((r) => columns.some((c) => r.cells[c.metric].mean !== null))
    .map((r): GridCell[] => [{ text: r.label }, ...columns.map((c) => metricCell(r, c))]);
  return { header, align, rows };
}

export function comparisonGrid(report: Report): Grid {
  const header = ['run', 'metric', 'Δ mean', '95% CI', 'p (corrected)', 'p (plain)', 'p (Holm)', 'verdict', 'test'];
  const align: ('l' | 'r')[] = ['l', 'l', 'r', 'r', 'r', 'r', 'r', 'l', 'l'];
  // Rows with nothing to show (metric absent on a side) are explained in the notes instead.
  const rows = report.comparisons.filter((c) => c.diff !== null || c.p !== null).map((c): GridCell[] => [
    { text: c.run },
    { text: c.label },
    { text: fmtDiff(c.diff, unitOf(report, c.metric)) },
    { text: fmtCi(c.ci, unitOf(report, c.metric)) },
    { text: fmtP(c.p) },
    { text: fmtP(c.pPlain), style: 'dim' },
    { text: fmtP(c.pHolm) },
    { text: c.verdict ?? MISSING, style: c.verdict === 'better' ? 'good' : c.verdict === 'worse' ? 'bad' : 'dim' },
    { text: c.mode === 'paired' ? `paired, n=${c.n}` : 'not paired: figures only', style: c.mode === 'paired' ? undefined : 'bad' },
  ]);
  return { header, align, rows, droppable: [header.indexOf('p (plain)')] };
}

/**
 * Metric cells shown as "—" or with a † mark, with the reasons, for the notes under the table.
 * Identical explanations are merged (one line for "AUC absent in every one-part model", one line
 * for "fold 3 diverged" across all of a run's metrics).
 */
export function nullNotes(report: Report, columns: readonly Column[] = report.columns): string[] {
  const byRun = new Map<string, { run: string; how: string; why: string; metrics: string[] }>();
  for (const r of report.runs) {
    for (const c of columns) {
      const cell = r.cells[c.metric];
      if (cell.nullFolds === 0 && cell.mean !== null) continue;
      // An optional metric the run never records (AUC of a one-part model) is not missing: it does not apply.
      if (cell.notRecorded && metricInfo(c.metric)?.optional) continue;
      const how = cell.mean === null ? `${MISSING} (no fold has a value)` : `${PARTIAL_MARK} ${cell.nullFolds} fold(s) without a value`;
      const why = cell.nullReasons.join('; ') || 'no reason recorded';
      const key = JSON.stringify([r.label, how, why]);
      const g = byRun.get(key) ?? { run: r.label, how, why, metrics: [] };
      g.metrics.push(c.label);
      byRun.set(key, g);
    }
  }
  const byMetrics = new Map<string, { runs: string[]; metrics: string[]; how: string; why: string }>();
  for (const g of byRun.values()) {
    const key = JSON.stringify([g.metrics, g.how, g.why]);
    const m = byMetrics.get(key) ?? { runs: [], metrics: g.metrics, how: g.how, why: g.why };
    m.runs.push(g.run);
    byMetrics.set(key, m);
  }
  return [...byMetrics.values()].map((m) => `${m.runs.join(', ')} · ${m.metrics.join(', ')}: ${m.how}: ${m.why}`);
}

/**
 * Sweep members ranked by the first shown score's mean (respecting its direction), with the varying
 * keys as columns. Never by a diagnostic or the oracle's R²: those do not pick a best point.
 */
export function sweepGrids(report: Report): { id: string; varying: string[]; grid: Grid }[] {
  const first = report.columns.find((c) => c.higherIsBetter !== null && !metricInfo(c.metric)?.reference);
  const higher = first ? metricInfo(first.metric)?.direction !== 'lower' : true;
  return report.sweeps.map((s) => {
    const header = ['rank', 'run', ...s.varying, ...(first ? [first.label] : [])];
    const scored = s.members.map((m) => {
      const row = report.runs.find((r) => r.label === m.label);
      const v = first && row ? row.cells[first.metric] : null;
      return { m, v, key: v?.mean ?? null };
    });
    // Unscored members (no value) sink to the bottom; ties keep the sweep's own order.
    const order = [...scored].sort((a, b) => (a.key === null ? 1 : b.key === null ? -1 : higher ? b.key - a.key : a.key - b.key));
    const rows = order.map(({ m, v, key }, i): GridCell[] => [
      { text: key === null ? MISSING : String(i + 1) },
      { text: m.label },
      ...s.varying.map((k) => ({ text: m.point[k] === undefined ? MISSING : JSON.stringify(m.point[k]) })),
      ...(first ? [{ text: v ? fmtMeanStd(v.mean, v.std, first.unit) : MISSING, style: v?.best ? ('best' as const) : undefined }] : []),
    ]);
    return { id: s.id, varying: s.varying, grid: { header, align: header.map((_, i) => (i <= 1 ? 'l' : 'r')), rows } };
  });
}
