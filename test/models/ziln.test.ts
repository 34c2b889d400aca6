import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../../src/backend.ts';
import { isUserError } from '../../src/errors.ts';
import { SIGMA_FLOOR } from '../../src/models/losses.ts';
import type { FittedNetworkModel } from '../../src/models/skeleton.ts';
import { zilnModel } from '../../src/models/ziln.ts';
import { r2, seeds, sliceRows, synthetic, trainConfig, zilnConfig } from './fixtures.ts';

await initBackend('wasm');

const data = synthetic(3000, 51);
const train = sliceRows(data, 0, 2400);
const heldOut = sliceRows(data, 2400, 3000);

const softplus = (r: number) => Math.log1p(Math.exp(r));

test('ziln beats the mean predictor; prediction = p · exp(μ_y + σ_y²/2) from the raw outputs, μ_y and σ_y clamped', async () => {
  const start = tf.memory().numTensors;
  const { model, report } = await zilnModel.fit(train.input, train.y, { config: zilnConfig(), train: trainConfig(), seeds: seeds(1) });
  assert.equal(report.status, 'ok');
  const p = model!.predict(heldOut.input);
  assert.ok(r2(heldOut.y, p.yHat) > 0.05, `R² ${r2(heldOut.y, p.yHat)}`);
  const raw = (model as FittedNetworkModel<'ziln', never, never>).outputs(heldOut.input);
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
