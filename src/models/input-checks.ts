/**
 * What a model checks of its input before using it: the feature matrix and target agree in size,
 * and every value is finite — NaN reaching the weights would silently poison them.
 */
import { UserError } from '../errors.ts';
import type { FeatureMatrix } from '../features/types.ts';
import type { EmbeddingTable } from '../train/embedding.ts';

/** Fit-time checks: shapes agree, y finite and (for log-scale models) non-negative. */
export function checkFitInput(input: FeatureMatrix, y: Float64Array, model: string, nonNegative: boolean): void {
  if (y.length !== input.nRows || input.x.length !== input.nRows * input.nFeatures) {
    throw new UserError('DATA_DEGENERATE', `${model}: the feature matrix and the target disagree in size.`, {
      expected: `x of ${input.nRows}×${input.nFeatures} values and ${input.nRows} targets`,
      found: `${input.x.length} values and ${y.length} targets`,
    });
  }
  if (input.nRows === 0) {
    throw new UserError('DATA_DEGENERATE', `${model}: the training fold is empty.`, { hint: 'Check data.rows and the CV settings.' });
  }
  checkFinite(input, model);
  const bad = y.findIndex((v) => !Number.isFinite(v) || (nonNegative && v < 0));
  if (bad >= 0) {
    throw new UserError('DATA_DEGENERATE', `${model}: target value at training row ${bad} is not usable.`, {
      expected: nonNegative ? 'a finite value ≥ 0 (zero = no purchase)' : 'a finite number',
      found: String(y[bad]),
      hint: 'Fill or drop rows with missing or negative targets before training.',
    });
  }
}

/** A NaN feature silently poisons the weights (ReLU hides it from the loss), so refuse it up front. */
function checkFinite(input: FeatureMatrix, model: string): void {
  const { x, nFeatures } = input;
  for (let i = 0; i < x.length; i++) {
    if (!Number.isFinite(x[i])) {
      const row = Math.floor(i / nFeatures);
      const col = input.featureNames[i % nFeatures] ?? `#${i % nFeatures}`;
      throw new UserError('DATA_DEGENERATE', `${model}: feature ${JSON.stringify(col)} is not finite at row ${row}.`, {
        key: col,
        expected: 'a finite number',
        found: String(x[i]),
        hint: 'The feature pipeline should fill missing values (features.missing); check the scaler for constant or extreme columns.',
      });
    }
  }
}

export function checkPredictInput(input: FeatureMatrix, nFeatures: number, embeddings: EmbeddingTable[]): void {
  if (input.nFeatures !== nFeatures || input.x.length !== input.nRows * nFeatures) {
    throw new UserError('MODEL_INVALID', 'the features do not match the ones the model was trained on.', {
      expected: `${nFeatures} features per row`,
      found: `${input.nFeatures} (${input.x.length} values for ${input.nRows} rows)`,
      hint: 'Apply the same fitted feature pipeline to the rows you predict.',
    });
  }
  checkFinite(input, 'predict');
  for (const e of embeddings) {
    if (!input.embeddingIds.some((c) => c.column === e.column)) {
      throw new UserError('MODEL_INVALID', `the model embeds column ${JSON.stringify(e.column)}, which the input lacks.`, {
        hint: 'Apply the same fitted feature pipeline to the rows you predict.',
      });
    }
  }
}

