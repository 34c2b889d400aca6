/**
 * Weights to and from plain JSON. Values go through `number[]` (float32 → float64 is exact, and
 * back again is exact), so a reloaded model predicts bit-identically.
 */
import * as tf from '@tensorflow/tfjs';
import { UserError } from '../errors.ts';
import type { NamedWeights } from './types.ts';

export type { NamedWeights } from './types.ts';

export function exportWeights(named: { name: string; variable: tf.Variable }[]): NamedWeights {
  return named.map(({ name, variable }) => ({
    name,
    shape: variable.shape.slice(),
    values: Array.from(variable.dataSync() as Float32Array),
  }));
}

/** Assigns saved values by name; a missing name or a shape mismatch is a MODEL_INVALID error. */
export function importWeights(named: { name: string; variable: tf.Variable }[], weights: NamedWeights): void {
  const byName = new Map(weights.map((w) => [w.name, w]));
  for (const { name, variable } of named) {
    const w = byName.get(name);
    const expected = JSON.stringify(variable.shape);
    if (!w || JSON.stringify(w.shape) !== expected || w.values.length !== variable.size) {
      throw new UserError('MODEL_INVALID', 'the saved model does not match its configuration.', {
        key: `weights.${name}`,
        expected: `a weight of shape ${expected}`,
        found: w ? `shape ${JSON.stringify(w.shape)} with ${w.values.length} values` : 'no such weight',
        hint: 'The state was edited or saved by an incompatible version; refit the model.',
      });
    }
    tf.tidy(() => variable.assign(tf.tensor(Float32Array.from(w.values), variable.shape, 'float32')));
  }
}
