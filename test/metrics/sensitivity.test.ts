import assert from 'node:assert/strict';
import { test } from 'node:test';
import { errorShareTop, r2DropTop, sensitivityOutcomes, topBuyersSstShare, topSpenders } from '../../src/metrics/sensitivity.ts';
import { r2 } from '../../src/metrics/regression.ts';

const close = (a: number | null, b: number) => assert.ok(a !== null && Math.abs(a - b) < 1e-12, `${a} vs ${b}`);
const y = [0, 0, 10, 30, 5];
const yHat = [1, 0, 8, 25, 5];

test('drop-top-k R² by hand', () => {
  // Without 30: y = [0, 0, 10, 5], mean 3.75, SST 68.75; SSE 1 + 0 + 4 + 0 = 5.
  close(r2DropTop(y, yHat, 1).value, 1 - 5 / 68.75);
  // Without 30 and 10: y = [0, 0, 5], mean 5/3, SST 50/3; SSE 1.
  close(r2DropTop(y, yHat, 2).value, 1 - 1 / (50 / 3));
  assert.match(r2DropTop(y, yHat, 4).reason!, /5 rows; dropping 4 leaves too few/);
  assert.deepEqual([...topSpenders([3, 7, 7, 0])], [1, 2, 0, 3], 'ties: row order');
});

test('top-1% buyers SST share and top-k error share by hand', () => {
  // Three buyers → ceil(3%) = 1: the 30. ȳ = 9, SST = 81 + 81 + 1 + 441 + 16 = 620.
  close(topBuyersSstShare(y).value, 441 / 620);
  // Squared errors [1, 0, 4, 25, 0]: the largest carries 25/30, the two largest 29/30.
  close(errorShareTop(y, yHat, 1).value, 25 / 30);
  close(errorShareTop(y, yHat, 2).value, 29 / 30);
  close(errorShareTop(y, yHat, 10).value, 1);
  assert.match(topBuyersSstShare([0, 0]).reason!, /no buyers/);
  assert.match(errorShareTop(y, y, 1).reason!, /exact on every row/);
});

test('sensitivityOutcomes: every k, with ΔR² = r2DropTopK − r2', () => {
  const big = Array.from({ length: 40 }, (_, i) => (i % 3 === 0 ? 100 * (i + 1) : 0));
  const hat = big.map((v, i) => v * 0.8 + (i % 5));
  const full = r2(big, hat);
  const out = sensitivityOutcomes(big, hat, full);
  assert.deepEqual(Object.keys(out).sort(), ['dR2DropTop1', 'dR2DropTop10', 'dR2DropTop5', 'errorShareTop1', 'errorShareTop10', 'errorShareTop5', 'r2DropTop1', 'r2DropTop10', 'r2DropTop5', 'topBuyersSstShare']);
  for (const k of [1, 5, 10]) close(out[`dR2DropTop${k}`].value, out[`r2DropTop${k}`].value! - full.value!);
});
