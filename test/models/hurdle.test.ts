import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../../src/backend.ts';
import { isUserError } from '../../src/errors.ts';
import { hurdleModel } from '../../src/models/hurdle.ts';
import { stratifiedSplit } from '../../src/train/split.ts';
import type { FittedNetworkModel } from '../../src/models/skeleton.ts';
import { hurdleConfig, r2, seeds, sliceRows, synthetic, trainConfig } from './fixtures.ts';

await initBackend('wasm');

const data = synthetic(3000, 41);
const train = sliceRows(data, 0, 2400);
const heldOut = sliceRows(data, 2400, 3000);

test('hurdle beats the mean predictor on held-out rows and records its log-scale info', async () => {
  const start = tf.memory().numTensors;
  const { model, report } = await hurdleModel.fit(train.input, train.y, { config: hurdleConfig(), train: trainConfig(), seeds: seeds(1) });
  assert.equal(report.status, 'ok');
  const p = model!.predict(heldOut.input);
  const score = r2(heldOut.y, p.yHat);
  assert.ok(score > 0.05, `R² ${score}`);
  assert.ok(p.purchaseProb!.every((v) => v > 0 && v < 1));
  const logs = Array.from(train.y).filter((v) => v > 0).map(Math.log);
  assert.equal(report.info.clampMin, Math.min(...logs));
  assert.equal(report.info.clampMax, Math.max(...logs));
  assert.ok(Math.abs(Number(report.info.logYMean) - logs.reduce((a, b) => a + b) / logs.length) < 1e-9);
  for (const key of ['smearingFactor', 'lognormalFactor', 'clampedFractionTrain', 'logYStd', 'retransformFactor']) {
    assert.ok(Number.isFinite(Number(report.info[key])), key);
  }
  assert.equal(report.info.retransformFactor, report.info.smearingFactor);
  model!.dispose();
  assert.equal(tf.memory().numTensors, start);
});

for (const retransform of ['smearing', 'lognormal', 'none'] as const) {
  test(`prediction = p × exp(clamped log amount) × ${retransform} factor, recomputed from the heads`, async () => {
    const { model, report } = await hurdleModel.fit(train.input, train.y, { config: hurdleConfig({ retransform }), train: trainConfig({ epochs: 3 }), seeds: seeds(2) });
    const hurdle = model as FittedNetworkModel<'hurdle', never, never>;
    const raw = hurdle.outputs(heldOut.input);
    const logit = raw.filter((_, k) => k % 2 === 0);
    const logAmountStd = raw.filter((_, k) => k % 2 === 1);
    const info = report.info;
    const factor = retransform === 'smearing' ? Number(info.smearingFactor) : retransform === 'lognormal' ? Number(info.lognormalFactor) : 1;
    const p = hurdle.predict(heldOut.input);
    for (let i = 0; i < heldOut.input.nRows; i++) {
      const prob = 1 / (1 + Math.exp(-logit[i]));
      const logAmount = Math.min(Math.max(Number(info.logYMean) + Number(info.logYStd) * logAmountStd[i], Number(info.clampMin)), Number(info.clampMax));
      const amount = Math.exp(logAmount) * factor;
      assert.ok(Math.abs(p.purchaseProb![i] - prob) < 1e-12);
      assert.ok(Math.abs(p.amount![i] - amount) <= 1e-12 * amount);
      assert.ok(Math.abs(p.yHat[i] - prob * amount) <= 1e-12 * amount);
    }
    model!.dispose();
  });
}

test('the log-amount clamp holds predictions inside the training range', async () => {
  // Rows far outside the training features push the amount head past the range seen on buyers.
  const extreme = sliceRows(heldOut, 0, 50);
  const x = extreme.input.x.map((v, i) => (i % extreme.input.nFeatures === 2 ? 40 : v));
  const input = { ...extreme.input, x };
  const fit = async (clampLogAmount: boolean) =>
    hurdleModel.fit(train.input, train.y, { config: hurdleConfig({ clampLogAmount, retransform: 'none' }), train: trainConfig({ epochs: 3 }), seeds: seeds(3) });
  const clamped = await fit(true);
  const free = await fit(false);
  const max = Math.exp(Number(clamped.report.info.clampMax));
  assert.ok(clamped.model!.predict(input).amount!.every((a) => a <= max * (1 + 1e-12)));
  assert.ok(free.model!.predict(input).amount!.some((a) => a > max), 'without the clamp the extrapolated amount exceeds the range');
  clamped.model!.dispose();
  free.model!.dispose();
});

test('round trip through JSON, determinism, and no buyers', async () => {
  const start = tf.memory().numTensors;
  const ctx = { config: hurdleConfig({ trunk: [8], dropout: 0.1 }), train: trainConfig({ epochs: 2 }), seeds: seeds(4) };
  const a = await hurdleModel.fit(train.input, train.y, ctx);
  const b = await hurdleModel.fit(train.input, train.y, ctx);
  assert.deepEqual(a.model!.toState(), b.model!.toState());
  const reloaded = hurdleModel.fromState(JSON.parse(JSON.stringify(a.model!.toState())));
  assert.deepEqual(reloaded.predict(heldOut.input), a.model!.predict(heldOut.input));
  for (const m of [a.model!, b.model!, reloaded]) m.dispose();
  await assert.rejects(
    hurdleModel.fit(train.input, new Float64Array(train.y.length), ctx),
    (e: unknown) => isUserError(e) && e.code === 'DATA_DEGENERATE' && /no buyers in the training fold: the amount head has nothing to fit/.test(e.message),
  );
  assert.equal(tf.memory().numTensors, start);
});

test('retransformation factors come from the held-out buyers of the inner split: smearing mean(e^r), lognormal e^(mean r + var r / 2)', async () => {
  const train10 = trainConfig({ epochs: 3, earlyStopping: { enabled: true, patience: 3, validationFraction: 0.25, minDelta: 0 } });
  const s = seeds(6);
  const { model, report } = await hurdleModel.fit(train.input, train.y, { config: hurdleConfig({ retransform: 'lognormal' }), train: train10, seeds: s });
  const raw = (model as FittedNetworkModel<'hurdle', never, never>).outputs(train.input);
  const info = report.info as Record<string, number>;
  const split = stratifiedSplit(Uint8Array.from(train.y, (v) => (v > 0 ? 1 : 0)), 0.25, s.used.split);
  const residuals = Array.from(split.validation)
    .filter((i) => train.y[i] > 0)
    .map((i) => Math.log(train.y[i]) - Math.min(Math.max(info.logYMean + info.logYStd * raw[2 * i + 1], info.clampMin), info.clampMax));
  const mean = residuals.reduce((a, b) => a + b, 0) / residuals.length;
  const variance = residuals.reduce((a, r) => a + (r - mean) ** 2, 0) / residuals.length;
  const smearing = residuals.reduce((a, r) => a + Math.exp(r), 0) / residuals.length;
  assert.equal(report.info.retransformRows, 'validation');
  assert.equal(info.retransformBuyers, residuals.length);
  assert.ok(Math.abs(info.smearingFactor - smearing) <= 1e-12 * smearing);
  assert.ok(Math.abs(info.lognormalFactor - Math.exp(mean + variance / 2)) <= 1e-12 * info.lognormalFactor);
  assert.equal(info.retransformFactor, info.lognormalFactor);
  model!.dispose();
});
