/** Prose pieces shared by the text renderers: the headline answer and the notes. */
import type { Report } from './report-types.ts';
import { fmtCi, fmtDiff, fmtP } from './format.ts';

/** The headline metric: the first shown metric that has a better direction. */
export function headlineMetric(report: Report): string | null {
  return report.columns.find((c) => c.higherIsBetter !== null)?.metric ?? null;
}

/** One sentence per compared run on the headline metric: which is better, by how much, how sure. */
export function headlines(report: Report): string[] {
  const metric = headlineMetric(report);
  if (!metric || !report.baseline) return [];
  return report.comparisons
    .filter((c) => c.metric === metric)
    .map((c) => {
      const unit = report.columns.find((col) => col.metric === c.metric)?.unit;
      const how = `Δ ${c.label} ${fmtDiff(c.diff, unit)}, 95% CI ${fmtCi(c.ci, unit)}, Holm p ${fmtP(c.pHolm)}`;
      const kind = c.mode === 'paired' ? `paired over ${c.n} folds` : 'UNPAIRED';
      if (!c.sameData) return `${c.run}: not comparable with ${c.baseline} (different data); ${how}.`;
      if (c.verdict === 'better' || c.verdict === 'worse') return `${c.run} is ${c.verdict} than ${c.baseline} (${how}; ${kind}).`;
      if (c.verdict === 'no clear difference') return `${c.run}: no clear difference from ${c.baseline} (${how}; ${kind}).`;
      return `${c.run}: no verdict (${c.notes.join('; ')}).`;
    });
}

/** How to read the comparison table, one sentence per line. */
export function methodNote(report: Report): string[] {
  const ratio = report.comparisons.find((c) => c.testTrainRatio !== null)?.testTrainRatio;
  const others = report.runs.length - 1;
  const tested = report.comparisons.filter((c) => c.pHolm !== null).length;
  return [
    `Δ = run − ${report.baseline} (mean over folds).`,
    `p (corrected): Nadeau–Bengio corrected paired t-test${ratio ? ` (n_test/n_train = ${ratio.toFixed(3)})` : ''}; the 95% CI comes from it.`,
    'p (plain): ordinary paired t-test, overconfident on CV folds; for reference only.',
    `Verdict: Holm–Bonferroni across all ${tested} paired test${tested === 1 ? '' : 's'} (${others} compared run${others === 1 ? '' : 's'} × metrics with a direction) at α = ${report.alpha}, respecting each metric's direction.`,
    'Runs on different folds or different data get the figures only: no test, no verdict.',
    ...report.columns.filter((c) => c.higherIsBetter === null).map((c) => `${c.label} has no better direction (a diagnostic): difference only.`),
  ];
}

/** Notes from the comparisons (pairing, folds left out...), identical ones merged across runs. */
export function comparisonNotes(report: Report): string[] {
  const runsByNote = new Map<string, string[]>();
  for (const c of report.comparisons) {
    for (const n of c.notes) {
      const runs = runsByNote.get(n) ?? [];
      if (!runs.includes(c.run)) runs.push(c.run);
      runsByNote.set(n, runs);
    }
  }
  return [...runsByNote].map(([note, runs]) => `${runs.join(', ')}: ${note}`);
}

/** Title and explanation of the outlier-sensitivity section, shared by every renderer. */
export const OUTLIER_SECTION = {
  title: 'Outlier sensitivity',
  note:
    'Diagnostics, with no direction: never marked best, ranked or given a verdict. Mean over folds of: the 95% row-bootstrap ' +
    "interval of each fold's R²; R² after dropping the fold's 1, 5, 10 largest spenders and its change ΔR²; the share of the " +
    "fold's total sum of squares its top 1% of buyers carry; the share of the squared error the 1 and 10 worst rows carry.",
};

export const HEAD_SECTION = {
  title: 'Two-part heads',
  note:
    'Purchase head: log-loss and Brier (lower is better), AUC (higher); ECE is a diagnostic. Amount head on test buyers: ' +
    'R² on the original scale (higher); R² and RMSE of log amount are diagnostics (they favour the geometric mean).',
};
