/**
 * One cross-validation fold, start to finish: fit the feature pipeline and the model on the
 * training rows only, predict the test rows, score them. Pure with respect to files; the same
 * function runs in-process (sequential) and inside a worker thread (parallel), which is what
 * makes parallel and sequential runs identical.
 */
import * as tf from '@tensorflow/tfjs';
import type { ExperimentConfig } from '../config/types.ts';
import type { Dataset } from '../data/types.ts';
import { applyPipeline, fitPipeline } from '../features/pipeline.ts';
import type { Fold } from '../cv/folds.ts';
import { foldMetrics, NonFinitePredictionError } from '../metrics/fold.ts';
import { getModel } from '../models/registry.ts';
import type { EpochInfo } from '../models/types.ts';
import type { FoldResult } from '../results/types.ts';
import { SeedBook } from '../seeds.ts';
import { foldImportance } from './importance.ts';

function pick(values: Float64Array, rows: Int32Array): Float64Array {
  const out = new Float64Array(rows.length);
  for (let i = 0; i < rows.length; i++) out[i] = values[rows[i]];
  return out;
}

export interface FoldHooks {
  onEpoch?: (info: EpochInfo) => void;
  shouldStop?: () => boolean;
}

export async function runFold(config: ExperimentConfig, data: Dataset, task: Fold, hooks: FoldHooks = {}): Promise<FoldResult> {
  if (!data.target) throw new Error('runFold needs a dataset with a target');
  // Every consumer below derives its own seed from this book, recorded as `fold/<i>/<name>`;
  // the fold result's `seeds` is what they recorded, whatever thread or machine ran the fold.
  const seeds = new SeedBook(config.seed).child('fold', task.index);
  const yTrain = pick(data.target, task.train);
  const yTest = pick(data.target, task.test);
  let nTestBuyers = 0;
  for (const v of yTest) if (v > 0) nTestBuyers++;
  const base = {
    index: task.index,
    repeat: task.repeat,
    fold: task.fold,
    nTrain: task.train.length,
    nTest: task.test.length,
    nTestBuyers,
  };
  const recorded = () => ({ seeds: { ...seeds.used } });
  const tensorsAtStart = tf.memory().numTensors;

  let t = performance.now();
  const pipeline = fitPipeline(config.features, data, task.train);
  const xTrain = applyPipeline(pipeline, data, task.train);
  const xTest = applyPipeline(pipeline, data, task.test);
  const pipelineMs = performance.now() - t;

  t = performance.now();
  const definition = getModel(config.model.type);
  const { model, report } = await definition.fit(xTrain, yTrain, {
    config: config.model,
    train: config.train,
    seeds,
    onEpoch: hooks.onEpoch,
    shouldStop: hooks.shouldStop,
  });
  const fitMs = performance.now() - t;
  const fitPart = { epochsRun: report.epochsRun, bestEpoch: report.bestEpoch, history: report.history, modelInfo: report.info, ...(report.kernel ? { kernel: report.kernel } : {}) };

  if (!model || report.status !== 'ok') {
    model?.dispose();
    return {
      ...base,
      ...fitPart,
      ...recorded(),
      status: 'diverged',
      reason: report.reason ?? 'training diverged',
      metrics: {},
      notes: {},
      timings: { pipelineMs, fitMs, predictMs: 0 },
      deciles: null,
    };
  }

  t = performance.now();
  let prediction;
  let importance;
  let predictMs = 0;
  try {
    prediction = model.predict(xTest);
    predictMs = performance.now() - t;
    if (config.metrics.importance) {
      importance = foldImportance({ pipeline, model, data, test: task.test, y: yTest, prediction, seeds, repeats: config.metrics.importanceRepeats });
    }
  } finally {
    model.dispose();
  }
  const leaked = tf.memory().numTensors - tensorsAtStart;
  if (leaked !== 0) throw new Error(`fold ${task.index} leaked ${leaked} tensors (model ${config.model.type})`);

  let scored;
  try {
    scored = foldMetrics({
      y: yTest,
      yHat: prediction.yHat,
      trainY: yTrain,
      q: config.metrics.outlierQuantile,
      oracle: data.oracle ? pick(data.oracle, task.test) : undefined,
      purchaseProb: prediction.purchaseProb,
      amount: prediction.amount,
      tweediePower: config.metrics.tweediePower,
      seeds,
    });
  } catch (e) {
    // Training looked fine but the predictions are NaN/Inf: the fold diverged, say so instead of scoring it.
    if (!(e instanceof NonFinitePredictionError)) throw e;
    return {
      ...base,
      ...fitPart,
      ...recorded(),
      status: 'diverged',
      reason: e.message,
      metrics: {},
      notes: {},
      timings: { pipelineMs, fitMs, predictMs },
      deciles: null,
    };
  }
  return {
    ...base,
    ...fitPart,
    ...recorded(),
    status: 'ok',
    metrics: scored.metrics,
    notes: scored.notes,
    timings: { pipelineMs, fitMs, predictMs },
    deciles: scored.deciles,
    sensitivity: scored.sensitivity,
    ...(scored.reliability ? { reliability: scored.reliability } : {}),
    predictions: {
      repeat: task.repeat,
      fold: task.fold,
      rows: Array.from(task.test),
      prediction: Array.from(prediction.yHat),
      ...(prediction.purchaseProb && prediction.amount
        ? { purchaseProb: Array.from(prediction.purchaseProb), amount: Array.from(prediction.amount) }
        : {}),
    },
    ...(importance ? { importance } : {}),
  };
}
