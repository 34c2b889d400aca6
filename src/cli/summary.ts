/** The end-of-run summary `npm run exp` and `npm run score` print: every score with its spread, then the diagnostics. */
import { rowsUsedLine } from '../data/describe.ts';
import { METRICS } from '../metrics/catalog.ts';
import { formatNumber, TARGET_UNITS } from '../numbers.ts';
import type { ResultFile } from '../results/types.ts';
import { shownPath } from '../run/experiment.ts';

/** The diagnostics the end-of-run summary shows (the report has them all). */
const SUMMARY_DIAGNOSTICS = ['r2BootLow', 'r2BootHigh', 'r2DropTop1', 'r2DropTop5', 'r2DropTop10', 'topBuyersSstShare', 'ece'];

export function summaryLines(result: ResultFile, file: string | null): string[] {
  const lines = [`${result.name} (${result.config.model.type}, ${result.folds.k}-fold × ${result.folds.repeats}, seed ${result.config.seed}, backend ${result.environment.backend}):`];
  lines.push(`  data: ${rowsUsedLine(result.data, result.config.data.maxRows, shownPath(result.data.path))}`);
  const unit = result.config.data.targetUnit;
  // Scores and part-wise scores first; the diagnostics under their own heading, without a direction.
  const shown = METRICS.filter((m) => m.direction !== 'none' || m.reference);
  const diagnostics = METRICS.filter((m) => m.direction === 'none' && !m.reference && SUMMARY_DIAGNOSTICS.includes(m.name));
  const rowsOf = (group: typeof METRICS) => group.flatMap((m) => {
    const s = result.summary[m.name];
    if (!s || s.mean === null) return [];
    const u = m.targetScale ? unit : null;
    const std = s.std === null ? '' : ` ± ${formatNumber(s.std, { unit: u })}`;
    const range = `[min ${formatNumber(s.min, { unit: u })}, max ${formatNumber(s.max, { unit: u })}]`;
    return [[m.name + (u ? ` (${TARGET_UNITS[u].label})` : ''), `${formatNumber(s.mean, { unit: u })}${std}`, range + (s.nullFolds ? `  (${s.nullFolds} folds null)` : '')]];
  });
  const groups = [rowsOf(shown), rowsOf(diagnostics)];
  const w0 = Math.max(0, ...groups.flat().map((r) => r[0].length));
  const w1 = Math.max(0, ...groups.flat().map((r) => r[1].length));
  for (const [i, rows] of groups.entries()) {
    if (i === 1 && rows.length) lines.push('  outlier sensitivity (diagnostics, no direction):');
    for (const [name, value, range] of rows) lines.push(`  ${name.padEnd(w0)}  ${value.padEnd(w1)}  ${range}`);
  }
  const imp = result.perFold.flatMap((f) => (f.importance ? [f.importance] : []));
  if (imp.length) {
    const ms = imp.reduce((a, f) => a + f.ms, 0);
    lines.push(`  importance    ${Object.keys(imp[0].columns).length} columns × ${imp[0].repeats} shuffles on ${imp.length} folds added ${formatNumber(ms / 1000)} s (${((100 * ms) / result.timings.totalMs).toFixed(0)}% of the run); npm run report shows the ranking`);
  }
  const bad = result.perFold.filter((f) => f.status !== 'ok');
  for (const f of bad) lines.push(`  fold ${f.index}: ${f.status} — ${f.reason ?? ''}`);
  if (file) lines.push(`wrote ${shownPath(file)}`);
  if (result.savedModel) lines.push(`saved model (refitted on all rows) to ${shownPath(result.savedModel.dir)}`);
  return lines;
}
