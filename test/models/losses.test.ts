/**
 * Every loss against values computed independently: the published formulas written out in
 * float64 on plain arrays, hand-computed values, jStat's log-normal density, and
 * scikit-learn's documented mean_tweedie_deviance example.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { createRequire } from 'node:module';
import { initBackend } from '../../src/backend.ts';
import { hurdleLoss, meanSquaredError, sigmoidCrossEntropy, SIGMA_FLOOR, tweedieDeviance, zilnLoss } from '../../src/models/losses.ts';
import { makeRng, normal } from '../../src/seeds.ts';

await initBackend('wasm');

/** jStat as an independent reference (src/report/jstat.d.ts types only the slice the reporter uses). */
const jStat = createRequire(import.meta.url)('jstat') as { lognormal: { pdf(x: number, mu: number, sigma: number): number } };

const value = (f: () => tf.Scalar) => tf.tidy(() => f().dataSync()[0]);
const close = (a: number, b: number, rel = 1e-5) => assert.ok(Math.abs(a - b) <= rel * Math.max(1, Math.abs(b)), `${a} vs ${b}`);
const rng = makeRng(17);
const n = 64;
const buyer: number[] = Array.from({ length: n }, (_, i) => (i % 4 === 0 ? 1 : 0));
const z = buyer.map((b) => (b ? normal(rng) : 0));
const outs = Array.from({ length: n }, () => [normal(rng), normal(rng), normal(rng)]);
const logistic = (x: number) => 1 / (1 + Math.exp(-x));
const naiveBce = (label: number, logit: number) => -(label * Math.log(logistic(logit)) + (1 - label) * Math.log(1 - logistic(logit)));

test('meanSquaredError and sigmoidCrossEntropy match their textbook formulas', () => {
  const a = outs.map((o) => o[0]);
  const b = outs.map((o) => o[1]);
  close(value(() => meanSquaredError(tf.tensor1d(a), tf.tensor1d(b))), a.reduce((s, v, i) => s + (v - b[i]) ** 2, 0) / n);
  close(value(() => sigmoidCrossEntropy(tf.tensor1d(buyer), tf.tensor1d(a))), buyer.reduce((s, l, i) => s + naiveBce(l, a[i]), 0) / n);
  // Hand value: BCE(1, logit 0) = log 2.
  close(value(() => sigmoidCrossEntropy(tf.tensor1d([1]), tf.tensor1d([0]))), Math.log(2));
});

test('hurdleLoss = w_p · mean BCE over all rows + w_a · mean squared z error over buyers only', () => {
  const yTrue = tf.tensor2d(buyer.map((b, i) => [b, z[i]]));
  const yPred = tf.tensor2d(outs.map((o) => [o[0], o[1]]));
  const bce = buyer.reduce((s, l, i) => s + naiveBce(l, outs[i][0]), 0) / n;
  const buyers = buyer.filter(Boolean).length;
  const mse = buyer.reduce((s, l, i) => s + (l ? (outs[i][1] - z[i]) ** 2 : 0), 0) / buyers;
  close(value(() => hurdleLoss(yTrue, yPred, { purchase: 0.7, amount: 2 })), 0.7 * bce + 2 * mse);
  tf.dispose([yTrue, yPred]);
});

test('zilnLoss plus the dropped log y + log s term is the google/lifetime_value loss: mean over all rows of BCE + 1[y>0]·NLL (jStat’s log-normal density)', () => {
  const scale = { mean: 3.2, std: 0.7 };
  const y = z.map((v, i) => (buyer[i] ? Math.exp(scale.mean + scale.std * v) : 0));
  const yTrue = tf.tensor2d(buyer.map((b, i) => [b, z[i]]));
  const ours = value(() => zilnLoss(yTrue, tf.tensor2d(outs)));
  let bce = 0;
  let nll = 0;
  let dropped = 0;
  let buyers = 0;
  y.forEach((v, i) => {
    const [logit, mu, raw] = outs[i];
    bce += naiveBce(buyer[i], logit) / n;
    if (v > 0) {
      const sigmaY = scale.std * (Math.log1p(Math.exp(raw)) + SIGMA_FLOOR);
      nll -= Math.log(jStat.lognormal.pdf(v, scale.mean + scale.std * mu, sigmaY));
      dropped += Math.log(v) + Math.log(scale.std);
      buyers += 1;
    }
  });
  assert.ok(buyers > 0 && buyers < n);
  close(ours + dropped / n, bce + nll / n);
  tf.dispose(yTrue);
  // A batch without buyers keeps only the BCE (nothing to divide by zero, nothing re-weighted).
  const none = tf.tensor2d(outs.map(() => [0, 0]));
  close(value(() => zilnLoss(none, tf.tensor2d(outs))), outs.reduce((t, o) => t + naiveBce(0, o[0]), 0) / n);
  none.dispose();
});

test('tweedieDeviance: hand values at p = 1.5, the Poisson limit of scikit-learn’s documented example, minimum at μ = y', () => {
  // d(y, μ) = 2(y^(2−p)/((1−p)(2−p)) − y μ^(1−p)/(1−p) + μ^(2−p)/(2−p)); at p = 1.5, μ = 1:
  // y = 0 → 4, y = 1 → 0, y = 4 → 2(−8 + 8 + 2) = 4.
  close(value(() => tweedieDeviance(tf.tensor1d([0, 1, 4]), tf.tensor1d([0, 0, 0]), 1.5)), 8 / 3);
  // scikit-learn: mean_tweedie_deviance([2, 0, 1, 4], [0.5, 0.5, 2, 2], power=1) = 1.4260 (Poisson deviance).
  close(value(() => tweedieDeviance(tf.tensor1d([2, 0, 1, 4]), tf.log(tf.tensor1d([0.5, 0.5, 2, 2])), 1.0001)), 1.426, 1e-3);
  const g = tf.tidy(() => tf.grad((f: tf.Tensor) => tweedieDeviance(tf.tensor1d([3]), f, 1.5))(tf.tensor1d([Math.log(3)])).dataSync()[0]);
  assert.ok(Math.abs(g) < 1e-5, `gradient at μ = y is ${g}`);
});
