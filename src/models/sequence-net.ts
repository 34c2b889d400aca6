/**
 * The sequence model's network: attention pooling over the user's previous sessions, joined with
 * the current session, feeding two hurdle heads.
 *
 *   step j (previous session: its features, counts, purchase, days before now, present flag)
 *     e_j = relu(W_e s_j + b_e)                                  [d]
 *   query from the current session  q = W_q x + b_q               [d]
 *   score_j = q·e_j / √d + u·e_j + c, masked to present steps; α = softmax(score) · present
 *   pooled = Σ_j α_j e_j (0 with no history); total = Σ_j present_j e_j / N; share = present steps / N
 *   h = [x, pooled, total, share] → purchase head (logit), amount head (standardised log amount)
 *
 * Attention picks the sessions that matter for this one (a recent long browse); the total keeps
 * what an average forgets (how many earlier purchases, not only that there were some).
 *
 * The dense stacks take the hand-written fast path when `fast` (train.fastPath), the attention
 * in between is plain tfjs ops differentiated by autodiff; the tests check both paths' gradients
 * against finite differences. The input row is the pipeline's layout: the current session's
 * features first, then `steps` blocks of `width` (features/history.ts).
 */
import * as tf from '@tensorflow/tfjs';
import type { SequenceLayout } from '../features/history.ts';
import type { LossPass } from '../train/loop.ts';
import { createStack, forwardStack } from '../train/params.ts';
import { Network } from './network.ts';

export interface SequenceNetConfig {
  stepUnits: number;
  purchaseHead: number[];
  amountHead: number[];
  dropout: number;
}

export function buildSequenceNet(config: SequenceNetConfig, layout: SequenceLayout, seed: number): Network {
  const d = config.stepUnits;
  const joined = layout.offset + 2 * d + 1;
  return new Network([], [
    createStack('step', layout.width, [d], null, seed),
    createStack('query', layout.offset, [], d, seed),
    createStack('score', d, [], 1, seed),
    createStack('purchase', joined, config.purchaseHead, 1, seed),
    createStack('amount', joined, config.amountHead, 1, seed),
  ]);
}

/** [purchase logit, standardised log amount], each [B, 1]. */
export function sequenceHeads(net: Network, config: SequenceNetConfig, layout: SequenceLayout, x: tf.Tensor2D, pass: LossPass, fast: boolean): [tf.Tensor2D, tf.Tensor2D] {
  const [step, query, score, purchase, amount] = net.stacks;
  const { offset, steps: n, width: w } = layout;
  const d = config.stepUnits;
  const b = x.shape[0];
  const opts = { fast, training: pass.training, dropout: config.dropout, dropoutSeed: pass.dropoutSeed };
  const current = tf.slice(x, [0, 0], [b, offset]);
  const sessions = tf.reshape(tf.slice(x, [0, offset], [b, n * w]), [b * n, w]) as tf.Tensor2D;
  const present = tf.reshape(tf.slice(sessions, [0, w - 1], [b * n, 1]), [b, n]);
  const e = forwardStack(step, sessions, { ...opts, inputGrad: false });
  const e3 = tf.reshape(e, [b, n, d]);
  const q = forwardStack(query, current, { ...opts, inputGrad: false });
  const bilinear = tf.div(tf.sum(tf.mul(e3, tf.expandDims(q, 1)), 2), Math.sqrt(d));
  const logits = tf.add(bilinear, tf.reshape(forwardStack(score, e, { ...opts, inputGrad: true }), [b, n]));
  // Absent steps get −1e4 (exp underflows to 0); with no step present α is 0 everywhere.
  const alpha = tf.mul(tf.softmax(tf.add(logits, tf.mul(tf.sub(present, 1), 1e4))), present);
  const pooled = tf.sum(tf.mul(e3, tf.expandDims(alpha, 2)), 1) as tf.Tensor2D;
  const total = tf.div(tf.sum(tf.mul(e3, tf.expandDims(present, 2)), 1), n) as tf.Tensor2D;
  const share = tf.mean(present, 1, true) as tf.Tensor2D;
  const h = tf.concat([current, pooled, total, share], 1) as tf.Tensor2D;
  return [forwardStack(purchase, h, { ...opts, inputGrad: true }), forwardStack(amount, h, { ...opts, inputGrad: true })];
}
