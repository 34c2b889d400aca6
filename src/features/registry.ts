/**
 * Categorical encoders by name (`features.categorical[i].encoding`). An encoder either writes
 * dense columns into x (onehot, frequency) or produces integer ids for a learned embedding
 * (embedding). An unknown name lists the valid ones.
 */
import type { CategoricalEncoding, FeatureConfig } from './config.ts';
import type { Dataset } from '../data/types.ts';
import { registryMiss, type UserErrorDetails } from '../errors.ts';
import type { RowWriter } from './column.ts';
import { applyEmbedding, fitEmbedding, type EmbeddingIds, type EmbeddingState } from './embedding.ts';
import { fitFrequency, frequencyFeatureNames, frequencyWriter, type FrequencyState } from './frequency.ts';
import { fitOneHot, oneHotFeatureNames, oneHotWriter, type OneHotState } from './onehot.ts';

export type CategoricalState = OneHotState | FrequencyState | EmbeddingState;

type Fit = (config: FeatureConfig, data: Dataset, rows: ArrayLike<number>, column: string) => CategoricalState;

export interface DenseEncoder {
  name: CategoricalEncoding;
  output: 'dense';
  fit: Fit;
  featureNames(state: CategoricalState): string[];
  /** Binds the state to `data`; the writer fills `featureNames(state).length` columns. */
  writer(state: CategoricalState, data: Dataset): RowWriter;
}

export interface IdEncoder {
  name: CategoricalEncoding;
  output: 'ids';
  fit: Fit;
  ids(state: CategoricalState, data: Dataset, rows: ArrayLike<number>): EmbeddingIds;
}

export type CategoricalEncoder = DenseEncoder | IdEncoder;

/** Narrow a state to the encoder's own kind; a mismatch is a bug (or a hand-edited state file). */
function own<S extends CategoricalState>(step: S['step'], state: CategoricalState): S {
  if (state.step !== step) throw new Error(`the ${step} encoder was given a ${state.step} state for column ${JSON.stringify(state.column)}`);
  return state as S;
}

const ENCODERS: Record<CategoricalEncoding, CategoricalEncoder> = {
  onehot: {
    name: 'onehot',
    output: 'dense',
    fit: fitOneHot,
    featureNames: (s) => oneHotFeatureNames(own<OneHotState>('onehot', s)),
    writer: (s, data) => oneHotWriter(own<OneHotState>('onehot', s), data),
  },
  frequency: {
    name: 'frequency',
    output: 'dense',
    fit: fitFrequency,
    featureNames: (s) => frequencyFeatureNames(own<FrequencyState>('frequency', s)),
    writer: (s, data) => frequencyWriter(own<FrequencyState>('frequency', s), data),
  },
  embedding: {
    name: 'embedding',
    output: 'ids',
    fit: fitEmbedding,
    ids: (s, data, rows) => applyEmbedding(own<EmbeddingState>('embedding', s), data, rows),
  },
};

export const encoderNames: readonly CategoricalEncoding[] = Object.keys(ENCODERS) as CategoricalEncoding[];

/** Look an encoder up by name; `where` (file, key) goes into the error for an unknown name. */
export function getEncoder(name: string, where: UserErrorDetails = {}): CategoricalEncoder {
  if (!Object.hasOwn(ENCODERS, name)) throw registryMiss('categorical encoding', name, encoderNames, where);
  return ENCODERS[name as CategoricalEncoding];
}
