/**
 * One self-contained HTML file: inline CSS and inline SVG charts, no scripts, fonts or network.
 * Every string that came from a result file is escaped.
 */
import type { ResultFile } from '../results/types.ts';
import type { Report } from './report-types.ts';
import { labelRuns } from './rows.ts';
import { renderCharts } from './charts.ts';
import { IMPORTANCE_NOTE, importanceChartId, importanceCharts, importanceGrid, importanceTitle } from './importance-view.ts';
import { showValue } from './config-diff.ts';
import { comparisonNotes, HEAD_SECTION, headlines, methodNote, OUTLIER_SECTION } from './summary.ts';
import { BEST_MARK, comparisonGrid, nullNotes, PARTIAL_MARK, runGrid, sectionGrid, sweepGrids, type Grid } from './table.ts';

export function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

const CSS = `
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:24px auto;max-width:1500px;padding:0 16px;color:#1d1d1f}
h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 8px;border-bottom:1px solid #ddd;padding-bottom:4px}
.scroll{overflow-x:auto}table{border-collapse:collapse;margin:6px 0 8px;font-size:13px;font-variant-numeric:tabular-nums}
th,td{padding:3px 8px;border-bottom:1px solid #eee;white-space:nowrap}th{background:#f6f6f8;text-align:left;font-weight:600}
td.r,th.r{text-align:right}td.best{font-weight:700;background:#eef7ee}td.good{color:#0a7d28;font-weight:600}
td.bad{color:#b3261e}td.dim{color:#888}.sd{font-size:11px;color:#666;font-weight:400}
.headline li{margin:2px 0}.note{color:#555;font-size:13px;margin:4px 0}
.charts{display:flex;flex-wrap:wrap;gap:18px}figure{margin:0;border:1px solid #e4e4e4;border-radius:6px;padding:8px;background:#fff}
code{font:12.5px ui-monospace,SFMono-Regular,Menlo,monospace;background:#f3f3f5;padding:1px 4px;border-radius:3px}
`;

export function renderGridHtml(grid: Grid): string {
  const head = grid.header.map((h, i) => `<th class="${grid.align[i]}">${escapeHtml(h)}</th>`).join('');
  const body = grid.rows
    .map((row) => `<tr>${row.map((c, i) => `<td class="${[grid.align[i], c.style ?? ''].join(' ').trim()}">${cellHtml(c.text)}</td>`).join('')}</tr>`)
    .join('\n');
  return `<div class="scroll"><table><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table></div>`;
}

/** "mean ± std" stacks the std under the mean in a smaller type, so wide run tables fit a screen. */
function cellHtml(text: string): string {
  const m = /^(\S+) ± (\S+)$/.exec(text);
  return m ? `${escapeHtml(m[1])}<br><span class="sd">± ${escapeHtml(m[2])}</span>` : escapeHtml(text);
}

const list = (items: string[], cls = '') => (items.length ? `<ul${cls ? ` class="${cls}"` : ''}>${items.map((i) => `<li>${escapeHtml(i)}</li>`).join('')}</ul>` : '');

export async function renderHtml(report: Report, entries: { path: string; result: ResultFile }[]): Promise<string> {
  const order = new Map(report.runs.map((r, i) => [r.label, i]));
  const runs = labelRuns(entries).sort((a, b) => (order.get(a.label) ?? 0) - (order.get(b.label) ?? 0));
  const charts = [...(await renderCharts(runs)), ...(await importanceCharts(report.importance))];
  const n = report.runs.length;
  const parts: string[] = [];
  parts.push(`<h1>hurdle-lab report</h1><p class="note">${n} run${n === 1 ? '' : 's'}${report.baseline ? `; baseline: <b>${escapeHtml(report.baseline)}</b> (${escapeHtml(report.baselineRule ?? '')})` : ''}</p>`);
  for (const c of report.collapsed) parts.push(`<p class="note">Identical runs shown once: ${escapeHtml(c.kept)} = ${escapeHtml(c.dropped.join(', '))} (same config hash, seed, data and fold metrics).</p>`);
  if (n > 1 && report.baseline) parts.push(`<h2>Answer</h2>${list(headlines(report), 'headline')}`);
  parts.push(`<h2>Runs</h2>${renderGridHtml(runGrid(report))}`);
  parts.push(`<p class="note">${escapeHtml(`${BEST_MARK} best in column (respecting the metric's direction); ${PARTIAL_MARK} some folds without a value; mean ± std over folds.`)}</p>`);
  const nulls = nullNotes(report);
  if (nulls.length) parts.push(`<p class="note">Missing values:</p>${list(nulls, 'note')}`);
  if (report.lacking.length) parts.push(`<p class="note">Older result files:</p>${list(report.lacking, 'note')}`);
  const figure = (c: { id: string; title: string; svg: string }) => `<figure id="chart-${c.id}" aria-label="${escapeHtml(c.title)}">${c.svg}</figure>`;
  for (const [section, columns, chartId] of [[OUTLIER_SECTION, report.outlierColumns, 'sensitivity'], [HEAD_SECTION, report.headColumns, 'reliability']] as const) {
    const grid = sectionGrid(report, columns);
    const chart = charts.find((c) => c.id === chartId);
    if (!grid.rows.length && !chart) continue;
    parts.push(`<h2>${escapeHtml(section.title)}</h2>${grid.rows.length ? renderGridHtml(grid) : ''}<p class="note">${escapeHtml(section.note)}</p>`);
    if (chart) parts.push(`<div class="charts">${figure(chart)}</div>`);
  }
  const otherCharts = charts.filter((c) => c.id !== 'sensitivity' && c.id !== 'reliability');
  for (const s of sweepGrids(report)) {
    parts.push(`<h2>Sweep ${escapeHtml(s.id)}</h2><p class="note">varying: ${escapeHtml(s.varying.join(', ') || '(nothing varies)')}</p>${renderGridHtml(s.grid)}`);
  }
  if (n > 1 && report.baseline) {
    parts.push(`<h2>Compared with ${escapeHtml(report.baseline)}</h2>${renderGridHtml(comparisonGrid(report))}`);
    parts.push(methodNote(report).map((l) => `<p class="note">${escapeHtml(l)}</p>`).join(''));
    parts.push(list(comparisonNotes(report), 'note'));
  }
  for (const r of report.importance) {
    parts.push(`<h2>${escapeHtml(importanceTitle(r))}</h2>${renderGridHtml(importanceGrid(r))}`);
    const chart = charts.find((c) => c.id === importanceChartId(r));
    if (chart) parts.push(`<div class="charts">${figure(chart)}</div>`);
  }
  if (report.importance.length) parts.push(`<p class="note">${escapeHtml(IMPORTANCE_NOTE)}</p>`);
  const restCharts = otherCharts.filter((c) => !c.id.startsWith('importance-'));
  if (restCharts.length) parts.push(`<h2>Charts</h2><div class="charts">${restCharts.map(figure).join('\n')}</div>`);
  if (n > 1 && report.baseline) {
    parts.push(`<h2>Config differences from ${escapeHtml(report.baseline)}</h2>`);
    for (const d of report.configDiff) {
      if (!d.changes.length) {
        parts.push(`<p><b>${escapeHtml(d.run)}</b>: same config (apart from name/description)</p>`);
        continue;
      }
      const grid: Grid = {
        header: ['key', report.baseline, d.run],
        align: ['l', 'l', 'l'],
        rows: d.changes.map((c) => [{ text: c.key }, { text: showValue(c.baseline) }, { text: showValue(c.run) }]),
      };
      parts.push(`<p><b>${escapeHtml(d.run)}</b></p>${renderGridHtml(grid)}`);
    }
  }
  parts.push(`<h2>Reproduce</h2><ul>${report.runs.map((r) => `<li>${escapeHtml(r.label)}: <code>${escapeHtml(r.reproduce)}</code></li>`).join('')}</ul>`);
  if (report.skipped.length) {
    parts.push(`<h2>Skipped files</h2><ul>${report.skipped.map((s) => `<li><code>${escapeHtml(s.path)}</code>: ${escapeHtml(s.reason)}</li>`).join('')}</ul>`);
  }
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>hurdle-lab report</title><style>${CSS}</style></head>
<body>
${parts.join('\n')}
</body></html>
`;
}
