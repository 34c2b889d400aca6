/**
 * Each run against the baseline, per metric: paired (Nadeau–Bengio corrected t-test over the
 * shared folds) when both runs used the same data and the same folds, otherwise an unpaired
 * Welch test marked as such. Holm–Bonferroni across the compared runs (per metric) turns the
 * p-values into a verdict that respects the metric's direction.
 */
import { metricInfo } from '../metrics/catalog.ts';
import type { ResultFile } from '../results/types.ts';
import { correctedPairedTTest, holm, mean, pairedTTest, welchTTest, type TTest } from './stats.ts';

export type Verdict = 'better' | 'worse' | 'no clear difference';

export interface Pairing {
  /** Same data identity and same fold fingerprint: per-fold differences are meaningful. */
  paired: boolean;
  /** Same data identity (sha256 + rows): a verdict is meaningful even if unpaired. */
  sameData: boolean;
  /** Why the runs cannot be paired; null when they can. */
  reason: string | null;
}

export interface MetricComparison {
  run: string;
  baseline: string;
  metric: string;
  label: string;
  higherIsBetter: boolean | null;
  mode: 'paired' | 'unpaired';
  /** Same data identity: false means no verdict (different problems, not different models). */
  sameData: boolean;
  /** Folds (paired) or the smaller side's folds (unpaired) that entered the test. */
  n: number;
  runMean: number | null;
  baselineMean: number | null;
  /** run − baseline. */
  diff: number | null;
  ci: [number, number] | null;
  /** Corrected paired p (paired) or Welch p (unpaired). */
  p: number | null;
  /** Plain paired t-test p, for reference (paired only). */
  pPlain: number | null;
  /** Holm-adjusted `p` within this metric's family of compared runs. */
  pHolm: number | null;
  verdict: Verdict | null;
  /** n_test / n_train used for the correction. */
  testTrainRatio: number | null;
  /** Anything the reader must know: why unpaired, why no verdict, folds left out. */
  notes: string[];
  tests: { corrected: TTest | null; plain: TTest | null; welch: TTest | null };
}

export interface NamedResult {
  label: string;
  result: ResultFile;
}

export function pairing(run: ResultFile, base: ResultFile): Pairing {
  const sameData = run.data.sha256 === base.data.sha256 && run.data.rows === base.data.rows;
  if (!sameData) {
    return { paired: false, sameData, reason: `different data (sha256 ${short(run.data.sha256)}, ${run.data.rows} rows vs ${short(base.data.sha256)}, ${base.data.rows} rows)` };
  }
  if (run.folds.fingerprint !== base.folds.fingerprint) {
    return { paired: false, sameData, reason: `different folds (fingerprint ${short(run.folds.fingerprint)} vs ${short(base.folds.fingerprint)}: k, repeats, stratification or seed differ)` };
  }
  return { paired: true, sameData, reason: null };
}

const short = (s: string) => s.slice(0, 8);

/** Metric values of the folds that finished ('ok') and have a value, by fold index. */
export function foldValues(result: ResultFile, metric: string): Map<number, number> {
  const out = new Map<number, number>();
  for (const f of result.perFold) {
    const v = f.metrics[metric];
    if (f.status === 'ok' && typeof v === 'number' && Number.isFinite(v)) out.set(f.index, v);
  }
  return out;
}

/** n_test / n_train of the folds, from the fold sizes and the data's row count. */
export function testTrainRatio(result: ResultFile): number | null {
  const sizes = result.folds.testSizes;
  if (sizes.length > 0 && result.data.rows > 0) {
    const nTest = mean(sizes);
    return nTest < result.data.rows ? nTest / (result.data.rows - nTest) : null;
  }
  const ok = result.perFold.filter((f) => f.nTrain > 0);
  return ok.length ? mean(ok.map((f) => f.nTest)) / mean(ok.map((f) => f.nTrain)) : null;
}

function compareOne(run: NamedResult, base: NamedResult, metric: string): MetricComparison {
  const info = metricInfo(metric);
  const p = pairing(run.result, base.result);
  const runVals = foldValues(run.result, metric);
  const baseVals = foldValues(base.result, metric);
  const notes: string[] = [];
  const out: MetricComparison = {
    run: run.label, baseline: base.label, metric, label: info?.label ?? metric, higherIsBetter: info?.higherIsBetter ?? null,
    mode: p.paired ? 'paired' : 'unpaired', sameData: p.sameData, n: 0,
    runMean: runVals.size ? mean([...runVals.values()]) : null,
    baselineMean: baseVals.size ? mean([...baseVals.values()]) : null,
    diff: null, ci: null, p: null, pPlain: null, pHolm: null, verdict: null, testTrainRatio: null, notes,
    tests: { corrected: null, plain: null, welch: null },
  };
  if (!p.paired) notes.push(`unpaired: ${p.reason}; Welch t-test instead`);
  if (p.paired) {
    const shared = [...runVals.keys()].filter((i) => baseVals.has(i)).sort((a, b) => a - b);
    const diffs = shared.map((i) => runVals.get(i)! - baseVals.get(i)!);
    const total = Math.max(run.result.perFold.length, base.result.perFold.length);
    if (shared.length > 0 && shared.length < total) notes.push(`${out.label}: ${total - shared.length} of ${total} folds left out (not ok in both runs, or no value)`);
    out.n = shared.length;
    out.testTrainRatio = testTrainRatio(base.result);
    if (shared.length) out.diff = mean(diffs);
    out.tests.corrected = out.testTrainRatio === null ? null : correctedPairedTTest(diffs, out.testTrainRatio);
    out.tests.plain = pairedTTest(diffs);
    const t = out.tests.corrected;
    if (t) {
      out.ci = t.ci;
      out.p = t.p;
    }
    out.pPlain = out.tests.plain?.p ?? null;
  } else {
    const w = welchTTest([...runVals.values()], [...baseVals.values()]);
    out.tests.welch = w;
    out.n = Math.min(runVals.size, baseVals.size);
    if (out.runMean !== null && out.baselineMean !== null) out.diff = out.runMean - out.baselineMean;
    if (w) {
      out.ci = w.ci;
      out.p = w.p;
    }
    if (!p.sameData) notes.push('different data: difference shown, no verdict');
  }
  if (out.p === null) {
    const side = !baseVals.size ? base.label : !runVals.size ? run.label : null;
    notes.push(side ? `${out.label}: not compared, ${side} has no values` : `${out.label}: no test, fewer than 2 usable folds`);
  }
  return out;
}

/** Compare every run with the baseline on each metric; Holm per metric across the runs. */
export function compareRuns(runs: NamedResult[], baseline: NamedResult, metrics: string[], alpha = 0.05): MetricComparison[] {
  const others = runs.filter((r) => r !== baseline);
  const out: MetricComparison[] = [];
  for (const metric of metrics) {
    const family = others.map((r) => compareOne(r, baseline, metric));
    const eligible = family.map((c) => (c.higherIsBetter !== null && c.sameData ? c.p : null));
    const adjusted = holm(eligible);
    family.forEach((c, i) => {
      c.pHolm = adjusted[i];
      if (c.pHolm === null || c.diff === null) return;
      if (c.pHolm >= alpha || c.diff === 0) c.verdict = 'no clear difference';
      else c.verdict = (c.diff > 0) === c.higherIsBetter ? 'better' : 'worse';
    });
    out.push(...family);
  }
  return out;
}
