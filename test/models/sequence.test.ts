import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../../src/backend.ts';
import { isUserError } from '../../src/errors.ts';
import type { FeatureMatrix } from '../../src/features/types.ts';
import { hurdleModel } from '../../src/models/hurdle.ts';
import { sequenceModel, type SequenceModelConfig } from '../../src/models/sequence.ts';
import { buildSequenceNet, sequenceForward } from '../../src/models/sequence-net.ts';
import { makeRng, normal } from '../../src/seeds.ts';
import { hurdleConfig, r2, seeds, trainConfig } from './fixtures.ts';

await initBackend('wasm');

const config = (o: Partial<SequenceModelConfig> = {}): SequenceModelConfig => ({
  type: 'sequence', stepUnits: 8, purchaseHead: [16], amountHead: [16], dropout: 0, l2: 0, retransform: 'smearing',
  clampLogAmount: true, lossWeights: { purchase: 1, amount: 1 }, embeddingDim: 0, ...o,
});

/**
 * Rows with 3 current features and up to 3 previous sessions of width 3 (2 features + present).
 * A user buys often when a previous session had feature 0 above 1 (an earlier "long browse"), and
 * spends like their earlier feature 1: the signal lives in the history, not in the current row.
 */
function historyData(n: number, seed: number): { input: FeatureMatrix; y: Float64Array } {
  const rng = makeRng(seed);
  const layout = { offset: 3, steps: 3, width: 3, baseWidth: 2 };
  const f = layout.offset + layout.steps * layout.width;
  const x = new Float32Array(n * f);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < 3; j++) x[i * f + j] = normal(rng);
    const count = Math.floor(rng() * 4);
    let browsed = false;
    let spend = 0;
    for (let k = 0; k < count; k++) {
      const at = i * f + 3 + k * 3;
      x[at] = normal(rng);
      x[at + 1] = normal(rng);
      x[at + 2] = 1;
      if (x[at] > 1) browsed = true;
      spend += x[at + 1] / count;
    }
    const p = 1 / (1 + Math.exp(-(-2.2 + 0.5 * x[i * f] + (browsed ? 2.5 : 0))));
    y[i] = rng() < p ? Math.exp(3 + 0.8 * spend + 0.4 * normal(rng)) : 0;
  }
  return { input: { nRows: n, x, nFeatures: f, featureNames: Array.from({ length: f }, (_, j) => `f${j}`), embeddingIds: [], sequence: layout }, y };
}

const rows = (d: ReturnType<typeof historyData>, s: number, e: number) => ({
  input: { ...d.input, nRows: e - s, x: d.input.x.slice(s * d.input.nFeatures, e * d.input.nFeatures) },
  y: d.y.slice(s, e),
});

for (const fast of [false, true]) test(`gradients of the hurdle loss through the attention pooling match central finite differences (${fast ? 'fast' : 'plain'} dense path)`, () => {
  const d = historyData(6, 3);
  const layout = d.input.sequence!;
  const cfg = config({ stepUnits: 3, purchaseHead: [4], amountHead: [4] });
  const net = buildSequenceNet(cfg, layout, 17);
  const x = tf.tensor2d(d.input.x, [6, d.input.nFeatures]);
  const isBuyer = tf.tensor2d(Array.from(d.y, (v) => (v > 0 ? 1 : 0)), [6, 1]);
  const z = tf.tensor2d(Array.from(d.y, (v) => (v > 0 ? Math.log(v) - 3 : 0)), [6, 1]);
  const loss = () => tf.tidy(() => {
    const out = sequenceForward(net, cfg, layout, x, { training: false, dropoutSeed: 1 }, fast);
    const [logit, amount] = [tf.slice(out, [0, 0], [6, 1]), tf.slice(out, [0, 1], [6, 1])];
    const bce = tf.mean(tf.add(tf.sub(tf.relu(logit), tf.mul(logit, isBuyer)), tf.log1p(tf.exp(tf.neg(tf.abs(logit))))));
    return tf.add(bce, tf.mean(tf.mul(tf.square(tf.sub(amount, z)), isBuyer))) as tf.Scalar;
  });
  const { grads } = tf.variableGrads(loss, net.variables());
  let checked = 0;
  for (const v of net.variables()) {
    const g = grads[v.name].dataSync();
    const values = v.dataSync().slice();
    for (let i = 0; i < values.length; i += Math.max(1, Math.floor(values.length / 6))) {
      const eps = 1e-2;
      const at = (delta: number) => {
        const copy = values.slice();
        copy[i] += delta;
        v.assign(tf.tensor(copy, v.shape));
        return loss().dataSync()[0];
      };
      const numeric = (at(eps) - at(-eps)) / (2 * eps);
      v.assign(tf.tensor(values, v.shape));
      assert.ok(Math.abs(numeric - g[i]) <= 2e-3 + 0.03 * Math.abs(numeric), `${v.name}[${i}]: autodiff ${g[i]} vs finite difference ${numeric}`);
      checked++;
    }
  }
  assert.ok(checked > 30);
  tf.dispose([x, isBuyer, z, ...Object.values(grads)]);
  net.dispose();
});

test('padding steps are invisible: changing an absent step changes no prediction', async () => {
  const d = historyData(400, 5);
  const { model } = await sequenceModel.fit(d.input, d.y, { config: config(), train: trainConfig({ epochs: 1 }), seeds: seeds(1) });
  const before = model!.predict(d.input).yHat;
  const x = d.input.x.slice();
  for (let i = 0; i < 400; i++) for (let k = 0; k < 3; k++) if (x[i * 12 + 3 + k * 3 + 2] === 0) { x[i * 12 + 3 + k * 3] = 5; x[i * 12 + 4 + k * 3] = -7; }
  const after = model!.predict({ ...d.input, x }).yHat;
  assert.deepEqual(Array.from(after), Array.from(before));
  model!.dispose();
});

test('learns from the history: beats a hurdle on the current session alone; seeded; tensors released', async () => {
  const start = tf.memory().numTensors;
  const d = historyData(5000, 8);
  const train = rows(d, 0, 4000);
  const held = rows(d, 4000, 5000);
  const ctx = { config: config(), train: trainConfig({ epochs: 12 }), seeds: seeds(4) };
  const a = await sequenceModel.fit(train.input, train.y, ctx);
  const b = await sequenceModel.fit(train.input, train.y, ctx);
  const pa = a.model!.predict(held.input);
  assert.deepEqual(Array.from(b.model!.predict(held.input).yHat), Array.from(pa.yHat), 'same seeds, same predictions');
  const c = await sequenceModel.fit(train.input, train.y, { ...ctx, seeds: seeds(5) });
  assert.notDeepEqual(Array.from(c.model!.predict(held.input).yHat), Array.from(pa.yHat));
  // A hurdle on the current session's 3 features only.
  const cur = (m: typeof train) => ({ ...m.input, nFeatures: 3, x: Float32Array.from({ length: m.input.nRows * 3 }, (_, k) => m.input.x[Math.floor(k / 3) * 12 + (k % 3)]), sequence: undefined });
  const h = await hurdleModel.fit(cur(train), train.y, { config: hurdleConfig({ purchaseHead: [16], amountHead: [16], dropout: 0 }), train: trainConfig({ epochs: 12 }), seeds: seeds(4) });
  const seqR2 = r2(held.y, pa.yHat);
  const hurdleR2 = r2(held.y, h.model!.predict(cur(held)).yHat);
  assert.ok(seqR2 > hurdleR2 + 0.03, `sequence R² ${seqR2} vs no-history hurdle ${hurdleR2}`);
  assert.ok(pa.purchaseProb!.every((p) => p > 0 && p < 1));
  assert.equal(a.report.info.retransformFactor, a.report.info.smearingFactor);
  assert.equal(a.report.info.layoutSteps, 3);
  for (const m of [a, b, c, h]) m.model!.dispose();
  assert.equal(tf.memory().numTensors, start);
});

test('state round trip predicts bit-identically; features laid out differently are refused by name', async () => {
  const d = historyData(600, 9);
  const { model } = await sequenceModel.fit(d.input, d.y, { config: config(), train: trainConfig({ epochs: 1 }), seeds: seeds(2) });
  const back = sequenceModel.fromState(JSON.parse(JSON.stringify(model!.toState())));
  assert.deepEqual(Array.from(back.predict(d.input).yHat), Array.from(model!.predict(d.input).yHat));
  const other = { ...d.input, sequence: { offset: 6, steps: 2, width: 3, baseWidth: 2 } };
  assert.throws(() => back.predict(other), (e: unknown) => isUserError(e) && e.code === 'MODEL_INVALID' && e.details.key === 'layoutOffset');
  model!.dispose();
  back.dispose();
});
