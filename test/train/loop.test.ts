import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../../src/backend.ts';
import { isUserError } from '../../src/errors.ts';
import { deriveSeed } from '../../src/seeds.ts';
import type { TrainData } from '../../src/train/batches.ts';
import { evaluateLoss, trainLoop, type LoopContext, type Trainable } from '../../src/train/loop.ts';
import { createStack, disposeStack, forwardStack, l2Penalty, stackVariables, type Stack } from '../../src/train/params.ts';
import { stratifiedSplit } from '../../src/train/split.ts';
import { seeds, synthetic, trainConfig } from '../models/fixtures.ts';

await initBackend('wasm');

function regressionData(nRows: number, seed: number, poison = false): TrainData {
  const { input, y } = synthetic(nRows, seed);
  const x = input.x.slice();
  if (poison) x[5 * input.nFeatures + 1] = NaN;
  return {
    nRows,
    nFeatures: input.nFeatures,
    x,
    targets: Float32Array.from(y, (v) => Math.log1p(v)),
    nTargets: 1,
    strata: Uint8Array.from(y, (v) => (v > 0 ? 1 : 0)),
    ids: [],
  };
}

function mseTrainable(stack: Stack, fast: boolean, dropout = 0, l2 = 0): Trainable {
  return {
    variables: stackVariables(stack),
    forward: (batch, pass) => forwardStack(stack, batch.x, { fast, training: pass.training, dropout, dropoutSeed: pass.dropoutSeed, inputGrad: false }),
    loss: (targets, outputs) => tf.mean(tf.squaredDifference(outputs, targets)) as tf.Scalar,
    penalty: () => l2Penalty([stack], l2),
    dropout,
  };
}

function ctx(train: Partial<LoopContext['train']>, root = 1, extra: Partial<LoopContext> = {}): LoopContext {
  return { train: trainConfig(train), seeds: seeds(root), ...extra };
}

const weightsOf = (stack: Stack) => stackVariables(stack).map((v) => Array.from(v.dataSync()));

test('early stopping restores the weights of the best epoch', async () => {
  const start = tf.memory().numTensors;
  const data = regressionData(600, 3);
  const stack = createStack('m', data.nFeatures, [64, 64], 1, 5);
  const trainable = mseTrainable(stack, true);
  // A large learning rate on few rows overfits quickly, so validation loss turns up.
  const c = ctx({ epochs: 40, batchSize: 32, learningRate: 0.01, earlyStopping: { enabled: true, patience: 3, validationFraction: 0.25, minDelta: 0 } });
  const report = await trainLoop(trainable, data, c);
  assert.equal(report.status, 'ok');
  assert.ok(report.bestEpoch < report.epochsRun, `stopped early after the best epoch (best ${report.bestEpoch}, ran ${report.epochsRun})`);
  assert.equal(report.epochsRun, report.bestEpoch + 3);
  const best = report.history[report.bestEpoch - 1];
  const last = report.history[report.history.length - 1];
  const split = stratifiedSplit(data.strata, 0.25, c.seeds.used.split);
  assert.equal(report.validationRows, split.validation.length);
  const recomputed = evaluateLoss(trainable, data, split.validation);
  assert.equal(recomputed, best.valLoss);
  assert.notEqual(recomputed, last.valLoss);
  disposeStack(stack);
  assert.equal(tf.memory().numTensors, start);
});

test('same seeds give bit-identical weights; a different seed gives different ones', async () => {
  const data = regressionData(500, 4);
  const run = async (root: number, dropout: number) => {
    const stack = createStack('m', data.nFeatures, [16], 1, deriveSeed(root, 'init'));
    await trainLoop(mseTrainable(stack, true, dropout, 1e-3), data, ctx({ epochs: 3, earlyStopping: { enabled: true, patience: 5, validationFraction: 0.2, minDelta: 0 } }, root));
    const w = weightsOf(stack);
    disposeStack(stack);
    return w;
  };
  const a = await run(1, 0.2);
  assert.deepEqual(await run(1, 0.2), a);
  assert.notDeepEqual(await run(2, 0.2), a);
});

test('fast and plain paths train the same network to nearly the same weights', async () => {
  const data = regressionData(400, 6);
  const run = async (fast: boolean) => {
    const stack = createStack('m', data.nFeatures, [16, 8], 1, 9);
    const report = await trainLoop(mseTrainable(stack, fast), data, ctx({ epochs: 2, fastPath: fast }));
    const w = weightsOf(stack);
    disposeStack(stack);
    return { w, loss: report.history[1].loss };
  };
  const fast = await run(true);
  const plain = await run(false);
  assert.ok(Math.abs(fast.loss - plain.loss) < 1e-3 * Math.abs(plain.loss));
  fast.w.forEach((layer, i) => layer.forEach((v, j) => assert.ok(Math.abs(v - plain.w[i][j]) < 1e-3, `weight ${i}[${j}]`)));
});

for (const [name, train, poison] of [
  ['a huge learning rate', { learningRate: 1e6, optimizer: 'sgd' as const }, false],
  ['a NaN feature', {}, true],
] as const) {
  test(`divergence from ${name} is reported with epoch and batch, and nothing leaks`, async () => {
    const start = tf.memory().numTensors;
    const data = regressionData(300, 8, poison);
    const stack = createStack('m', data.nFeatures, [16], 1, 2);
    const report = await trainLoop(mseTrainable(stack, true), data, ctx({ epochs: 5, ...train }));
    assert.equal(report.status, 'diverged');
    assert.match(report.reason ?? '', /^epoch 1: (training loss became (NaN|-?Infinity) at|weights became non-finite by) batch \d+ of \d+/);
    disposeStack(stack);
    assert.equal(tf.memory().numTensors, start);
  });
}

test('shouldStop interrupts between batches with an INTERRUPTED error', async () => {
  const start = tf.memory().numTensors;
  const data = regressionData(300, 9);
  const stack = createStack('m', data.nFeatures, [8], 1, 2);
  let polls = 0;
  await assert.rejects(
    trainLoop(mseTrainable(stack, true), data, ctx({ epochs: 5 }, 1, { shouldStop: () => ++polls > 1 })),
    (e: unknown) => isUserError(e) && e.code === 'INTERRUPTED' && /epoch 1/.test(e.message),
  );
  disposeStack(stack);
  assert.equal(tf.memory().numTensors, start);
});

test('onEpoch reports every epoch with losses and timing', async () => {
  const data = regressionData(200, 10);
  const stack = createStack('m', data.nFeatures, [8], 1, 2);
  const seen: number[] = [];
  await trainLoop(mseTrainable(stack, true), data, ctx({ epochs: 3 }, 1, { onEpoch: (e) => (assert.ok(e.loss > 0 && e.ms >= 0 && e.epochs === 3), seen.push(e.epoch)) }));
  assert.deepEqual(seen, [1, 2, 3]);
  disposeStack(stack);
});

test('the loop records the streams it draws on: split only with early stopping, dropout only when units drop', async () => {
  const data = regressionData(300, 3);
  const streams = async (earlyStopping: boolean, dropout: number) => {
    const stack = createStack('m', data.nFeatures, [8], 1, 3);
    const c = ctx({ epochs: 2, earlyStopping: { enabled: earlyStopping, patience: 5, validationFraction: 0.2, minDelta: 0 } }, 4);
    await trainLoop(mseTrainable(stack, true, dropout), data, c);
    disposeStack(stack);
    return c.seeds.used;
  };
  const all = { split: deriveSeed(4, 'split'), shuffle: deriveSeed(4, 'shuffle'), dropout: deriveSeed(4, 'dropout') };
  assert.deepEqual(await streams(true, 0.2), all);
  assert.deepEqual(await streams(false, 0.2), { shuffle: all.shuffle, dropout: all.dropout });
  assert.deepEqual(await streams(true, 0), { split: all.split, shuffle: all.shuffle });
  assert.deepEqual(await streams(false, 0), { shuffle: all.shuffle });
});
