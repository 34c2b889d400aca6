/** The report as GitHub-flavoured Markdown (for PR comments and notebooks). */
import type { Report } from './report-types.ts';
import { IMPORTANCE_NOTE, importanceGrid, importanceTitle } from './importance-view.ts';
import { showValue } from './config-diff.ts';
import { comparisonNotes, HEAD_SECTION, headlines, methodNote, OUTLIER_SECTION } from './summary.ts';
import { BEST_MARK, comparisonGrid, nullNotes, PARTIAL_MARK, runGrid, sectionGrid, sweepGrids, type Grid } from './table.ts';

/** Backslash and pipe would break a table cell; backticks and brackets would start formatting. */
export function mdEscape(s: string): string {
  return s.replace(/([\\|`*_[\]<>])/g, '\\$1').replace(/\n/g, ' ');
}

export function renderGridMarkdown(grid: Grid): string {
  const lines = [
    `| ${grid.header.map(mdEscape).join(' | ')} |`,
    `| ${grid.align.map((a) => (a === 'r' ? '---:' : ':---')).join(' | ')} |`,
  ];
  for (const row of grid.rows) {
    lines.push(`| ${row.map((c) => (c.style === 'best' ? `**${mdEscape(c.text)}**` : mdEscape(c.text))).join(' | ')} |`);
  }
  return lines.join('\n');
}

export function renderMarkdown(report: Report): string {
  const out: string[] = ['# hurdle-lab report', ''];
  const n = report.runs.length;
  out.push(`${n} run${n === 1 ? '' : 's'}${report.baseline ? `; baseline: **${mdEscape(report.baseline)}** (${mdEscape(report.baselineRule ?? '')})` : ''}.`, '');
  for (const c of report.collapsed) out.push(`Identical runs shown once: ${mdEscape(c.kept)} = ${mdEscape(c.dropped.join(', '))}.`, '');
  out.push('## Runs', '', renderGridMarkdown(runGrid(report)), '');
  out.push(`${mdEscape(BEST_MARK)} best in column (respecting the metric's direction); ${PARTIAL_MARK} some folds without a value; mean ± std over folds.`, '');
  const nulls = nullNotes(report);
  if (nulls.length) out.push('Missing values:', '', ...nulls.map((l) => `- ${mdEscape(l)}`), '');
  if (report.lacking.length) out.push('Older result files:', '', ...report.lacking.map((l) => `- ${mdEscape(l)}`), '');
  for (const [section, columns] of [[OUTLIER_SECTION, report.outlierColumns], [HEAD_SECTION, report.headColumns]] as const) {
    const grid = sectionGrid(report, columns);
    if (grid.rows.length) out.push(`## ${section.title}`, '', renderGridMarkdown(grid), '', mdEscape(section.note), '');
  }
  for (const s of sweepGrids(report)) {
    out.push(`## Sweep ${mdEscape(s.id)}`, '', `Varying: ${s.varying.map((k) => `\`${k}\``).join(', ') || '(nothing varies)'}`, '', renderGridMarkdown(s.grid), '');
  }
  if (n > 1 && report.baseline) {
    out.push(`## Compared with ${mdEscape(report.baseline)}`, '');
    for (const h of headlines(report)) out.push(`- ${mdEscape(h)}`);
    out.push('', renderGridMarkdown(comparisonGrid(report)), '', mdEscape(methodNote(report).join(' ')), '');
    const notes = comparisonNotes(report);
    if (notes.length) out.push(...notes.map((l) => `- ${mdEscape(l)}`), '');
    out.push('## Config differences', '');
    for (const d of report.configDiff) {
      out.push(`**${mdEscape(d.run)}**${d.changes.length ? '' : ': same config (apart from name/description)'}`, '');
      if (d.changes.length) {
        out.push(`| key | ${mdEscape(report.baseline)} | ${mdEscape(d.run)} |`, '| :--- | :--- | :--- |');
        for (const c of d.changes) out.push(`| \`${c.key}\` | ${mdEscape(showValue(c.baseline))} | ${mdEscape(showValue(c.run))} |`);
        out.push('');
      }
    }
  }
  for (const r of report.importance) out.push(`## ${mdEscape(importanceTitle(r))}`, '', renderGridMarkdown(importanceGrid(r)), '');
  if (report.importance.length) out.push(mdEscape(IMPORTANCE_NOTE), '');
  out.push('## Reproduce', '');
  for (const r of report.runs) out.push(`- ${mdEscape(r.label)}: \`${r.reproduce.replace(/`/g, "'")}\``);
  if (report.skipped.length) {
    out.push('', '## Skipped files', '');
    for (const s of report.skipped) out.push(`- \`${s.path}\`: ${mdEscape(s.reason)}`);
  }
  return out.join('\n') + '\n';
}
