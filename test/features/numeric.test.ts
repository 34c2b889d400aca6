import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fitNumeric, numericWriter, numericFeatureNames, type NumericState } from '../../src/features/numeric.ts';
import { isUserError } from '../../src/errors.ts';
import { assertClose } from './assert.ts';
import { cat, dataset, featureConfig, num, writeColumns } from './fixtures.ts';
import type { Dataset } from '../../src/data/types.ts';

/** The live path: the step's RowWriter, as the pipeline runs it. */
const encode = (state: NumericState, d: Dataset, rows: ArrayLike<number>) => writeColumns(numericWriter(state, d), rows, numericFeatureNames(state).length);

// Column a; training rows 0..3 only — row 4's 100 must never influence the statistics.
const data = dataset({ a: num(1, 2, null, 4, 100), label: cat('x', 'y', 'z', 'x', 'y') });
const train = [0, 1, 2, 3];
const std = (xs: number[]) => {
  const m = xs.reduce((s, v) => s + v, 0) / xs.length;
  return Math.sqrt(xs.reduce((s, v) => s + (v - m) ** 2, 0) / xs.length);
};

const cases = [
  // zero fill → training values [1, 2, 0, 4]: mean 1.75, population std sqrt(2.1875)
  { name: 'zero fill, standard', missing: 'zero', scaler: 'standard', fill: 0, center: 1.75, scale: Math.sqrt(2.1875), out: [1, 2, 0, 4, 100].map((v) => (v - 1.75) / Math.sqrt(2.1875)) },
  // median of [1, 2, 4] = 2 → [1, 2, 2, 4]: mean 2.25, std sqrt(1.1875)
  { name: 'median fill, standard', missing: 'median', scaler: 'standard', fill: 2, center: 2.25, scale: Math.sqrt(1.1875), out: [1, 2, 2, 4, 100].map((v) => (v - 2.25) / Math.sqrt(1.1875)) },
  // range [0, 4]; 100 is outside the training range and is not clipped
  { name: 'zero fill, minmax', missing: 'zero', scaler: 'minmax', fill: 0, center: 0, scale: 4, out: [0.25, 0.5, 0, 1, 25] },
  { name: 'median fill, minmax', missing: 'median', scaler: 'minmax', fill: 2, center: 1, scale: 3, out: [0, 1 / 3, 1 / 3, 1, 33] },
  { name: 'median fill, none', missing: 'median', scaler: 'none', fill: 2, center: 0, scale: 1, out: [1, 2, 2, 4, 100] },
] as const;

for (const c of cases) {
  test(`numeric: ${c.name} (hand-computed)`, () => {
    const state = fitNumeric(featureConfig({ numeric: ['a'], missing: c.missing, scaler: c.scaler }), data, train);
    const s = state.columns[0];
    assert.equal(s.fill, c.fill);
    assert.ok(Math.abs(s.center - c.center) < 1e-12, `center ${s.center}`);
    assert.ok(Math.abs(s.scale - c.scale) < 1e-12, `scale ${s.scale}`);
    assertClose(encode(state, data, [0, 1, 2, 3, 4])[0], c.out, c.name);
  });
}

test('numeric: agrees with a direct standard-score computation on a seeded column', () => {
  const values = Array.from({ length: 50 }, (_, i) => ((i * 7919) % 101) / 3);
  const d = dataset({ v: num(...values) });
  const rows = values.map((_, i) => i).filter((i) => i % 3 !== 0);
  const trainValues = rows.map((i) => values[i]);
  const mean = trainValues.reduce((s, v) => s + v, 0) / trainValues.length;
  const out = encode(fitNumeric(featureConfig({ numeric: ['v'], scaler: 'standard' }), d, rows), d, rows)[0];
  assertClose(out, trainValues.map((v) => (v - mean) / std(trainValues)));
});

test('numeric: median of an even count averages the middle pair', () => {
  const d = dataset({ a: num(3, null, 1, 10, 2, 4) }); // training non-missing: 3, 1, 2, 4
  assert.equal(fitNumeric(featureConfig({ numeric: ['a'], missing: 'median' }), d, [0, 1, 2, 4, 5]).columns[0].fill, 2.5);
});

test('numeric: all-missing training column fills with 0 and never yields NaN', () => {
  const d = dataset({ a: num(null, null, 5) });
  for (const scaler of ['standard', 'minmax', 'none'] as const) {
    const state = fitNumeric(featureConfig({ numeric: ['a'], missing: 'median', scaler }), d, [0, 1]);
    assert.equal(state.columns[0].fill, 0);
    const out = encode(state, d, [0, 1, 2])[0];
    assert.ok(out.every(Number.isFinite), `${scaler}: ${out}`);
    assert.deepEqual([...out.subarray(0, 2)], [0, 0]);
  }
});

test('numeric: constant column → 0 (standard std 1, minmax range 1)', () => {
  const d = dataset({ a: num(7, 7, 7, 9) });
  for (const scaler of ['standard', 'minmax'] as const) {
    const state = fitNumeric(featureConfig({ numeric: ['a'], scaler }), d, [0, 1, 2]);
    assert.equal(state.columns[0].scale, 1);
    assertClose(encode(state, d, [0, 3])[0], [0, 2], scaler);
  }
});

test('numeric: log1p is applied to the filled value, negatives clamp at 0', () => {
  const d = dataset({ a: num(Math.E - 1, null, -5, 3, -0.5), b: num(-2, 0, 1, 2, 3) });
  const state = fitNumeric(featureConfig({ numeric: ['a', 'b'], log1p: ['a'], missing: 'median' }), d, [0, 1, 2, 3, 4]);
  // median of raw [e-1, -5, 3, -0.5] = (-0.5 + e-1) / 2, which is > 0
  const fill = (-0.5 + Math.E - 1) / 2;
  const [a, b] = encode(state, d, [0, 1, 2, 3, 4]);
  assertClose(a, [1, Math.log1p(fill), 0, Math.log(4), 0]);
  assertClose(b, [-2, 0, 1, 2, 3], 'columns not in log1p are untouched');
});

test('numeric: ±Infinity is treated as missing', () => {
  const d = dataset({ a: num(1, Infinity, 3, -Infinity) });
  const state = fitNumeric(featureConfig({ numeric: ['a'], missing: 'median', scaler: 'standard' }), d, [0, 1, 2, 3]);
  assert.equal(state.columns[0].fill, 2);
  assert.ok(encode(state, d, [0, 1, 2, 3])[0].every(Number.isFinite));
});

test('numeric: errors name the config key and the column', () => {
  const table = [
    { config: featureConfig({ numeric: ['nope'] }), code: 'CSV_HEADER', re: /"nope" is not in the data/ },
    { config: featureConfig({ numeric: ['a'] }), rows: [], code: 'DATA_DEGENERATE', re: /0 training rows/ },
  ];
  for (const t of table) {
    assert.throws(() => fitNumeric(t.config, data, t.rows ?? train), (e: unknown) => isUserError(e) && e.code === t.code && t.re.test(e.message));
  }
});

test('numeric: state round-trips through JSON with identical output', () => {
  const state = fitNumeric(featureConfig({ numeric: ['a'], missing: 'median', scaler: 'standard' }), data, train);
  const back = JSON.parse(JSON.stringify(state));
  assert.deepEqual(back, state);
  assert.deepEqual(encode(back, data, [0, 1, 2, 3, 4]), encode(state, data, [0, 1, 2, 3, 4]));
});
