import assert from 'node:assert/strict';
import { test } from 'node:test';
import seedrandom from 'seedrandom';
import { bootstrapCurve, bootstrapOutcomes, CURVE_REMOVED } from '../../src/metrics/bootstrap.ts';
import { quantile7 } from '../../src/metrics/quantile.ts';
import { r2 } from '../../src/metrics/regression.ts';
import { generateSynthetic } from '../../src/data/synthetic-generate.ts';

const table = generateSynthetic({ rows: 3000, seed: 5, buyerRate: 0.03, tailSigma: 1, leakage: 1 });
const y = table.target;
const yHat = table.oracle;

/** The textbook bootstrap, materialising every resample (same seeded draws), as the reference. */
function naive(removed: number, resamples: number, seed: number): [number, number] {
  const rng = seedrandom.alea(String(seed));
  const order = Array.from(y, (_, i) => i).sort((a, b) => y[b] - y[a] || a - b);
  const gone = new Set(order.slice(0, removed));
  const values: number[] = [];
  for (let b = 0; b < resamples; b++) {
    const ys: number[] = [];
    const hs: number[] = [];
    for (let j = 0; j < y.length; j++) {
      const i = Math.floor(rng() * y.length);
      if (!gone.has(i)) {
        ys.push(y[i]);
        hs.push(yHat[i]);
      }
    }
    const v = r2(ys, hs).value;
    if (v !== null) values.push(v);
  }
  return [quantile7(values, 0.025), quantile7(values, 0.975)];
}

test('bootstrap curve equals the textbook bootstrap of the fold without its top spenders', () => {
  const curve = bootstrapCurve(y, yHat, 77, 200);
  assert.deepEqual(curve.removed, [...CURVE_REMOVED]);
  for (const [i, k] of curve.removed.entries()) {
    const [lo, hi] = naive(k, 200, 77);
    assert.ok(Math.abs(curve.low[i]! - lo) < 1e-9 && Math.abs(curve.high[i]! - hi) < 1e-9, `k=${k}: [${curve.low[i]}, ${curve.high[i]}] vs [${lo}, ${hi}]`);
    assert.ok(curve.low[i]! <= curve.high[i]!);
  }
  assert.equal(curve.r2[0], r2(y, yHat).value);
});

test('bootstrap: seeded (same seed, same interval), the interval brackets the fold R², narrower with more rows', () => {
  const a = bootstrapOutcomes(bootstrapCurve(y, yHat, 3));
  assert.deepEqual(bootstrapOutcomes(bootstrapCurve(y, yHat, 3)), a);
  assert.notDeepEqual(bootstrapOutcomes(bootstrapCurve(y, yHat, 4)), a);
  const point = r2(y, yHat).value!;
  assert.ok(a.r2BootLow.value! < point && point < a.r2BootHigh.value!, `${a.r2BootLow.value} < ${point} < ${a.r2BootHigh.value}`);
  const big = generateSynthetic({ rows: 12000, seed: 5, buyerRate: 0.03, tailSigma: 1, leakage: 1 });
  const wide = bootstrapCurve(y, yHat, 3, 300);
  const narrow = bootstrapCurve(big.target, big.oracle, 3, 300);
  assert.ok(narrow.high[0]! - narrow.low[0]! < wide.high[0]! - wide.low[0]!, 'a 4× larger fold gives a narrower interval');
});

test('bootstrap: a fold with one buyer has no interval, and says why', () => {
  const yy = new Float64Array(50);
  yy[3] = 1e6;
  const out = bootstrapOutcomes(bootstrapCurve(yy, new Float64Array(50).fill(2e4), 1, 200));
  assert.equal(out.r2BootLow.value, null);
  assert.match(out.r2BootLow.reason!, /fewer than 95% of the 200 bootstrap resamples had any spread/);
});
