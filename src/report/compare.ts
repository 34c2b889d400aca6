/**
 * Each run against the baseline, per metric. A verdict only where the test is valid:
 *  - paired: same data identity and same folds. Nadeau–Bengio corrected t-test over the shared
 *    folds (folds overlap in training rows, so the plain paired test is overconfident);
 *  - not paired (different folds or different data): the figures only, with a note. An unpaired
 *    test across CV folds (Welch) ignores the overlap and is overconfident, so none is run;
 *  - only metrics with a direction get a p-value's verdict: diagnostics show the difference only;
 *  - Holm–Bonferroni over one family: every (run, directional metric) pair that has a test;
 *  - under MIN_POWERED_FOLDS paired folds the test has little power, and the note says so.
 */
import { higherIsBetter, metricInfo } from '../metrics/catalog.ts';
import type { ResultFile } from '../results/types.ts';
import { correctedPairedTTest, holm, mean, pairedTTest, type TTest } from './stats.ts';

export type Verdict = 'better' | 'worse' | 'no clear difference';

/** Fewer paired folds than this: the report warns that the test has little power. */
export const MIN_POWERED_FOLDS = 10;

export interface Pairing {
  /** Same data identity and same fold fingerprint: per-fold differences are meaningful. */
  paired: boolean;
  /** Same data identity (sha256 + rows). */
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
  /** 'unpaired': figures only, never a test or a verdict. */
  mode: 'paired' | 'unpaired';
  sameData: boolean;
  /** Paired folds that entered the test (unpaired: 0). */
  n: number;
  runMean: number | null;
  baselineMean: number | null;
  /** run − baseline. */
  diff: number | null;
  ci: [number, number] | null;
  /** Corrected paired p (paired only). */
  p: number | null;
  /** Plain paired t-test p, for reference (paired only). */
  pPlain: number | null;
  /** Holm-adjusted `p` over every (run, directional metric) compared. */
  pHolm: number | null;
  verdict: Verdict | null;
  /** n_test / n_train used for the correction. */
  testTrainRatio: number | null;
  /** Anything the reader must know: why not paired, why no verdict, folds left out, low power. */
  notes: string[];
  tests: { corrected: TTest | null; plain: TTest | null };
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
    run: run.label, baseline: base.label, metric, label: info?.label ?? metric, higherIsBetter: info ? higherIsBetter(info.direction) : null,
    mode: p.paired ? 'paired' : 'unpaired', sameData: p.sameData, n: 0,
    runMean: runVals.size ? mean([...runVals.values()]) : null,
    baselineMean: baseVals.size ? mean([...baseVals.values()]) : null,
    diff: null, ci: null, p: null, pPlain: null, pHolm: null, verdict: null, testTrainRatio: null, notes,
    tests: { corrected: null, plain: null },
  };
  if (!p.paired) {
    if (out.runMean !== null && out.baselineMean !== null) out.diff = out.runMean - out.baselineMean;
    const fix = p.sameData
      ? 'run both with the same seed and cv settings (k, repeats, stratify) to pair them'
      : 'compare runs on the same data';
    notes.push(`not paired: ${p.reason}; figures only, no test and no verdict (an unpaired test across CV folds is overconfident); ${fix}`);
    return out;
  }
  const shared = [...runVals.keys()].filter((i) => baseVals.has(i)).sort((a, b) => a - b);
  const diffs = shared.map((i) => runVals.get(i)! - baseVals.get(i)!);
  const total = Math.max(run.result.perFold.length, base.result.perFold.length);
  if (shared.length > 0 && shared.length < total) notes.push(`${out.label}: ${total - shared.length} of ${total} folds left out (not ok in both runs, or no value)`);
  out.n = shared.length;
  out.testTrainRatio = testTrainRatio(base.result);
  if (shared.length) out.diff = mean(diffs);
  out.tests.corrected = out.testTrainRatio === null ? null : correctedPairedTTest(diffs, out.testTrainRatio);
  out.tests.plain = pairedTTest(diffs);
  if (out.tests.corrected) {
    out.ci = out.tests.corrected.ci;
    out.p = out.tests.corrected.p;
  }
  out.pPlain = out.tests.plain?.p ?? null;
  if (out.p === null) {
    const side = !baseVals.size ? base.label : !runVals.size ? run.label : null;
    notes.push(side ? `${out.label}: not compared, ${side} has no values` : `${out.label}: no test, fewer than 2 usable folds`);
  } else if (out.higherIsBetter !== null && shared.length < MIN_POWERED_FOLDS) {
    notes.push(
      `only ${shared.length} paired folds: the test has little power, so "no clear difference" is weak evidence; ` +
        `set cv.repeats (e.g. --set cv.repeats=${Math.ceil(MIN_POWERED_FOLDS / Math.max(1, run.result.folds.k))}) for at least ${MIN_POWERED_FOLDS}`,
    );
  }
  return out;
}

/**
 * Compare every run with the baseline on each metric. Holm runs once over the whole family of
 * (run, metric) pairs with a direction and a test, so adding metrics costs power, as it should.
 */
export function compareRuns(runs: NamedResult[], baseline: NamedResult, metrics: string[], alpha = 0.05): MetricComparison[] {
  const others = runs.filter((r) => r !== baseline);
  const out = metrics.flatMap((metric) => others.map((r) => compareOne(r, baseline, metric)));
  const adjusted = holm(out.map((c) => (c.higherIsBetter !== null && c.mode === 'paired' ? c.p : null)));
  out.forEach((c, i) => {
    c.pHolm = adjusted[i];
    if (c.pHolm === null || c.diff === null) return;
    if (c.pHolm >= alpha || c.diff === 0) c.verdict = 'no clear difference';
    else c.verdict = (c.diff > 0) === c.higherIsBetter ? 'better' : 'worse';
  });
  // Metric-major order, as the tables show it.
  return out;
}
