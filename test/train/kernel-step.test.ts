import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../../src/backend.ts';
import type { ModelConfig } from '../../src/config/types.ts';
import { hurdleModel } from '../../src/models/hurdle.ts';
import { mlpModel } from '../../src/models/mlp.ts';
import type { ModelDefinition } from '../../src/models/types.ts';
import { tweedieModel } from '../../src/models/tweedie.ts';
import { zilnModel } from '../../src/models/ziln.ts';
import { chooseKernel, type KernelPlan } from '../../src/train/kernel-step.ts';
import { hurdleConfig, mlpConfig, r2, seeds, sliceRows, synthetic, trainConfig, zilnConfig } from '../models/fixtures.ts';

await initBackend('wasm');

const plan = (unsupported: string | null) => ({ unsupported }) as KernelPlan;

test('chooseKernel: the setting, the backend and the model decide; every choice has a reason', () => {
  const cases: [Parameters<typeof chooseKernel>, string, RegExp][] = [
    [[undefined, 'wasm', plan(null)], 'tfjs', /not set/],
    [['tfjs', 'wasm', plan(null)], 'tfjs', /train.kernel: tfjs/],
    [['auto', 'tensorflow', plan(null)], 'tfjs', /tensorflow/],
    [['auto', 'wasm', plan(null)], 'wasm-simd', /auto on the wasm backend/],
    [['auto', 'cpu', plan(null)], 'wasm-simd', /cpu/],
    [['wasm-simd', 'tensorflow', plan(null)], 'wasm-simd', /train.kernel: wasm-simd/],
    [['wasm-simd', 'wasm', plan('learned embeddings')], 'tfjs', /fell back to tfjs: learned embeddings/],
    [['auto', 'wasm', undefined], 'tfjs', /does not describe its network/],
  ];
  for (const [args, used, reason] of cases) {
    const choice = chooseKernel(...args);
    assert.equal(choice.used, used, JSON.stringify(args));
    assert.match(choice.reason, reason);
    assert.equal(choice.requested, args[0] ?? 'unset');
  }
});

const data = synthetic(2400, 31);
const fitRows = sliceRows(data, 0, 1800);
const heldOut = sliceRows(data, 1800, 2400);

const MODELS: [string, ModelDefinition, ModelConfig][] = [
  ['mlp', mlpModel, mlpConfig({ hidden: [13, 6] })],
  ['hurdle with a trunk', hurdleModel, hurdleConfig({ trunk: [10], purchaseHead: [7], amountHead: [] })],
  ['hurdle without a trunk', hurdleModel, hurdleConfig({ purchaseHead: [9], amountHead: [5] })],
  ['ziln', zilnModel, zilnConfig({ hidden: [11, 5] })],
  ['tweedie', tweedieModel, tweedieModel.configSchema.parse({ type: 'tweedie', hidden: [9, 6], dropout: 0 }) as ModelConfig],
];

function weightsOf(state: { weights: { values: number[] }[] }): number[] {
  return state.weights.flatMap((w) => w.values);
}

for (const [name, model, config] of MODELS) {
  test(`${name}: one full-batch step on wasm-simd equals the tfjs step to 1e-5`, async () => {
    const start = tf.memory().numTensors;
    const train = trainConfig({ epochs: 1, batchSize: fitRows.input.nRows, learningRate: 0.01 });
    const fit = (kernel: 'tfjs' | 'wasm-simd') => model.fit(fitRows.input, fitRows.y, { config, train: { ...train, kernel }, seeds: seeds(3) });
    const [a, b] = [await fit('tfjs'), await fit('wasm-simd')];
    assert.equal(a.report.kernel?.used, 'tfjs');
    assert.equal(b.report.kernel?.used, 'wasm-simd');
    const [wa, wb] = [weightsOf(a.model!.toState()), weightsOf(b.model!.toState())];
    const scale = Math.max(...wa.map(Math.abs));
    const worst = Math.max(...wa.map((v, i) => Math.abs(v - wb[i])));
    assert.ok(worst / scale < 1e-5, `weights differ by ${worst / scale} (relative)`);
    assert.ok(Math.abs(a.report.history[0].loss - b.report.history[0].loss) <= 1e-5 * Math.abs(a.report.history[0].loss));
    a.model!.dispose();
    b.model!.dispose();
    assert.equal(tf.memory().numTensors, start);
  });

  test(`${name}: trains on wasm-simd (dropout, l2, early stopping) as well as on tfjs, and the same seed gives the same bits`, async () => {
    const start = tf.memory().numTensors;
    const train = trainConfig({ epochs: 6, earlyStopping: { enabled: true, patience: 2, validationFraction: 0.2, minDelta: 0 } });
    const withKernel = { ...config, dropout: 0.1, l2: 1e-4 } as ModelConfig;
    const fit = (kernel: 'tfjs' | 'wasm-simd') => model.fit(fitRows.input, fitRows.y, { config: withKernel, train: { ...train, kernel }, seeds: seeds(4) });
    const ours = await fit('wasm-simd');
    const again = await fit('wasm-simd');
    const theirs = await fit('tfjs');
    assert.equal(ours.report.status, 'ok');
    assert.equal(ours.report.kernel?.used, 'wasm-simd');
    const [p, q, t] = [ours, again, theirs].map((f) => f.model!.predict(heldOut.input).yHat);
    assert.deepEqual(p, q, 'same seed, same bits');
    assert.deepEqual(ours.report.history, again.report.history);
    // Different dropout masks and summation orders: not the same numbers, the same quality.
    const [ro, rt] = [r2(heldOut.y, p), r2(heldOut.y, t)];
    // (These small nets with dropout score near 0 on either path; the test is that ours is no worse.)
    assert.ok(ro > rt - 0.05, `wasm-simd R² ${ro} vs tfjs ${rt}`);
    const losses = ours.report.history.map((h) => h.loss);
    assert.ok(losses.at(-1)! < 0.8 * losses[0], `training loss ${losses.join(' → ')}`);
    [ours, again, theirs].forEach((f) => f.model!.dispose());
    assert.equal(tf.memory().numTensors, start);
  });
}

test('learned embeddings fall back to tfjs, with the reason in the fit report', async () => {
  const withIds = synthetic(600, 5, 6, 7);
  const { model, report } = await mlpModel.fit(withIds.input, withIds.y, {
    config: mlpConfig({ embeddingDim: 2 }),
    train: trainConfig({ epochs: 1, kernel: 'wasm-simd' }),
    seeds: seeds(5),
  });
  assert.equal(report.status, 'ok');
  assert.equal(report.kernel?.used, 'tfjs');
  assert.match(report.kernel!.reason, /embeddings/);
  model!.dispose();
});
