/**
 * The network every model is built from: optional learned embeddings, a trunk of dense layers
 * (possibly empty) and zero or more heads on top of it, whose outputs are concatenated. Also its
 * weights as plain JSON, and memory-bounded batched inference.
 */
import * as tf from '@tensorflow/tfjs';
import type { FeatureMatrix } from '../features/types.ts';
import type { BatchTensors, TrainData } from '../train/batches.ts';
import { createEmbedding, embedInputs, type EmbeddingTable } from '../train/embedding.ts';
import { createStack, disposeStack, forwardStack, l2Penalty, stackVariables, type InitSeed, type Stack } from '../train/params.ts';
import type { LossPass } from '../train/step.ts';
import { exportWeights, importWeights, type NamedWeights } from '../train/weights.ts';

/** One dense stack: its name (the prefix of its weights), hidden widths and linear outputs (null: none). */
export interface StackShape {
  name: string;
  hidden: number[];
  outputs: number | null;
}

/** A network's architecture: the trunk, then heads fed by the trunk (none: the trunk's output is the output). */
export interface NetworkShape {
  trunk: StackShape;
  heads: StackShape[];
}

/** The settings every network reads from its model's config. */
export interface NetworkSettings {
  dropout: number;
  l2: number;
  embeddingDim: number;
}

/** Rows per inference pass: bounds activation memory for 10⁵-row folds. */
export const PREDICT_CHUNK = 8192;

export class Network {
  constructor(
    readonly embeddings: EmbeddingTable[],
    readonly stacks: Stack[],
  ) {}

  /** Dense features followed by the embeddings. */
  inputs(batch: Pick<BatchTensors, 'x' | 'ids'>): tf.Tensor2D {
    return embedInputs(batch.x, batch.ids, this.embeddings);
  }

  variables(): tf.Variable[] {
    return [...this.embeddings.map((e) => e.table as tf.Variable), ...this.stacks.flatMap(stackVariables)];
  }

  penalty(l2: number): tf.Scalar | null {
    return l2Penalty(this.stacks, l2);
  }

  /** Head outputs [rows, outputs] for `inputs` (features followed by embeddings). */
  forward(inputs: tf.Tensor2D, pass: LossPass, dropout: number, fast: boolean): tf.Tensor2D {
    const [trunk, ...heads] = this.stacks;
    const common = { fast, training: pass.training, dropout, dropoutSeed: pass.dropoutSeed };
    const h = forwardStack(trunk, inputs, { ...common, inputGrad: this.embeddings.length > 0 });
    if (heads.length === 0) return h;
    const headInputGrad = trunk.layers.length > 0 || this.embeddings.length > 0;
    return tf.concat(heads.map((head) => forwardStack(head, h, { ...common, inputGrad: headInputGrad })), 1);
  }

  private named(): { name: string; variable: tf.Variable }[] {
    return [
      ...this.embeddings.map((e) => ({ name: `embedding/${e.column}`, variable: e.table as tf.Variable })),
      ...this.stacks.flatMap((s) =>
        s.layers.flatMap((l) => [
          { name: `${l.name}/kernel`, variable: l.kernel as tf.Variable },
          { name: `${l.name}/bias`, variable: l.bias as tf.Variable },
        ]),
      ),
    ];
  }

  exportWeights(): NamedWeights {
    return exportWeights(this.named());
  }

  importWeights(weights: NamedWeights): void {
    importWeights(this.named(), weights);
  }

  dispose(): void {
    for (const e of this.embeddings) e.table.dispose();
    for (const s of this.stacks) disposeStack(s);
  }
}

/**
 * A freshly initialised network of `shape` for `input`; every initialiser seed is derived from
 * `seed` by weight name. Seed null builds the same shapes with zeros, for saved values to load.
 */
export function buildNetwork(shape: NetworkShape, input: Pick<FeatureMatrix, 'nFeatures' | 'embeddingIds'>, embeddingDim: number, seed: InitSeed): Network {
  const width = input.nFeatures + embeddingWidth(input, embeddingDim);
  const embeddings = createEmbeddings(input, embeddingDim, seed);
  const trunk = createStack(shape.trunk.name, width, shape.trunk.hidden, shape.trunk.outputs, seed);
  return new Network(embeddings, [trunk, ...shape.heads.map((h) => createStack(h.name, trunk.outputDim, h.hidden, h.outputs, seed))]);
}

/** Total output columns of a shape. */
export function outputWidth(shape: NetworkShape): number {
  if (shape.heads.length === 0) return shape.trunk.outputs ?? 0;
  return shape.heads.reduce((n, h) => n + (h.outputs ?? 0), 0);
}

/** Embedding tables for the input's id columns (none when `dim` is 0). */
export function createEmbeddings(input: Pick<FeatureMatrix, 'embeddingIds'>, dim: number, seed: InitSeed): EmbeddingTable[] {
  if (dim <= 0) return [];
  return input.embeddingIds.map((c) => createEmbedding(c.column, c.cardinality, dim, seed));
}

export function embeddingWidth(input: Pick<FeatureMatrix, 'embeddingIds'>, dim: number): number {
  return dim > 0 ? input.embeddingIds.length * dim : 0;
}

/** Model-ready training arrays: features, the model's target columns and the purchase strata. */
export function trainData(input: FeatureMatrix, y: Float64Array, targets: Float32Array, nTargets: number, useIds: boolean): TrainData {
  return {
    nRows: input.nRows,
    nFeatures: input.nFeatures,
    x: input.x,
    targets,
    nTargets,
    strata: Uint8Array.from(y, (v) => (v > 0 ? 1 : 0)),
    ids: useIds ? input.embeddingIds.map((c) => c.ids) : [],
  };
}

/**
 * Runs `forward` (no dropout) on chunks of PREDICT_CHUNK rows and returns its k output columns
 * row-major as float32, exactly as computed on the backend.
 */
export function predictColumns(
  input: FeatureMatrix,
  embeddings: EmbeddingTable[],
  k: number,
  forward: (inputs: tf.Tensor2D) => tf.Tensor2D,
): Float32Array {
  const out = new Float32Array(input.nRows * k);
  const f = input.nFeatures;
  for (let s = 0; s < input.nRows; s += PREDICT_CHUNK) {
    const e = Math.min(s + PREDICT_CHUNK, input.nRows);
    const values = tf.tidy(() => {
      const x = tf.tensor2d(input.x.slice(s * f, e * f), [e - s, f]);
      const ids = embeddings.map((t) => {
        const col = input.embeddingIds.find((c) => c.column === t.column)!;
        return tf.tensor1d(col.ids.slice(s, e), 'int32');
      });
      return forward(embedInputs(x, ids, embeddings));
    });
    out.set(values.dataSync() as Float32Array, s * k);
    values.dispose();
  }
  return out;
}

/** Embedding tables recreated from saved weights (their column names and cardinalities). */
function embeddingShape(weights: NamedWeights): FeatureMatrix['embeddingIds'] {
  return weights
    .filter((w) => w.name.startsWith('embedding/'))
    .map((w) => ({ column: w.name.slice('embedding/'.length), cardinality: w.shape[0], ids: new Int32Array(0) }));
}

/**
 * Rebuild a network from saved weights: the same architecture (built with zeros, nothing
 * drawn), then the saved values. A shape mismatch disposes what was built before rethrowing.
 */
export function networkFromWeights(shape: NetworkShape, nFeatures: number, embeddingDim: number, weights: NamedWeights): Network {
  return withWeights(buildNetwork(shape, { nFeatures, embeddingIds: embeddingShape(weights) }, embeddingDim, null), weights);
}

/** Load saved values into a freshly built network; a shape mismatch disposes it before rethrowing. */
export function withWeights(net: Network, weights: NamedWeights): Network {
  try {
    net.importWeights(weights);
  } catch (e) {
    net.dispose();
    throw e;
  }
  return net;
}
