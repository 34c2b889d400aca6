/** The terminal report: aligned tables, colour only when asked (TTY and no NO_COLOR). */
import type { Report } from './report-types.ts';
import { IMPORTANCE_NOTE, importanceGrid, importanceTitle } from './importance-view.ts';
import { showValue } from './config-diff.ts';
import { TARGET_UNITS } from '../numbers.ts';
import { MISSING } from './format.ts';
import { comparisonNotes, HEAD_SECTION, headlines, methodNote, OUTLIER_SECTION } from './summary.ts';
import { fitGrid, wrapCommand, wrapLine } from './fit.ts';
import { BEST_MARK, comparisonGrid, nullNotes, PARTIAL_MARK, runGrid, sectionGrid, sweepGrids, type CellStyle, type Grid } from './table.ts';

const ANSI: Record<Exclude<CellStyle, undefined>, [string, string]> = {
  best: ['\x1b[1m', '\x1b[22m'],
  good: ['\x1b[32m', '\x1b[39m'],
  bad: ['\x1b[31m', '\x1b[39m'],
  dim: ['\x1b[2m', '\x1b[22m'],
};

const width = (s: string) => [...s].length;

export function renderGridText(grid: Grid, colour: boolean): string {
  const widths = grid.header.map((h, i) => Math.max(width(h), ...grid.rows.map((r) => width(r[i].text))));
  const pad = (s: string, i: number) => {
    const fill = ' '.repeat(widths[i] - width(s));
    return grid.align[i] === 'r' ? fill + s : s + fill;
  };
  const lines = [grid.header.map(pad).join('  ').trimEnd(), widths.map((w) => '─'.repeat(w)).join('  ')];
  for (const row of grid.rows) {
    // Pad first, colour after: escape codes must not count towards the width.
    const cells = row.map((c, i) => (colour && c.style ? ANSI[c.style][0] + pad(c.text, i) + ANSI[c.style][1] : pad(c.text, i)));
    lines.push(cells.join('  ').trimEnd());
  }
  return lines.join('\n');
}

/** Columns when the output is not a terminal (a pipe, a file, CI logs). */
export const DEFAULT_WIDTH = 100;

export interface TerminalOptions {
  colour: boolean;
  /** Terminal width in columns (default 100); every table and line is fitted to it. */
  width?: number;
  /** Everything on one line per row, however wide (`--wide`). */
  wide?: boolean;
}

export function renderTerminal(report: Report, opts: TerminalOptions): string {
  const { colour } = opts;
  const cols = opts.wide ? Infinity : Math.max(40, opts.width ?? DEFAULT_WIDTH);
  const bold = (s: string) => (colour ? `\x1b[1m${s}\x1b[22m` : s);
  const out: string[] = [];
  // Tables and commands are fitted as they are made; every other line is prose and wraps at spaces.
  const fitted = new Set<string>();
  const keep = (text: string) => {
    fitted.add(text);
    return text;
  };
  const table = (grid: Grid, keyColumns: number, transpose = false) =>
    keep(fitGrid(grid, (g) => renderGridText(g, colour), { width: cols, keyColumns, transpose }));
  const n = report.runs.length;
  out.push(bold(`hurdle-lab report — ${n} run${n === 1 ? '' : 's'}${report.baseline ? `, baseline: ${report.baseline}` : ''}`));
  if (report.baseline && n > 1) out.push(`Baseline: ${report.baselineRule}; choose another with --baseline NAME.`);
  for (const c of report.collapsed) out.push(`Identical runs shown once: ${c.kept} = ${c.dropped.join(', ')} (same config hash, seed, data and fold metrics).`);
  out.push('');
  // Unreadable files first: a reader who misses them would compare fewer runs than they think.
  if (report.skipped.length) {
    out.push(bold(`Skipped ${report.skipped.length} file${report.skipped.length === 1 ? '' : 's'} (not in this report)`));
    for (const s of report.skipped) out.push(`  ${s.path}: ${s.reason}`);
    out.push('');
  }
  out.push(table(runGrid(report), 1, true));
  out.push(`${BEST_MARK} best in column (scores only; diagnostics have no direction) · ${PARTIAL_MARK} some folds without a value · ${MISSING} not recorded or not applicable · mean ± std over folds`);
  const described = report.runs.filter((r) => r.description.trim());
  if (described.length) out.push('', ...described.map((r) => `${r.label}: ${r.description.trim()}`));
  if (report.targetUnit && report.columns.some((c) => c.unit)) out.push(`Target-scale values (${report.columns.filter((c) => c.unit).map((c) => c.label.replace(/ \(.*\)$/, '')).join(', ')}) in ${TARGET_UNITS[report.targetUnit].label}: ${TARGET_UNITS[report.targetUnit].note} (data.targetUnit).`);
  const nulls = nullNotes(report);
  if (nulls.length) out.push('', 'Missing values:', ...nulls.map((l) => `  ${l}`));
  if (report.lacking.length) out.push('', 'Older result files:', ...report.lacking.map((l) => `  ${l}`));
  for (const [section, columns] of [[OUTLIER_SECTION, report.outlierColumns], [HEAD_SECTION, report.headColumns]] as const) {
    const grid = sectionGrid(report, columns);
    if (!grid.rows.length) continue;
    out.push('', bold(section.title), table(grid, 1), section.note);
  }

  for (const s of sweepGrids(report)) {
    out.push('', bold(`Sweep ${s.id}`) + ` — varying: ${s.varying.join(', ') || '(nothing varies)'}`);
    out.push(table(s.grid, 2));
  }

  if (n > 1 && report.baseline) {
    out.push('', bold(`Compared with ${report.baseline}`));
    for (const h of headlines(report)) out.push(`  ${h}`);
    out.push('', table(comparisonGrid(report), 2));
    out.push(...methodNote(report));
    const notes = comparisonNotes(report);
    if (notes.length) out.push('Notes:', ...notes.map((l) => `  ${l}`));

    out.push('', bold(`Config differences from ${report.baseline}`));
    for (const d of report.configDiff) {
      if (!d.changes.length) {
        out.push(`  ${d.run}: same config (apart from name/description)`);
        continue;
      }
      out.push(`  ${d.run}:`);
      const w = Math.max(...d.changes.map((c) => width(c.key)));
      for (const c of d.changes) out.push(`    ${c.key.padEnd(w)}  ${showValue(c.baseline)} → ${showValue(c.run)}`);
    }
  } else if (n === 1) {
    out.push('', 'One run: nothing to compare. Pass more result files to compare them.');
  }

  for (const r of report.importance) out.push('', bold(importanceTitle(r)), table(importanceGrid(r), 1));
  if (report.importance.length) out.push(IMPORTANCE_NOTE);

  out.push('', bold('Reproduce'));
  for (const r of report.runs) out.push(`  ${r.label}:`, keep(wrapCommand(`    ${r.reproduce}`, cols)));
  // Prose (notes, headlines, config differences) wraps at spaces; tables and commands are already fitted.
  return out.map((block) => (fitted.has(block) ? block : block.split('\n').map((line) => wrapLine(line, cols)).join('\n'))).join('\n') + '\n';
}
