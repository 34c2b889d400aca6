import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../../src/backend.ts';
import { isUserError } from '../../src/errors.ts';
import { FittedZiln, SIGMA_FLOOR, zilnLoss, zilnModel } from '../../src/models/ziln.ts';
import { makeRng, normal } from '../../src/seeds.ts';
import { r2, seeds, sliceRows, synthetic, trainConfig, zilnConfig } from './fixtures.ts';

await initBackend('wasm');

const data = synthetic(3000, 51);
const train = sliceRows(data, 0, 2400);
const heldOut = sliceRows(data, 2400, 3000);

const softplus = (r: number) => Math.log1p(Math.exp(r));

/** The ZILN loss written out from the formula, in float64, on the original scale. */
function directZiln(y: number[], out: number[][], scale: { mean: number; std: number }): number {
  let bce = 0;
  let nll = 0;
  let buyers = 0;
  y.forEach((v, i) => {
    const [logit, mu, raw] = out[i];
    const p = 1 / (1 + Math.exp(-logit));
    bce += -(v > 0 ? Math.log(p) : Math.log(1 - p)) / y.length;
    if (v > 0) {
      const muY = scale.mean + scale.std * mu;
      const sigmaY = scale.std * (softplus(raw) + SIGMA_FLOOR);
      nll += Math.log(v) + Math.log(sigmaY) + 0.5 * Math.log(2 * Math.PI) + (Math.log(v) - muY) ** 2 / (2 * sigmaY ** 2);
      buyers += 1;
    }
  });
  return bce + nll / buyers;
}

for (const scale of [{ mean: 0, std: 1 }, { mean: 3.2, std: 0.7 }]) {
  test(`zilnLoss matches the formula computed directly (scale ${JSON.stringify(scale)})`, () => {
    const rng = makeRng(9);
    const y = Array.from({ length: 40 }, (_, i) => (i % 3 === 0 ? Math.exp(3 + normal(rng)) : 0));
    const out = y.map(() => [normal(rng), normal(rng), normal(rng)]);
    const value = tf.tidy(() => zilnLoss(tf.tensor1d(y), tf.tensor2d(out), scale).dataSync()[0]);
    const expected = directZiln(y, out, scale);
    assert.ok(Math.abs(value - expected) < 1e-5 * Math.abs(expected), `${value} vs ${expected}`);
  });
}

test('ziln beats the mean predictor; prediction = p · exp(μ_y + σ_y²/2) from the raw outputs, μ_y and σ_y clamped', async () => {
  const start = tf.memory().numTensors;
  const { model, report } = await zilnModel.fit(train.input, train.y, { config: zilnConfig(), train: trainConfig(), seeds: seeds(1) });
  assert.equal(report.status, 'ok');
  const p = model!.predict(heldOut.input);
  assert.ok(r2(heldOut.y, p.yHat) > 0.05, `R² ${r2(heldOut.y, p.yHat)}`);
  const raw = (model as FittedZiln).outputs(heldOut.input);
  const { logYMean: m, logYStd: s, clampMin, clampMax } = report.info as Record<string, number>;
  for (let i = 0; i < heldOut.input.nRows; i++) {
    const mu = Math.min(Math.max(m + s * raw[3 * i + 1], clampMin), clampMax);
    const sigma = Math.min(s * (softplus(raw[3 * i + 2]) + SIGMA_FLOOR), s); // σ_y capped at the buyers' log-y std
    const expected = (1 / (1 + Math.exp(-raw[3 * i]))) * Math.exp(mu + sigma ** 2 / 2);
    assert.ok(Math.abs(p.yHat[i] - expected) <= 1e-9 * expected);
  }
  assert.ok(Number.isFinite(Number(report.info.clampedFractionTrain)));
  const reloaded = zilnModel.fromState(JSON.parse(JSON.stringify(model!.toState())));
  assert.deepEqual(reloaded.predict(heldOut.input), p);
  model!.dispose();
  reloaded.dispose();
  assert.equal(tf.memory().numTensors, start);
});

test('ziln with no buyers is a DATA_DEGENERATE error', async () => {
  await assert.rejects(
    zilnModel.fit(train.input, new Float64Array(train.y.length), { config: zilnConfig(), train: trainConfig(), seeds: seeds(1) }),
    (e: unknown) => isUserError(e) && e.code === 'DATA_DEGENERATE' && /no buyers/.test(e.message),
  );
});
