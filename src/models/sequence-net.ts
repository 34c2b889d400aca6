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
import type { LossPass } from '../train/step.ts';
import { createStack, forwardStack, type InitSeed, type Stack } from '../train/params.ts';
import { Network } from './network.ts';

export interface SequenceNetConfig {
  stepUnits: number;
  purchaseHead: number[];
  amountHead: number[];
  dropout: number;
}

export function buildSequenceNet(config: SequenceNetConfig, layout: SequenceLayout, seed: InitSeed): Network {
  const d = config.stepUnits;
  const joined = layout.offset + 2 * d + 1;
  const attention = layout.steps > 0
    ? [createStack('step', layout.width, [d], null, seed), createStack('query', layout.offset, [], d, seed), createStack('score', d, [], 1, seed)]
    : [];
  return new Network([], [createStack('purchase', joined, config.purchaseHead, 1, seed), createStack('amount', joined, config.amountHead, 1, seed), ...attention]);
}

function stack(net: Network, name: string): Stack {
  const s = net.stacks.find((x) => x.name === name);
  if (!s) throw new Error(`sequence network has no ${name} stack`);
  return s;
}

/** Head outputs [B, 2]: purchase logit, standardised log amount. */
export function sequenceForward(net: Network, config: SequenceNetConfig, layout: SequenceLayout, x: tf.Tensor2D, pass: LossPass, fast: boolean): tf.Tensor2D {
  const { offset, steps: n, width: w } = layout;
  const d = config.stepUnits;
  const b = x.shape[0];
  const opts = { fast, training: pass.training, dropout: config.dropout, dropoutSeed: pass.dropoutSeed };
  const current = tf.slice(x, [0, 0], [b, offset]);
  let code: tf.Tensor2D;
  if (n === 0) {
    code = tf.zeros([b, 2 * d + 1]);
  } else {
    const sessions = tf.reshape(tf.slice(x, [0, offset], [b, n * w]), [b * n, w]) as tf.Tensor2D;
    const present = tf.reshape(tf.slice(sessions, [0, w - 1], [b * n, 1]), [b, n]);
    const e = forwardStack(stack(net, 'step'), sessions, { ...opts, inputGrad: false });
    const e3 = tf.reshape(e, [b, n, d]);
    const q = forwardStack(stack(net, 'query'), current, { ...opts, inputGrad: false });
    const bilinear = tf.div(tf.sum(tf.mul(e3, tf.expandDims(q, 1)), 2), Math.sqrt(d));
    const logits = tf.add(bilinear, tf.reshape(forwardStack(stack(net, 'score'), e, { ...opts, inputGrad: true }), [b, n]));
    // Absent steps get −1e4 (exp underflows to 0); with no step present α is 0 everywhere.
    const alpha = tf.mul(tf.softmax(tf.add(logits, tf.mul(tf.sub(present, 1), 1e4))), present);
    const pooled = tf.sum(tf.mul(e3, tf.expandDims(alpha, 2)), 1);
    const total = tf.div(tf.sum(tf.mul(e3, tf.expandDims(present, 2)), 1), n);
    code = tf.concat([pooled, total, tf.mean(present, 1, true)], 1) as tf.Tensor2D;
  }
  const h = tf.concat([current, code], 1) as tf.Tensor2D;
  return tf.concat([forwardStack(stack(net, 'purchase'), h, { ...opts, inputGrad: true }), forwardStack(stack(net, 'amount'), h, { ...opts, inputGrad: true })], 1) as tf.Tensor2D;
}
