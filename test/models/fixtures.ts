/**
 * Seeded synthetic data with a known signal for model and training tests: features ~ N(0, 1);
 * P(buy) = sigmoid(-1.6 + 1.2·x0 + 0.8·x1) (≈ 25% buyers); log amount = 3 + 0.9·x2 - 0.6·x3 +
 * 0.5·ε, so y is zero-inflated and heavy-tailed, and both the purchase and the amount are learnable.
 */
import type { HurdleModelConfig, MlpModelConfig, TrainConfig, ZilnModelConfig } from '../../src/config/types.ts';
import type { FeatureMatrix } from '../../src/features/types.ts';
import { makeRng, normal, SeedBook } from '../../src/seeds.ts';

export interface Synthetic {
  input: FeatureMatrix;
  y: Float64Array;
}

export function synthetic(nRows: number, seed: number, nFeatures = 8, idCardinality = 0): Synthetic {
  const rng = makeRng(seed);
  const x = new Float32Array(nRows * nFeatures);
  const y = new Float64Array(nRows);
  const ids = new Int32Array(nRows);
  for (let i = 0; i < nRows; i++) {
    for (let j = 0; j < nFeatures; j++) x[i * nFeatures + j] = normal(rng);
    const r = (j: number) => x[i * nFeatures + j];
    // With ids, the category shifts the purchase odds: only an embedding can pick it up.
    const id = idCardinality > 0 ? 1 + Math.floor(rng() * (idCardinality - 1)) : 0;
    ids[i] = id;
    const idEffect = idCardinality > 0 ? (id % 2 === 0 ? 1.5 : -1.5) : 0;
    const p = 1 / (1 + Math.exp(-(-1.6 + 1.2 * r(0) + 0.8 * r(1) + idEffect)));
    const buys = rng() < p;
    y[i] = buys ? Math.exp(3 + 0.9 * r(2) - 0.6 * r(3) + 0.5 * normal(rng)) : 0;
  }
  return {
    input: {
      nRows,
      x,
      nFeatures,
      featureNames: Array.from({ length: nFeatures }, (_, j) => `x${j}`),
      embeddingIds: idCardinality > 0 ? [{ column: 'cat', ids, cardinality: idCardinality }] : [],
    },
    y,
  };
}

/** Rows [start, end) of a FeatureMatrix + target. */
export function sliceRows(data: Synthetic, start: number, end: number): Synthetic {
  const f = data.input.nFeatures;
  return {
    input: {
      ...data.input,
      nRows: end - start,
      x: data.input.x.slice(start * f, end * f),
      embeddingIds: data.input.embeddingIds.map((c) => ({ ...c, ids: c.ids.slice(start, end) })),
    },
    y: data.y.slice(start, end),
  };
}

/** A fit's seed book: its streams are deriveSeed(root, 'init' | 'shuffle' | 'split' | 'dropout'). */
export function seeds(root: number): SeedBook {
  return new SeedBook(root);
}

export function trainConfig(overrides: Partial<TrainConfig> = {}): TrainConfig {
  return {
    epochs: 8,
    batchSize: 128,
    learningRate: 0.003,
    optimizer: 'adam',
    earlyStopping: { enabled: false, patience: 3, validationFraction: 0.2, minDelta: 0 },
    fastPath: true,
    // The tfjs path, which these model tests were written against; test/train/kernel-step.test.ts
    // runs the models on the wasm-simd kernel.
    kernel: 'tfjs',
    ...overrides,
  };
}

export const mlpConfig = (o: Partial<MlpModelConfig> = {}): MlpModelConfig => ({
  type: 'mlp', hidden: [32, 16], dropout: 0, l2: 0, targetScale: 'std', embeddingDim: 0, ...o,
});

export const hurdleConfig = (o: Partial<HurdleModelConfig> = {}): HurdleModelConfig => ({
  type: 'hurdle',
  trunk: [],
  purchaseHead: [16],
  amountHead: [16],
  dropout: 0,
  l2: 0,
  retransform: 'smearing',
  clampLogAmount: true,
  lossWeights: { purchase: 1, amount: 1 },
  embeddingDim: 0,
  ...o,
});

export const zilnConfig = (o: Partial<ZilnModelConfig> = {}): ZilnModelConfig => ({
  type: 'ziln', hidden: [32, 16], dropout: 0, l2: 0, clampLogAmount: true, embeddingDim: 0, ...o,
});

/** R² of predictions against y. */
export function r2(y: Float64Array, yHat: Float64Array): number {
  let mean = 0;
  for (const v of y) mean += v / y.length;
  let ssRes = 0;
  let ssTot = 0;
  for (let i = 0; i < y.length; i++) {
    ssRes += (y[i] - yHat[i]) ** 2;
    ssTot += (y[i] - mean) ** 2;
  }
  return 1 - ssRes / ssTot;
}
