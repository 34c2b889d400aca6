/**
 * The training step on our WebAssembly SIMD kernels (src/kernels/), and the choice between it
 * and the tfjs step.
 *
 * A model describes its network as a `KernelPlan` (its dense stacks, which one reads which, and
 * its loss). During the loop the weights live in the kernel's linear memory; each step copies
 * the batch in, runs forward, the loss gradient (JavaScript, one pass over the batch), backward
 * and the optimizer there, and returns the loss as a number: no tensor is created. The model's
 * tf.Variables are brought up to date (`sync`) only when something reads them: validation, the
 * best-epoch snapshot, the end of training.
 */
import * as tf from '@tensorflow/tfjs';
import type { KernelChoice, KernelSetting, TrainConfig } from './types.ts';
import { lossAndGrad, type KernelLoss } from '../kernels/losses.ts';
import { kernelsUnavailable } from '../kernels/module.ts';
import { KernelNet } from '../kernels/net.ts';
import { deriveSeed } from '../seeds.ts';
import type { TrainData } from './batches.ts';
import type { Stack } from './params.ts';

export interface KernelPlan {
  /** Stacks in forward order; `input` is the index of the stack each reads, -1 for the data. */
  stacks: { stack: Stack; input: number }[];
  /** Indices of the stacks whose outputs the loss reads, in the loss's order. */
  outputs: number[];
  loss: KernelLoss;
  dropout: number;
  l2: number;
  /** Why this model cannot train on the kernels (e.g. learned embeddings); null when it can. */
  unsupported: string | null;
}

/** The kernels' one gap: learned embeddings are gathered and trained by tfjs only. */
export function embeddingsUnsupported(embeddingDim: number): string | null {
  return embeddingDim > 0 ? 'learned embeddings (model.embeddingDim > 0) are not implemented in the wasm-simd kernels' : null;
}

export type { KernelChoice } from './types.ts';

/**
 * `auto` → wasm-simd on the wasm and cpu backends, tfjs on tfjs-node's tensorflow backend (its
 * native matMuls are multi-threaded; ours run on one thread). An unset setting (a result file
 * written before `train.kernel` existed) → tfjs, so old runs reproduce exactly. A model the
 * kernels cannot run falls back to tfjs, with the reason.
 */
export function chooseKernel(setting: KernelSetting | undefined, backend: string, plan: KernelPlan | undefined): KernelChoice {
  const requested = setting ?? 'unset';
  if (setting === undefined) return { requested, used: 'tfjs', reason: 'train.kernel is not set (a result file from before the setting): tfjs, as it was trained' };
  if (setting === 'tfjs') return { requested, used: 'tfjs', reason: 'train.kernel: tfjs' };
  if (setting === 'auto' && backend === 'tensorflow') return { requested, used: 'tfjs', reason: 'auto on the tensorflow backend: its native multi-threaded kernels' };
  const blocked = !plan ? 'this model does not describe its network to the kernels' : plan.unsupported ?? kernelsUnavailable();
  if (blocked) return { requested, used: 'tfjs', reason: `fell back to tfjs: ${blocked}` };
  return { requested, used: 'wasm-simd', reason: setting === 'auto' ? `auto on the ${backend} backend` : 'train.kernel: wasm-simd' };
}

export class KernelTrainStep {
  private readonly net: KernelNet;
  private readonly layerNames: string[];
  private readonly targets: Float32Array;
  private readonly outputs;
  private readonly grads;

  constructor(
    private readonly plan: KernelPlan,
    private readonly data: TrainData,
    train: TrainConfig,
  ) {
    this.net = new KernelNet({
      inputDim: data.nFeatures,
      batchSize: train.batchSize,
      stacks: plan.stacks.map(({ stack, input }) => ({ input, widths: [stack.inputDim, ...stack.layers.map((l) => l.kernel.shape[1])], linearOutput: stack.linearOutput })),
      dropout: plan.dropout,
      l2: plan.l2,
      optimizer: train.optimizer,
      learningRate: train.learningRate,
    });
    plan.stacks.forEach(({ stack }, s) =>
      stack.layers.forEach((layer, l) => this.net.setLayer(s, l, layer.kernel.dataSync() as Float32Array, layer.bias.dataSync() as Float32Array)),
    );
    this.layerNames = plan.stacks.flatMap(({ stack }) => stack.layers.map((l) => l.name));
    this.targets = new Float32Array(train.batchSize * data.nTargets);
    this.outputs = plan.outputs.map((s) => this.net.output(s));
    this.grads = plan.outputs.map((s) => this.net.outputGrad(s));
  }

  /** One update on `rows`; returns the batch's mean data loss. Dropout seeds as the tfjs path derives them. */
  step(rows: Int32Array, dropoutSeed: number): number {
    const { data, net } = this;
    const k = data.nTargets;
    net.loadRows(data.x, rows);
    for (let r = 0; r < rows.length; r++) for (let j = 0; j < k; j++) this.targets[r * k + j] = data.targets[rows[r] * k + j];
    const seeds = this.plan.dropout > 0 ? this.layerNames.map((name): [number, number] => [deriveSeed(dropoutSeed, name), deriveSeed(dropoutSeed, name, 'mask')]) : null;
    net.forward(rows.length, seeds);
    const loss = lossAndGrad(this.plan.loss, { outputs: this.outputs, grads: this.grads, targets: this.targets, nTargets: k, rows: rows.length });
    net.backward(rows.length);
    net.update();
    return loss;
  }

  /** Whether every weight is finite (ReLU can hide NaN weights behind a finite loss). */
  weightsFinite(): boolean {
    const w = this.net.weightValues();
    let sum = 0;
    for (let i = 0; i < w.length; i++) sum += w[i];
    return Number.isFinite(sum);
  }

  /** Copies the current weights into the model's variables (fresh tensors: see optimizer.ts on XNNPACK's cache). */
  sync(): void {
    this.plan.stacks.forEach(({ stack }, s) =>
      stack.layers.forEach((layer, l) => {
        const { kernel, bias } = this.net.getLayer(s, l);
        tf.tidy(() => {
          layer.kernel.assign(tf.tensor2d(kernel, layer.kernel.shape as [number, number]));
          layer.bias.assign(tf.tensor1d(bias));
        });
      }),
    );
  }
}
