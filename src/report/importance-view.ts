/**
 * How permutation importance is shown: one table per run (columns ranked by the drop in R², one
 * "mean [95% CI]" cell per head, so a column that matters for purchase but not for amount stands
 * out), and the HTML bar chart with intervals, one panel per head.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { Chart } from './charts.ts';
import { renderSvg } from './charts.ts';
import { fmtCi, fmtDiff, fmtMs } from './format.ts';
import type { RunImportance } from './importance.ts';
import type { Grid } from './table.ts';

const SHORT: Record<string, string> = { r2: 'ΔR²', auc: 'ΔAUC (purchase)', amountR2: 'Δamount R² (buyers)' };

export function importanceTitle(r: RunImportance): string {
  return `Permutation importance — ${r.run} (${r.folds} folds × ${r.repeats} shuffles per column; added ${fmtMs(r.ms)})`;
}

export function importanceGrid(r: RunImportance): Grid {
  const first = r.heads[0];
  const header = ['#', 'column', ...r.heads.map((h) => `${SHORT[h.head]} mean`), ...r.heads.map((h) => `${SHORT[h.head]} 95% CI`)];
  const align: Grid['align'] = ['r', 'l', ...r.heads.map(() => 'r' as const), ...r.heads.map(() => 'r' as const)];
  const rows = first.columns.map((c, i) => {
    const cells = r.heads.map((h) => h.columns.find((x) => x.column === c.column));
    return [
      { text: String(i + 1) },
      { text: c.column },
      ...cells.map((x) => ({ text: x ? fmtDiff(x.mean) : '—', style: x?.ci && x.ci[0] > 0 ? ('good' as const) : undefined })),
      ...cells.map((x) => ({ text: x ? fmtCi(x.ci) : '—', style: x?.ci && x.ci[0] <= 0 ? ('dim' as const) : undefined })),
    ];
  });
  return { header, align, rows };
}

export const IMPORTANCE_NOTE =
  'Drop = score with the column intact − score with its values shuffled among the test rows (one-hot groups and datetime sin/cos sets move as one column), averaged over the shuffles, then over folds; ranked by the drop in R². 95% CI: Nadeau–Bengio corrected over folds; an interval that includes 0 means no evidence the model uses the column.';

export function importanceSpec(r: RunImportance): TopLevelSpec {
  const panels = r.heads.map((h) => {
    const values = h.columns.map((c) => ({ column: c.column, mean: c.mean, lo: c.ci?.[0] ?? c.mean, hi: c.ci?.[1] ?? c.mean }));
    const y = { field: 'column', type: 'nominal' as const, sort: h.columns.map((c) => c.column), title: null };
    return {
      title: SHORT[h.head],
      width: 220,
      height: Math.max(80, 16 * values.length),
      data: { values },
      layer: [
        { mark: { type: 'bar' as const, color: '#4c78a8' }, encoding: { y, x: { field: 'mean', type: 'quantitative' as const, title: 'mean drop' } } },
        { mark: { type: 'rule' as const, color: 'black' }, encoding: { y, x: { field: 'lo', type: 'quantitative' as const }, x2: { field: 'hi' } } },
      ],
    };
  });
  return { title: { text: `Permutation importance — ${r.run}`, subtitle: 'bars: mean drop over folds; lines: 95% corrected interval' }, hconcat: panels } as TopLevelSpec;
}

export function importanceChartId(r: RunImportance): string {
  return `importance-${r.run.replace(/[^A-Za-z0-9_-]/g, '_')}`;
}

export async function importanceCharts(runs: RunImportance[]): Promise<Chart[]> {
  const out: Chart[] = [];
  for (const r of runs) out.push({ id: importanceChartId(r), title: `Permutation importance — ${r.run}`, svg: await renderSvg(importanceSpec(r)) });
  return out;
}
