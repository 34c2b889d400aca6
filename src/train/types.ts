/**
 * What the training layer consumes and reports: the `train` section of an experiment, the seeds
 * a fit draws on, per-epoch progress and the loop's report. Models build on these; nothing here
 * knows about models.
 */

export interface TrainConfig {
  epochs: number;
  batchSize: number;
  learningRate: number;
  optimizer: 'adam' | 'sgd';
  earlyStopping: {
    enabled: boolean;
    patience: number;
    /** Share of the training fold held out (stratified) as the inner validation split. */
    validationFraction: number;
    minDelta: number;
  };
  /** Use the hand-written training step (transpose + plain matMul); false falls back to tf.grads/optimizer.minimize. */
  fastPath: boolean;
}

export interface TrainSeeds {
  /** Weight initialisers. */
  init: number;
  /** Dropout masks. */
  dropout: number;
  /** Per-epoch shuffling of the training rows. */
  shuffle: number;
  /** Inner validation split (early stopping). */
  split: number;
}

export interface EpochInfo {
  epoch: number;
  epochs: number;
  loss: number;
  valLoss: number | null;
  ms: number;
}

/** What a training run reports, whatever the model. */
export interface LoopReport {
  status: 'ok' | 'diverged';
  reason?: string;
  epochsRun: number;
  bestEpoch: number;
  history: { epoch: number; loss: number; valLoss: number | null }[];
  trainRows: number;
  validationRows: number;
}

/** Weights as plain JSON, by name (float32 values held as numbers: the round trip is exact). */
export type NamedWeights = { name: string; shape: number[]; values: number[] }[];
