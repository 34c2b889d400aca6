/**
 * Learned embeddings for `embedding`-encoded categoricals: one table per id column, looked up with
 * tf.gather and concatenated to the dense features.
 *
 * tfjs differentiates gather with UnsortedSegmentSum, which the wasm backend does not implement,
 * so the lookup is a custom-gradient op whose backward is a ScatterNd (duplicates are summed,
 * which is exactly the gradient of a lookup).
 */
import * as tf from '@tensorflow/tfjs';
import { deriveSeed, makeRng } from '../seeds.ts';

export interface EmbeddingTable {
  column: string;
  cardinality: number;
  table: tf.Variable<tf.Rank.R2>;
}

/** Keras' default embedding initialiser: uniform(-0.05, 0.05), seeded per column (seed null: zeros, to be loaded). */
export function createEmbedding(column: string, cardinality: number, dim: number, seed: number | null): EmbeddingTable {
  const values = new Float32Array(cardinality * dim);
  if (seed !== null) {
    const rng = makeRng(deriveSeed(seed, 'embedding', column));
    for (let i = 0; i < values.length; i++) values[i] = (2 * rng() - 1) * 0.05;
  }
  const table = tf.tidy(() => tf.variable(tf.tensor2d(values, [cardinality, dim]), true)) as tf.Variable<tf.Rank.R2>;
  return { column, cardinality, table };
}

/** Rows of `table` for `ids` (ids outside [0, cardinality) read row 0, the unseen/missing slot). */
export function lookup(table: tf.Tensor2D, ids: tf.Tensor1D): tf.Tensor2D {
  const op = tf.customGrad((t, save) => {
    const safe = tf.where(tf.logicalAnd(tf.greaterEqual(ids, 0), tf.less(ids, table.shape[0])), ids, tf.zerosLike(ids));
    (save as tf.GradSaveFunc)([safe]);
    return {
      value: tf.gather(t as tf.Tensor2D, safe),
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => [
        tf.scatterND(tf.reshape(saved[0], [-1, 1]), dy, table.shape),
      ],
    };
  });
  return op(table) as tf.Tensor2D;
}

/** `x` followed by each column's embedding. */
export function embedInputs(x: tf.Tensor2D, ids: tf.Tensor1D[], tables: EmbeddingTable[]): tf.Tensor2D {
  if (tables.length === 0) return x;
  return tf.concat([x, ...tables.map((e, i) => lookup(e.table, ids[i]))], 1);
}
