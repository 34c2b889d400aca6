/**
 * The charts of the report's sections: R² against the number of top spenders removed, with its
 * bootstrap band (outlier sensitivity), and the purchase head's reliability diagram (two-part
 * heads). Data are plain functions of the result files, like charts.ts.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { NamedResult } from './compare.ts';
import { mean } from './stats.ts';

export interface CurvePoint {
  run: string;
  removed: number;
  /** Mean over folds of R² with the top `removed` spenders removed. */
  r2: number;
  /** Mean over folds of each fold's bootstrap 2.5% / 97.5% bound. */
  low: number | null;
  high: number | null;
  folds: number;
}

/** Per run and number removed, the mean over the finished folds that recorded a curve. */
export function curvePoints(runs: NamedResult[]): CurvePoint[] {
  const out: CurvePoint[] = [];
  for (const { label, result } of runs) {
    const curves = result.perFold.filter((f) => f.status === 'ok' && f.sensitivity).map((f) => f.sensitivity!);
    if (!curves.length) continue;
    for (const removed of curves[0].removed) {
      const at = curves.map((c) => c.removed.indexOf(removed)).map((i, ci) => (i < 0 ? null : { c: curves[ci], i }));
      const r2 = at.flatMap((a) => (a && a.c.r2[a.i] !== null ? [a.c.r2[a.i]!] : []));
      if (!r2.length) continue;
      const lows = at.flatMap((a) => (a && a.c.low[a.i] !== null ? [a.c.low[a.i]!] : []));
      const highs = at.flatMap((a) => (a && a.c.high[a.i] !== null ? [a.c.high[a.i]!] : []));
      // A band only when every fold that has the point has its interval: otherwise it would mix folds.
      const full = lows.length === r2.length && highs.length === r2.length;
      out.push({ run: label, removed, r2: mean(r2), low: full ? mean(lows) : null, high: full ? mean(highs) : null, folds: r2.length });
    }
  }
  return out;
}

const colour = (labels: string[]) => ({ field: 'run', type: 'nominal' as const, title: 'run', scale: { domain: labels } });

export function curveSpec(points: CurvePoint[], labels: string[]): TopLevelSpec {
  const x = { field: 'removed', type: 'quantitative' as const, title: 'top spenders removed from each test fold' };
  const y = { field: 'r2', type: 'quantitative' as const, title: 'R² (mean over folds)', scale: { zero: false } };
  return {
    title: { text: 'R² vs top spenders removed', subtitle: 'band: mean of the folds’ row-bootstrap 95% intervals; a diagnostic, not a ranking' },
    width: 360,
    height: 280,
    layer: [
      {
        data: { values: points.filter((p) => p.low !== null && p.high !== null) },
        mark: { type: 'area', opacity: 0.18 },
        encoding: { x, y: { field: 'low', type: 'quantitative', title: 'R² (mean over folds)' }, y2: { field: 'high' }, color: { ...colour(labels), legend: null } },
      },
      { data: { values: points }, mark: { type: 'line', point: true }, encoding: { x, y, color: colour(labels) } },
    ],
  };
}

export interface ReliabilityPoint {
  run: string;
  bin: number;
  meanPredicted: number;
  observedRate: number;
}

/** Per run and bin, the mean over folds of the purchase head's reliability bins. */
export function reliabilityPoints(runs: NamedResult[]): ReliabilityPoint[] {
  const out: ReliabilityPoint[] = [];
  for (const { label, result } of runs) {
    const bins = result.perFold.filter((f) => f.status === 'ok' && f.reliability && f.reliability.count.length).map((f) => f.reliability!);
    if (!bins.length) continue;
    const len = Math.min(...bins.map((b) => b.count.length));
    for (let i = 0; i < len; i++) {
      out.push({ run: label, bin: i + 1, meanPredicted: mean(bins.map((b) => b.meanPredicted[i])), observedRate: mean(bins.map((b) => b.observedRate[i])) });
    }
  }
  return out;
}

export function reliabilitySpec(points: ReliabilityPoint[], labels: string[]): TopLevelSpec {
  const hi = Math.max(1e-3, ...points.flatMap((p) => [p.meanPredicted, p.observedRate]));
  const x = { field: 'meanPredicted', type: 'quantitative' as const, title: 'mean predicted P(buy) per bin', scale: { domain: [0, hi] } };
  const y = { field: 'observedRate', type: 'quantitative' as const, title: 'observed buyer rate per bin', scale: { domain: [0, hi] } };
  return {
    title: { text: 'Purchase head reliability', subtitle: '10 equal-count bins, mean over folds; dashed: perfect calibration' },
    width: 320,
    height: 280,
    layer: [
      {
        data: { values: [{ meanPredicted: 0, observedRate: 0 }, { meanPredicted: hi, observedRate: hi }] },
        mark: { type: 'line', strokeDash: [4, 4], color: '#888' },
        encoding: { x, y },
      },
      { data: { values: points }, mark: { type: 'line', point: true }, encoding: { x, y, color: colour(labels), order: { field: 'bin' } } },
    ],
  };
}
