import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../../src/backend.ts';
import { isUserError } from '../../src/errors.ts';
import { mlpModel } from '../../src/models/mlp.ts';
import { mlpConfig, r2, seeds, sliceRows, synthetic, trainConfig } from './fixtures.ts';

await initBackend('wasm');

const data = synthetic(3000, 21);
const train = sliceRows(data, 0, 2400);
const heldOut = sliceRows(data, 2400, 3000);

test('mlp beats the mean predictor on held-out rows, predictions ≥ 0, and nothing leaks', async () => {
  const start = tf.memory().numTensors;
  const { model, report } = await mlpModel.fit(train.input, train.y, { config: mlpConfig(), train: trainConfig(), seeds: seeds(1) });
  assert.equal(report.status, 'ok');
  assert.ok(Number(report.info.targetScale) > 0);
  const p = model!.predict(heldOut.input);
  assert.equal(p.yHat.length, heldOut.input.nRows);
  assert.ok(p.yHat.every((v) => v >= 0 && Number.isFinite(v)));
  const score = r2(heldOut.y, p.yHat);
  assert.ok(score > 0.05, `R² ${score}`);
  model!.dispose();
  assert.equal(tf.memory().numTensors, start);
});

test('toState → JSON → fromState predicts bit-identically', async () => {
  const start = tf.memory().numTensors;
  const { model } = await mlpModel.fit(train.input, train.y, { config: mlpConfig({ dropout: 0.1, l2: 1e-4 }), train: trainConfig({ epochs: 2 }), seeds: seeds(2) });
  const state = JSON.parse(JSON.stringify(model!.toState()));
  const reloaded = mlpModel.fromState(state);
  assert.deepEqual(reloaded.predict(heldOut.input).yHat, model!.predict(heldOut.input).yHat);
  assert.deepEqual(reloaded.toState(), state);
  model!.dispose();
  reloaded.dispose();
  assert.equal(tf.memory().numTensors, start);
});

test('same seeds ⇒ identical state and predictions; another seed ⇒ different', async () => {
  const fit = (root: number) => mlpModel.fit(train.input, train.y, { config: mlpConfig({ dropout: 0.2 }), train: trainConfig({ epochs: 2 }), seeds: seeds(root) });
  const [a, b, c] = [await fit(3), await fit(3), await fit(4)];
  assert.deepEqual(a.model!.toState().weights, b.model!.toState().weights);
  assert.deepEqual(a.model!.predict(heldOut.input).yHat, b.model!.predict(heldOut.input).yHat);
  assert.notDeepEqual(a.model!.toState().weights, c.model!.toState().weights);
  for (const r of [a, b, c]) r.model!.dispose();
});

test('a diverged fit returns no model and a reason', async () => {
  const start = tf.memory().numTensors;
  const { model, report } = await mlpModel.fit(train.input, train.y, {
    config: mlpConfig(), train: trainConfig({ learningRate: 1e6, optimizer: 'sgd', epochs: 3 }), seeds: seeds(1),
  });
  assert.equal(model, null);
  assert.equal(report.status, 'diverged');
  assert.match(report.reason ?? '', /epoch \d+: .*batch \d+/);
  assert.equal(tf.memory().numTensors, start);
});

test('bad inputs are user errors naming the problem', async () => {
  const x = train.input.x.slice();
  x[7] = NaN;
  await assert.rejects(
    mlpModel.fit({ ...train.input, x }, train.y, { config: mlpConfig(), train: trainConfig(), seeds: seeds(1) }),
    (e: unknown) => isUserError(e) && e.code === 'DATA_DEGENERATE' && /feature "x7" is not finite at row 0/.test(e.message),
  );
  await assert.rejects(
    mlpModel.fit(train.input, train.y.slice(1), { config: mlpConfig(), train: trainConfig(), seeds: seeds(1) }),
    (e: unknown) => isUserError(e) && /disagree in size/.test(e.message),
  );
  const { model } = await mlpModel.fit(train.input, train.y, { config: mlpConfig(), train: trainConfig({ epochs: 1 }), seeds: seeds(1) });
  assert.throws(() => model!.predict({ ...heldOut.input, nFeatures: 3, x: new Float32Array(3 * heldOut.input.nRows) }), /features do not match/);
  model!.dispose();
});

test('learned embeddings pick up a categorical signal the dense features lack', async () => {
  const start = tf.memory().numTensors;
  const withIds = synthetic(3000, 31, 4, 12);
  const tr = sliceRows(withIds, 0, 2400);
  const te = sliceRows(withIds, 2400, 3000);
  const indicator = (v: number) => (v > 0 ? 1 : 0);
  const score = async (embeddingDim: number) => {
    const yBuy = Float64Array.from(tr.y, indicator);
    const { model } = await mlpModel.fit(tr.input, yBuy, { config: mlpConfig({ embeddingDim }), train: trainConfig({ epochs: 6 }), seeds: seeds(5) });
    const s = r2(Float64Array.from(te.y, indicator), model!.predict(te.input).yHat);
    const state = JSON.parse(JSON.stringify(model!.toState()));
    const reloaded = mlpModel.fromState(state);
    assert.deepEqual(reloaded.predict(te.input).yHat, model!.predict(te.input).yHat);
    model!.dispose();
    reloaded.dispose();
    return s;
  };
  const without = await score(0);
  const withEmbedding = await score(4);
  assert.ok(withEmbedding > without + 0.05, `R² with embedding ${withEmbedding} vs without ${without}`);
  assert.equal(tf.memory().numTensors, start);
});
