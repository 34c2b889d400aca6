/**
 * Report charts: vega-lite specs rendered to SVG strings in Node (no browser, no network), so
 * the HTML report stays one self-contained file. Chart data are plain functions of the result
 * files so tests can check them without rendering.
 */
import { formatNumber, TARGET_UNITS, type TargetUnit } from '../numbers.ts';
import * as vega from 'vega';
import * as vl from 'vega-lite';
import type { TopLevelSpec } from 'vega-lite';
import type { NamedResult } from './compare.ts';
import { curvePoints, curveSpec, reliabilityPoints, reliabilitySpec } from './section-charts.ts';
import { mean } from './stats.ts';

export interface FoldPoint {
  run: string;
  /** Same key in two runs = the same test fold (same fold fingerprint and index). */
  foldKey: string;
  fold: number;
  r2: number | null;
  r2Trimmed: number | null;
}

export function foldPoints(runs: NamedResult[]): FoldPoint[] {
  return runs.flatMap(({ label, result }) =>
    result.perFold
      .filter((f) => f.status === 'ok')
      .map((f) => ({ run: label, foldKey: `${result.folds.fingerprint}/${f.index}`, fold: f.index, r2: f.metrics.r2 ?? null, r2Trimmed: f.metrics.r2Trimmed ?? null })),
  );
}

export interface DecilePoint {
  run: string;
  /** Top share of sessions by prediction: 0.1 … 1.0. */
  share: number;
  cumulativeActualShare: number;
  meanPredicted: number;
  meanActual: number;
}

/** Per run and decile, the mean over the folds that recorded deciles. */
export function decilePoints(runs: NamedResult[]): DecilePoint[] {
  const out: DecilePoint[] = [];
  for (const { label, result } of runs) {
    const ds = result.perFold.filter((f) => f.status === 'ok' && f.deciles && f.deciles.cumulativeActualShare.length > 0).map((f) => f.deciles!);
    if (!ds.length) continue;
    const len = Math.min(...ds.map((d) => d.cumulativeActualShare.length));
    for (let i = 0; i < len; i++) {
      out.push({
        run: label,
        share: (i + 1) / len,
        cumulativeActualShare: mean(ds.map((d) => d.cumulativeActualShare[i])),
        meanPredicted: mean(ds.map((d) => d.meanPredicted[i])),
        meanActual: mean(ds.map((d) => d.meanActual[i])),
      });
    }
  }
  return out;
}

const colour = (labels: string[]) => ({ field: 'run', type: 'nominal' as const, title: 'run', scale: { domain: labels } });

/** Smallest and largest of `values` ([0, 1] when there are none): the span of a reference diagonal. */
function extent(values: number[]): [number, number] {
  return values.length ? [Math.min(...values), Math.max(...values)] : [0, 1];
}

/** The dashed y = x reference line from `lo` to `hi`, drawn with the chart's own x and y encodings. */
function diagonal<X extends { field: string }, Y extends { field: string }>(x: X, y: Y, lo: number, hi: number) {
  return {
    data: { values: [{ [x.field]: lo, [y.field]: lo }, { [x.field]: hi, [y.field]: hi }] },
    mark: { type: 'line' as const, strokeDash: [4, 4], color: '#888' },
    encoding: { x, y },
  };
}

export function foldSpec(points: FoldPoint[], labels: string[]): TopLevelSpec {
  const x = { field: 'run', type: 'nominal' as const, sort: labels, title: null, axis: { labelAngle: -20, labelLimit: 160 } };
  const y = { field: 'r2', type: 'quantitative' as const, title: 'R² (test fold)', scale: { zero: false } };
  return {
    title: { text: 'R² per fold', subtitle: 'grey lines join the same test fold across runs; black tick = mean' },
    width: Math.max(240, 90 * labels.length),
    height: 280,
    data: { values: points.filter((p) => p.r2 !== null) },
    layer: [
      { mark: { type: 'line', color: '#b8b8b8', strokeWidth: 1 }, encoding: { x, y, detail: { field: 'foldKey' } } },
      { mark: { type: 'point', filled: true, size: 45, opacity: 0.85 }, encoding: { x, y, color: { ...colour(labels), legend: null } } },
      { mark: { type: 'tick', color: 'black', thickness: 2, size: 36 }, encoding: { x, y: { ...y, aggregate: 'mean' } } },
    ],
  };
}

export function gainsSpec(points: DecilePoint[], labels: string[]): TopLevelSpec {
  const x = { field: 'share', type: 'quantitative' as const, title: 'top share of sessions by prediction', axis: { format: '%' }, scale: { domain: [0, 1] } };
  const y = { field: 'cumulativeActualShare', type: 'quantitative' as const, title: 'share of purchase value captured', axis: { format: '%' }, scale: { domain: [0, 1] } };
  const withOrigin = [...new Set(points.map((p) => p.run))].flatMap((run) => [{ run, share: 0, cumulativeActualShare: 0 }, ...points.filter((p) => p.run === run)]);
  return {
    title: { text: 'Gains curve', subtitle: 'mean over folds; dashed: random ordering' },
    width: 320,
    height: 280,
    layer: [
      diagonal(x, y, 0, 1),
      // Curves often coincide: a dash pattern and a point shape per run keep each one visible.
      {
        data: { values: withOrigin },
        mark: { type: 'line', point: { size: 40, filled: false }, strokeWidth: 2, opacity: 0.85 },
        encoding: { x, y, color: colour(labels), strokeDash: { field: 'run', type: 'nominal', scale: { domain: labels }, legend: null }, shape: { field: 'run', type: 'nominal', scale: { domain: labels }, legend: null } },
      },
    ],
  };
}

/** Axis labels from the one formatter (and in the target's unit), as a lookup over the fixed ticks. */
function tickLabels(ticks: number[], unit: TargetUnit | null): string {
  return ticks.reduceRight((rest, t) => `datum.value === ${t} ? ${JSON.stringify(formatNumber(t, { unit, digits: 3 }))} : ${rest}`, "''");
}

export function calibrationSpec(points: DecilePoint[], labels: string[], unit: TargetUnit | null = null): TopLevelSpec {
  const all = points.flatMap((p) => [p.meanPredicted, p.meanActual]);
  const [lo, hi] = extent(all);
  // Bottom deciles of a zero-inflated target often average exactly 0, which a log scale cannot
  // show; symlog is log-like above `constant` and linear (through 0) below it.
  const positive = all.filter((v) => v > 0);
  const constant = positive.length ? 10 ** Math.floor(Math.log10(Math.min(...positive))) : 1;
  const ticks = [0];
  for (let t = constant; ; t *= 10) {
    ticks.push(t);
    if (t >= hi) break;
  }
  const axis = { values: ticks, labelExpr: tickLabels(ticks, unit), labelOverlap: true };
  const unitText = unit ? TARGET_UNITS[unit].label : 'target units';
  const scale = { type: 'symlog' as const, constant, domain: [0, ticks[ticks.length - 1]] };
  const x = { field: 'meanPredicted', type: 'quantitative' as const, title: `mean predicted purchase value per decile (${unitText}, log-like)`, scale, axis };
  const y = { field: 'meanActual', type: 'quantitative' as const, title: `mean actual purchase value per decile (${unitText}, log-like)`, scale, axis };
  return {
    title: { text: 'Decile calibration', subtitle: 'mean over folds; dashed: perfect calibration' },
    width: 320,
    height: 280,
    layer: [
      diagonal(x, y, lo, hi),
      { data: { values: points }, mark: { type: 'line', point: true }, encoding: { x, y, color: colour(labels), order: { field: 'share' } } },
    ],
  };
}

export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  const view = new vega.View(vega.parse(vl.compile(spec).spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

export interface Chart {
  id: string;
  title: string;
  svg: string;
}

/** Every chart the data support, rendered. */
export async function renderCharts(runs: NamedResult[]): Promise<Chart[]> {
  const labels = runs.map((r) => r.label);
  const folds = foldPoints(runs);
  const deciles = decilePoints(runs);
  const specs: [string, string, TopLevelSpec][] = [];
  if (folds.some((p) => p.r2 !== null)) specs.push(['folds', 'R² per fold', foldSpec(folds, labels)]);
  const curve = curvePoints(runs);
  if (curve.length) specs.push(['sensitivity', 'R² vs top spenders removed', curveSpec(curve, labels)]);
  const reliability = reliabilityPoints(runs);
  if (reliability.length) specs.push(['reliability', 'Purchase head reliability', reliabilitySpec(reliability, labels)]);
  if (deciles.length) {
    specs.push(['gains', 'Gains curve', gainsSpec(deciles, labels)]);
    const units = new Set(runs.map((r) => r.result.config.data.targetUnit ?? null));
    specs.push(['calibration', 'Decile calibration', calibrationSpec(deciles, labels, units.size === 1 ? [...units][0] : null)]);
  }
  const out: Chart[] = [];
  for (const [id, title, spec] of specs) out.push({ id, title, svg: await renderSvg(spec) });
  return out;
}
