/**
 * Across-fold summary of each metric: mean, sample standard deviation (n − 1, as pandas' std and
 * the usual "± std over folds"; null with fewer than 2 values), min and max over the folds that
 * have a value.
 *
 * Accounting, so nothing drops out silently: for every metric, n + nullFolds = number of folds.
 *  - A fold with status 'ok' and a value counts in n.
 *  - A fold with status 'ok' and null counts in nullFolds; its note is the reason.
 *  - A 'diverged' fold has no usable metrics: it counts in nullFolds for EVERY
 *    metric, with the reason "diverged: <reason>" / "failed: <reason>", even if it recorded
 *    values (a diverged fold's numbers are not comparable with the others).
 * nullReasons are distinct reasons, each followed by the fold indices it covers, e.g.
 * "diverged: loss became NaN at epoch 4 (folds 3, 7)" or "the test fold has no buyers, so AUC
 * is undefined (fold 2)", in order of first appearance.
 *
 * Which metrics: every non-optional catalog metric (so an all-failed run still says r2: n = 0),
 * plus any other metric some fold recorded; catalog order first, then the rest by name.
 */
import type { FoldResult, MetricSummary } from '../results/types.ts';
import { METRICS } from './catalog.ts';

export function summarizeFolds(perFold: readonly FoldResult[]): Record<string, MetricSummary> {
  const recorded = new Set<string>();
  for (const f of perFold) for (const k of Object.keys(f.metrics)) recorded.add(k);
  const names = METRICS.filter((m) => !m.optional || recorded.has(m.name)).map((m) => m.name);
  for (const k of [...recorded].sort()) if (!names.includes(k)) names.push(k);

  const out: Record<string, MetricSummary> = {};
  for (const name of names) out[name] = summarizeMetric(name, perFold);
  return out;
}

function summarizeMetric(name: string, perFold: readonly FoldResult[]): MetricSummary {
  const values: number[] = [];
  const reasons = new Map<string, number[]>();
  const addReason = (reason: string, index: number): void => {
    const list = reasons.get(reason);
    if (list) list.push(index);
    else reasons.set(reason, [index]);
  };
  for (const f of perFold) {
    if (f.status !== 'ok') {
      addReason(`${f.status}: ${f.reason ?? 'no reason recorded'}`, f.index);
      continue;
    }
    const v = f.metrics[name];
    if (typeof v === 'number' && Number.isFinite(v)) values.push(v);
    else if (v === undefined) addReason('not computed on this fold', f.index);
    else addReason(f.notes[name] ?? 'null, no reason recorded', f.index);
  }
  const n = values.length;
  const mean = n ? values.reduce((a, b) => a + b, 0) / n : null;
  let std: number | null = null;
  if (n >= 2 && mean !== null) {
    let ss = 0;
    for (const v of values) ss += (v - mean) ** 2;
    std = Math.sqrt(ss / (n - 1));
  }
  const nullReasons = [...reasons].map(([reason, folds]) => `${reason} (fold${folds.length === 1 ? '' : 's'} ${folds.join(', ')})`);
  return {
    mean,
    std,
    min: n ? Math.min(...values) : null,
    max: n ? Math.max(...values) : null,
    n,
    nullFolds: perFold.length - n,
    nullReasons,
  };
}
