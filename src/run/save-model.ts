/**
 * The model to keep after cross-validation, following scikit-learn's `refit=True`: CV estimates
 * how well the *procedure* generalises; the artefact is that same procedure — feature pipeline
 * and model, same config — refitted on ALL training rows (seeds derived by name under 'final',
 * as folds use 'fold/<i>'). Early stopping, when enabled, holds out its inner validation share of
 * all rows exactly as it did inside each fold.
 *
 * The alternative — keeping the k fold models and averaging their predictions (a fold ensemble)
 * — is NOT implemented: `experiment.json` records `saved.kind: 'refit-all'` so a reader knows
 * which one a directory holds, and a future ensemble would add a new kind.
 *
 * A saved directory holds `experiment.json` (what was saved and how to rebuild it: resolved
 * config, data identity, seeds, feature names, versions), `pipeline.json` (the fitted
 * PipelineState) and the model (`model.json` + `weights.bin`, src/results/model-files.ts). The whole
 * directory is written atomically, and only after a JSON round trip of the pipeline and model
 * has been checked to predict bit-identically.
 */
import { basename, dirname } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { activeBackend } from '../backend.ts';
import { configHash } from '../config/load.ts';
import type { ConfigOrigin, ExperimentConfig } from '../config/types.ts';
import type { Dataset } from '../data/types.ts';
import { summarizeValues } from '../data/describe.ts';
import { UserError } from '../errors.ts';
import { applyPipeline, fitPipeline, type PipelineState } from '../features/pipeline.ts';
import { writeDirectoryAtomic } from '../files/atomic-dir.ts';
import { removeStaleTemps } from '../files/stale.ts';
import { getModel } from '../models/registry.ts';
import type { EpochInfo, ModelState } from '../models/types.ts';
import { decodeModel, encodeModel, MODEL_JSON, WEIGHTS_BIN } from '../results/model-files.ts';
import { environmentInfo, projectVersion } from '../results/environment.ts';
import { SeedBook } from '../seeds.ts';
import { MANIFEST_JSON, manifestText, saveIdentity } from './model-manifest.ts';
import { EXPERIMENT_JSON, PIPELINE_JSON, predictWith, SAVED_EXPERIMENT_KIND, SAVED_EXPERIMENT_VERSION, SAVED_MODEL_FILES, type SavedExperiment } from './saved-run.ts';

export interface SaveRunModelOptions {
  /** Root for the refit seeds (default: config.seed). */
  seed?: number;
  /** Recorded in experiment.json so the run can be traced to its YAML and --set overrides. */
  origin?: ConfigOrigin;
  log?: (line: string) => void;
  onEpoch?: (info: EpochInfo) => void;
  shouldStop?: () => boolean;
  /** The result file this save belongs to, recorded in experiment.json. */
  result?: string;
}

/** Refit pipeline + model on every row of `data`, write them to `dir`; returns the in-sample predictions. */
export async function saveRunModel(
  config: ExperimentConfig,
  data: Dataset,
  dir: string,
  opts: SaveRunModelOptions = {},
): Promise<{ dir: string; inSample: Float64Array; experiment: SavedExperiment }> {
  if (!data.target) {
    throw new UserError('DATA_DEGENERATE', 'refitting the model needs the training data with its target column.', { key: config.data.target });
  }
  const root = opts.seed ?? config.seed;
  // The refit's consumers (model init, shuffling, split, dropout) record what they use as `final/<name>`.
  const book = new SeedBook(root);
  const seeds = book.child('final');
  const all = Int32Array.from({ length: data.rowCount }, (_, i) => i);
  const t0 = performance.now();
  opts.log?.(`refitting the pipeline and the ${config.model.type} model on all ${data.rowCount} rows for ${dir}`);

  const pipeline = fitPipeline(config.features, data, all);
  const x = applyPipeline(pipeline, data);
  const { model, report } = await getModel(config.model.type).fit(x, data.target, {
    config: config.model,
    train: config.train,
    seeds,
    onEpoch: opts.onEpoch,
    shouldStop: opts.shouldStop,
  });
  if (!model || report.status !== 'ok') {
    model?.dispose();
    throw new UserError('MODEL_INVALID', `the refit on all ${data.rowCount} rows diverged (${report.reason ?? 'training diverged'}); nothing was saved.`, {
      file: dir,
      hint: 'Lower train.learningRate or change the seed, then save again.',
    });
  }
  let inSample: Float64Array;
  let state: ModelState;
  try {
    inSample = model.predict(x).yHat;
    state = model.toState();
  } finally {
    model.dispose();
  }
  const bad = inSample.findIndex((v) => !Number.isFinite(v));
  if (bad >= 0) {
    throw new UserError('MODEL_INVALID', `the refitted model predicts ${inSample[bad]} for training row ${bad}; nothing was saved.`, {
      file: dir,
      hint: 'Training was numerically unstable: lower train.learningRate, or enable model.clampLogAmount for two-part models.',
    });
  }

  // What a later load will see, checked before anything is written.
  const pipelineText = `${JSON.stringify(pipeline, null, 2)}\n`;
  const reloadedPipeline = JSON.parse(pipelineText) as PipelineState;
  const encoded = encodeModel(state);
  const reloadedState = decodeModel(JSON.parse(JSON.stringify(encoded.modelJson)), () => encoded.weights);
  const again = predictWith(reloadedState, applyPipeline(reloadedPipeline, data));
  const differs = again.findIndex((v, i) => !Object.is(v, inSample[i]));
  if (differs >= 0) throw new Error(`saved model would not reproduce its predictions (row ${differs}: ${again[differs]} vs ${inSample[differs]})`);

  const { sum, max } = summarizeValues(inSample);
  const saveId = saveIdentity({ configHash: configHash(config, data.identity.sha256), dataSha256: data.identity.sha256, pipelineText, weightsSha256: encoded.modelJson.weightsSha256 });
  const withId = (value: object) => `${JSON.stringify({ saveId, ...value }, null, 2)}\n`;
  const files = { [PIPELINE_JSON]: withId(pipeline), [WEIGHTS_BIN]: encoded.weights, [MODEL_JSON]: withId(encoded.modelJson) };
  const { status: _status, reason: _reason, ...fit } = report;
  const experiment: SavedExperiment = {
    kind: SAVED_EXPERIMENT_KIND,
    schemaVersion: SAVED_EXPERIMENT_VERSION,
    saved: { kind: 'refit-all', note: 'pipeline and model refitted on all training rows after CV' },
    name: config.name,
    saveId,
    result: opts.result ?? null,
    config,
    configHash: configHash(config, data.identity.sha256),
    origin: opts.origin ?? null,
    data: data.identity,
    seeds: { root, derived: { ...book.used } },
    featureNames: [...pipeline.featureNames],
    model: { type: config.model.type, fit },
    inSample: { rows: data.rowCount, meanPrediction: sum / data.rowCount, maxPrediction: max },
    files: [EXPERIMENT_JSON, MANIFEST_JSON, ...Object.keys(files)].sort(),
    hurdleLabVersion: projectVersion(),
    environment: environmentInfo(activeBackend() ?? tf.getBackend()),
    createdAt: new Date().toISOString(),
  };
  const folder = { ...files, [EXPERIMENT_JSON]: withId(experiment) };
  for (const stale of await removeStaleTemps(dirname(dir), basename(dir))) opts.log?.(stale);
  await writeDirectoryAtomic(dir, { ...folder, [MANIFEST_JSON]: manifestText(saveId, folder) }, { replaceable: SAVED_MODEL_FILES, action: 'save the model', kind: 'a saved model' });
  opts.log?.(`saved ${config.model.type} model (${pipeline.nFeatures} features, ${report.epochsRun} epochs) to ${dir} in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  return { dir, inSample, experiment };
}
