import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { makeFolds } from '../../src/cv/folds.ts';
import { METRIC_NAMES } from '../../src/metrics/catalog.ts';
import { foldMetrics, NonFinitePredictionError } from '../../src/metrics/fold.ts';
import { SeedBook } from '../../src/seeds.ts';

const f64 = (a: number[]): Float64Array => Float64Array.from(a);

test('foldMetrics by hand: y = [0, 0, 10, 30], ŷ = [1, 0, 8, 25], q = 0.75', () => {
  // test threshold = 15 (type 7); train y = [0, 0, 5, 20, 40] → 0.75-quantile h = 3 → cap 20
  const out = foldMetrics({
    y: f64([0, 0, 10, 30]),
    yHat: f64([1, 0, 8, 25]),
    trainY: f64([40, 0, 5, 20, 0]),
    q: 0.75,
    tweediePower: 1.5,
    seeds: new SeedBook(11),
    purchaseProb: f64([0.2, 0.1, 0.7, 0.6]),
    amount: f64([5, 5, 12, 28]),
    oracle: f64([0, 0, 10, 30]),
  });
  const m = out.metrics;
  const near = (name: string, v: number): void => assert.ok(Math.abs((m[name] ?? NaN) - v) < 1e-12, `${name}: ${m[name]} vs ${v}`);
  assert.deepEqual(Object.keys(m), METRIC_NAMES.filter((n) => n in m), 'catalog order');
  assert.deepEqual(Object.keys(m).sort(), [...METRIC_NAMES].sort(), 'all metrics, optional ones included');
  near('r2', 0.95);
  near('rmse', Math.sqrt(7.5));
  near('mae', 2);
  near('r2Trimmed', 0.925);
  near('r2TrimDelta', 0.925 - 0.95);
  near('topSseShare', 25 / 30);
  near('r2Winsorized', 1 - 5 / 275);
  near('r2Oracle', 1);
  // ranks y = [1.5, 1.5, 3, 4], ŷ = [2, 1, 3, 4]; deviations [−1, −1, .5, 1.5] and [−.5, −1.5, .5, 1.5]
  // Σab = 4.5, Σa² = 4.5, Σb² = 5 → 4.5/√22.5
  near('spearman', 4.5 / Math.sqrt(22.5));
  // AUC: buyers .7 and .6 beat both non-buyers (.2, .1) → 1
  near('auc', 1);
  // amount R² on buyers: y = [10, 30] vs [12, 28]: mean 20, SST 200, SSE 8 → 0.96
  near('amountR2', 0.96);
  assert.deepEqual(out.thresholds, { test: 15, train: 20 });
  assert.equal(out.notes.deciles, 'only 4 test rows: 6 decile groups are empty (count 0, means 0)');
  for (const k of [5, 10]) assert.match(out.notes[`r2DropTop${k}`], /4 rows; dropping/);
  assert.deepEqual(Object.keys(out.notes).sort(), ['dR2DropTop10', 'dR2DropTop5', 'deciles', 'r2BootHigh', 'r2BootLow', 'r2DropTop10', 'r2DropTop5'].sort());
  assert.match(out.notes.r2BootLow, /bootstrap resamples had any spread/);
  assert.equal(out.deciles.count.reduce((a, b) => a + b, 0), 4);
});

test('a test fold without buyers: undefined metrics are null with reasons, optional ones included', () => {
  const out = foldMetrics({
    y: new Float64Array(20),
    yHat: Float64Array.from({ length: 20 }, (_, i) => i / 10),
    trainY: f64([0, 0, 0, 5, 9]),
    q: 0.9,
    tweediePower: 1.5,
    seeds: new SeedBook(11),
    purchaseProb: Float64Array.from({ length: 20 }, (_, i) => i / 20),
    amount: new Float64Array(20).fill(3),
  });
  for (const name of ['r2', 'r2Trimmed', 'r2TrimDelta', 'r2Log1p', 'gini', 'spearman', 'auc', 'amountR2']) {
    assert.equal(out.metrics[name], null, name);
    assert.ok(out.notes[name] && out.notes[name].length > 10, `${name} has a reason`);
  }
  assert.match(out.notes.auc, /no buyers/);
  assert.match(out.notes.r2TrimDelta, /undefined/);
  assert.equal(typeof out.metrics.rmse, 'number');
  assert.match(out.notes.deciles, /y sums to 0/);
  assert.ok(!('r2Oracle' in out.metrics), 'no oracle input → no r2Oracle');
});

test('never NaN or Infinity: every metric is finite or null with a note (property)', () => {
  const value = fc.oneof(fc.constant(0), fc.constant(0), fc.double({ min: 0, max: 1e9, noNaN: true }));
  const pred = fc.oneof(fc.constant(0), fc.double({ min: -1e3, max: 1e12, noNaN: true }));
  fc.assert(
    fc.property(
      fc.array(fc.tuple(value, pred, fc.double({ min: 0, max: 1, noNaN: true })), { minLength: 1, maxLength: 40 }),
      fc.array(value, { minLength: 1, maxLength: 20 }),
      fc.double({ min: 0.01, max: 0.99, noNaN: true }),
      (rows, trainY, q) => {
        const out = foldMetrics({
          y: f64(rows.map((r) => r[0])),
          yHat: f64(rows.map((r) => r[1])),
          trainY: f64(trainY),
          q,
          tweediePower: 1.5,
          seeds: new SeedBook(11),
          purchaseProb: f64(rows.map((r) => r[2])),
          amount: f64(rows.map((r) => Math.abs(r[1]))),
        });
        for (const [name, v] of Object.entries(out.metrics)) {
          if (v === null) assert.ok(out.notes[name], `${name} null without a reason`);
          else assert.ok(Number.isFinite(v), `${name} = ${v}`);
        }
        for (const arr of Object.values(out.deciles)) for (const v of arr) assert.ok(Number.isFinite(v));
      },
    ),
    { seed: 20240601, numRuns: 300 },
  );
});

test('non-finite predictions throw NonFinitePredictionError; a non-finite target is a plain bug', () => {
  const base = { y: f64([0, 1, 2]), yHat: f64([0, 1, 2]), trainY: f64([0, 3]), q: 0.9, tweediePower: 1.5, seeds: new SeedBook(11) };
  assert.throws(
    () => foldMetrics({ ...base, yHat: f64([0, NaN, Infinity]) }),
    (e: unknown) => e instanceof NonFinitePredictionError && e.count === 2 && /yHat has 2 non-finite values \(first at test row 1: NaN\)/.test(e.message),
  );
  assert.throws(() => foldMetrics({ ...base, purchaseProb: f64([0.1, NaN, 0.3]) }), NonFinitePredictionError);
  assert.throws(
    () => foldMetrics({ ...base, y: f64([0, NaN, 2]) }),
    (e: unknown) => !(e instanceof NonFinitePredictionError) && /y has 1 non-finite value/.test(String(e)),
  );
  assert.throws(() => foldMetrics({ ...base, yHat: f64([0, 1]) }), /yHat has 2 values, expected 3/);
  assert.throws(() => foldMetrics({ ...base, q: 1 }), RangeError);
});

const gaPath = fileURLToPath(new URL('../../../shared/data/ga-sessions.csv', import.meta.url));
test('real data: a page-views baseline on a ga-sessions fold scores every metric', { skip: existsSync(gaPath) ? false : `shared data absent: ${gaPath} — real-data check not run` }, () => {
  const lines = readFileSync(gaPath, 'utf8').trim().split(/\r?\n/);
  const header = lines[0].split(',');
  const cells = lines.slice(1).map((l) => l.split(','));
  const y = Float64Array.from(cells, (c) => Number(c[header.indexOf('purchaseValue')] || 0));
  const pageViews = Float64Array.from(cells, (c) => Math.min(Number(c[header.indexOf('pageViews')] || 0), 60));
  const [fold] = makeFolds(y, { k: 5, repeats: 1, stratify: 'purchase', seed: 1 });
  // Baseline: mean training y per page-view count; P(buy) rises with page views.
  const sums = new Map<number, { s: number; n: number }>();
  for (const i of fold.train) {
    const e = sums.get(pageViews[i]) ?? { s: 0, n: 0 };
    e.s += y[i];
    e.n++;
    sums.set(pageViews[i], e);
  }
  const at = (rows: Int32Array, f: (i: number) => number): Float64Array => Float64Array.from(rows, f);
  const out = foldMetrics({
    y: at(fold.test, (i) => y[i]),
    yHat: at(fold.test, (i) => { const e = sums.get(pageViews[i]); return e ? e.s / e.n : 0; }),
    trainY: at(fold.train, (i) => y[i]),
    q: 0.99,
    tweediePower: 1.5,
    seeds: new SeedBook(11),
    purchaseProb: at(fold.test, (i) => pageViews[i] / 60),
  });
  // Nothing undefined on a real stratified fold, except D² where this crude baseline predicts 0 for a buyer
  // (infinite deviance, as scikit-learn refuses ŷ ≤ 0).
  for (const [name, note] of Object.entries(out.notes)) assert.ok(/^d2/.test(name) && /predicted ≤ 0/.test(note), `${name}: ${note}`);
  for (const [name, v] of Object.entries(out.metrics)) assert.ok((v !== null && Number.isFinite(v)) || name in out.notes, name);
  // The heavy tail: the top 1% of test rows carry most of the squared error.
  assert.ok((out.metrics.topSseShare ?? 0) > 0.5, `topSseShare ${out.metrics.topSseShare}`);
  assert.ok((out.metrics.auc ?? 0) > 0.8 && (out.metrics.gini ?? 0) > 0.5, 'page views rank buyers well');
  assert.ok(out.thresholds.test > 0 && out.thresholds.train > 0, 'the 0.99-quantile lies among the buyers (3.97%)');
  assert.equal(out.deciles.count.reduce((a, b) => a + b, 0), fold.test.length);
});
