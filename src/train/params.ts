/**
 * Parameters of a stack of dense layers (an MLP, or a trunk / head of a two-part model), held as
 * `tf.Variable`s, and its forward pass. Initial values come from our own seeded generator, one
 * derived seed per layer, so they do not depend on the backend or on tfjs's seed handling
 * (which treats seed 0 as "unseeded"). Hidden layers are He-uniform (ReLU); the output layer is
 * Glorot-uniform; biases start at zero.
 */
import * as tf from '@tensorflow/tfjs';
import { deriveSeed, makeRng } from '../seeds.ts';
import { densePlain } from './dense.ts';
import { denseStack } from './dense-stack.ts';

export interface DenseLayer {
  name: string;
  kernel: tf.Variable<tf.Rank.R2>;
  bias: tf.Variable<tf.Rank.R1>;
}

export interface Stack {
  name: string;
  inputDim: number;
  /** Width of the stack's output: the last hidden size, the output size, or inputDim when empty. */
  outputDim: number;
  layers: DenseLayer[];
  /** Whether the last layer is a linear output layer (no ReLU, no dropout after it). */
  linearOutput: boolean;
}

/** Seed of an initialiser, or null for a network whose values are loaded next (zeros, no draw). */
export type InitSeed = number | null;

function uniformValues(n: number, limit: number, seed: number | null): Float32Array {
  const out = new Float32Array(n);
  if (seed === null) return out;
  const rng = makeRng(seed);
  for (let i = 0; i < n; i++) out[i] = (2 * rng() - 1) * limit;
  return out;
}

function makeLayer(name: string, fanIn: number, fanOut: number, init: 'he' | 'glorot', seed: InitSeed): DenseLayer {
  const limit = init === 'he' ? Math.sqrt(6 / fanIn) : Math.sqrt(6 / (fanIn + fanOut));
  const kernelValues = uniformValues(fanIn * fanOut, limit, seed === null ? null : deriveSeed(seed, name));
  // tidy releases the initial-value temporaries; variables survive it.
  const [kernel, bias] = tf.tidy(() => [
    tf.variable(tf.tensor2d(kernelValues, [fanIn, fanOut]), true, undefined, 'float32'),
    tf.variable(tf.zeros([fanOut]), true, undefined, 'float32'),
  ]);
  return { name, kernel: kernel as tf.Variable<tf.Rank.R2>, bias: bias as tf.Variable<tf.Rank.R1> };
}

/**
 * `hidden` ReLU layers, then (when `outputDim` is a number) one linear output layer.
 * Layer names are `${name}/dense${i}` and `${name}/out`; they are the keys of saved weights.
 */
export function createStack(name: string, inputDim: number, hidden: number[], outputDim: number | null, seed: InitSeed): Stack {
  const layers: DenseLayer[] = [];
  let width = inputDim;
  hidden.forEach((size, i) => {
    layers.push(makeLayer(`${name}/dense${i}`, width, size, 'he', seed));
    width = size;
  });
  if (outputDim !== null) {
    layers.push(makeLayer(`${name}/out`, width, outputDim, 'glorot', seed));
    width = outputDim;
  }
  return { name, inputDim, outputDim: width, layers, linearOutput: outputDim !== null };
}

export interface ForwardOptions {
  fast: boolean;
  training: boolean;
  dropout: number;
  /** Seed for this step's dropout masks; each layer derives its own from it. */
  dropoutSeed: number;
  /** Whether the stack's input needs a gradient (false when it is the data itself). */
  inputGrad: boolean;
}

/**
 * Forward pass: ReLU hidden layers with (training only) inverted dropout after each. The fast path
 * runs the stack as one custom-gradient op (dense-stack.ts); the plain path chains ordinary ops.
 */
export function forwardStack(stack: Stack, x: tf.Tensor2D, opts: ForwardOptions): tf.Tensor2D {
  const dropout = opts.training ? opts.dropout : 0;
  if (opts.fast) {
    return denseStack(x, stack.layers, {
      linearOutput: stack.linearOutput,
      dropout,
      dropoutSeeds: dropout > 0 ? stack.layers.map((l) => deriveSeed(opts.dropoutSeed, l.name)) : [],
      inputGrad: opts.inputGrad,
    });
  }
  let h = x;
  stack.layers.forEach((layer, i) => {
    const isOutput = stack.linearOutput && i === stack.layers.length - 1;
    h = densePlain(h, layer.kernel, layer.bias, isOutput ? 'linear' : 'relu');
    if (!isOutput && dropout > 0) {
      h = tf.dropout(h, dropout, undefined, deriveSeed(opts.dropoutSeed, layer.name)) as tf.Tensor2D;
    }
  });
  return h;
}

export function stackVariables(stack: Stack): tf.Variable[] {
  return stack.layers.flatMap((l) => [l.kernel, l.bias]);
}

/** Keras-style L2 penalty: l2 · Σ W² over kernels (biases are not penalised). Null when l2 = 0. */
export function l2Penalty(stacks: Stack[], l2: number): tf.Scalar | null {
  if (l2 <= 0) return null;
  const kernels = stacks.flatMap((s) => s.layers.map((l) => l.kernel));
  if (kernels.length === 0) return null;
  return tf.mul(l2, tf.addN(kernels.map((k) => tf.sum(tf.square(k))))) as tf.Scalar;
}

export function disposeStack(stack: Stack): void {
  for (const l of stack.layers) {
    l.kernel.dispose();
    l.bias.dispose();
  }
}
