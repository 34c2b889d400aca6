/**
 * Config fields most models share, each with its default and the one-line doc shown in
 * experiments/baseline.yaml. A model's schema spreads the ones it uses.
 */
import { bool, e, fraction, layers, nonNegative, nonNegativeInt } from '../schema-fields.ts';

export const commonModelFields = {
  dropout: fraction(0, 1, 'a rate in [0, 1)').default(0.1).describe('dropout rate after each hidden layer, in [0, 1)'),
  l2: nonNegative().default(0).describe('L2 weight penalty (Keras style: l2 · Σ W² over kernels)'),
  embeddingDim: nonNegativeInt().default(0).describe('size of learned embeddings (needed only for `embedding` categoricals)'),
};

export const hiddenLayers = (d: number[]) => layers(d).describe('hidden layer widths');

export const clampLogAmount = () =>
  bool().default(true).describe("keep predicted log-amounts within the training buyers' range");

export { e };
