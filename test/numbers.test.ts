/** The one number formatter, against hand-written expectations (table-driven). */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatCount, formatDuration, formatNumber, formatShare, withUnit } from '../src/numbers.ts';

test('significant digits, SI suffixes from 10⁴, exponent below 10⁻³, minus sign, missing', () => {
  const cases: [number | null, string][] = [
    [53842823.193, '53.84M'],
    [10548906.8575, '10.55M'],
    [3.0488e11, '304.9G'],
    [2.077e7, '20.77M'],
    [999_999, '1M'],
    [12_500, '12.5k'],
    [9_999, '9999'],
    [123.456, '123.5'],
    [0.8072, '0.8072'],
    [-0.019404, '−0.0194'],
    [0.1, '0.1'],
    [0, '0'],
    [0.00001234, '1.234e-5'],
    [null, '—'],
    [NaN, '—'],
    [Infinity, '∞'],
  ];
  for (const [x, want] of cases) assert.equal(formatNumber(x), want, String(x));
  assert.equal(formatNumber(0.0123, { signed: true }), '+0.0123');
  assert.equal(formatNumber(1234.5, { digits: 2 }), '1200');
});

test('target units: micros and cents become currency units', () => {
  assert.equal(formatNumber(53842823.193, { unit: 'micros' }), '53.84');
  assert.equal(formatNumber(53842823.193, { unit: null }), '53.84M');
  assert.equal(formatNumber(12345, { unit: 'cents' }), '123.5');
  assert.equal(withUnit('RMSE', 'micros'), 'RMSE (currency units)');
});

test('shares, counts and durations', () => {
  assert.equal(formatShare(0.0125), '1.25%');
  assert.equal(formatShare(0.0127), '1.27%');
  assert.equal(formatShare(0.5), '50%');
  assert.equal(formatShare(0), '0%');
  assert.equal(formatCount(30000), '30,000');
  assert.equal(formatDuration(51), '51 ms');
  assert.equal(formatDuration(4210), '4.21 s');
  assert.equal(formatDuration(262_000), '4.37 min');
});
