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
import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { activeBackend } from '../backend.ts';
import { configHash, resolveConfig } from '../config/load.ts';
import type { ConfigOrigin, ExperimentConfig } from '../config/types.ts';
import type { DataIdentity, Dataset } from '../data/types.ts';
import { UserError } from '../errors.ts';
import { applyPipeline, fitPipeline, type PipelineState } from '../features/pipeline.ts';
import type { FeatureMatrix } from '../features/types.ts';
import { getModel } from '../models/registry.ts';
import { decodeModel, encodeModel, loadModelState, MODEL_JSON, WEIGHTS_BIN } from '../results/model-files.ts';
import { removeStaleTemps } from '../files/stale.ts';
import { checkSaveId, MANIFEST_JSON, manifestText, saveIdentity, verifyManifest } from './model-manifest.ts';
import { writeDirectoryAtomic } from '../files/atomic-dir.ts';
import { summarizeValues } from '../data/describe.ts';
import type { EpochInfo, FitReport, ModelState, TrainSeeds } from '../models/types.ts';
import { environmentInfo, projectVersion } from '../results/environment.ts';
import type { EnvironmentInfo } from '../results/types.ts';
import { deriveSeed } from '../seeds.ts';

export const SAVED_EXPERIMENT_KIND = 'hurdle-lab/saved-model';
export const SAVED_EXPERIMENT_VERSION = 1;
export const EXPERIMENT_JSON = 'experiment.json';
export const PIPELINE_JSON = 'pipeline.json';
/** Files a saved-model folder may hold; a folder holding anything else is never replaced. */
export const SAVED_MODEL_FILES = [EXPERIMENT_JSON, PIPELINE_JSON, MODEL_JSON, WEIGHTS_BIN, MANIFEST_JSON];

export interface SavedExperiment {
  kind: typeof SAVED_EXPERIMENT_KIND;
  schemaVersion: number;
  saved: { kind: 'refit-all'; note: string };
  name: string;
  /** The identity every JSON file of the folder and its manifest share (model-manifest.ts). */
  saveId: string;
  /** The result file of the CV run this model was refitted after, when saved from one. */
  result: string | null;
  config: ExperimentConfig;
  configHash: string;
  origin: ConfigOrigin | null;
  data: DataIdentity;
  /** root: the seed the refit seeds were derived from; derived: name → seed. */
  seeds: { root: number; derived: Record<string, number> };
  featureNames: string[];
  model: { type: ExperimentConfig['model']['type']; fit: Omit<FitReport, 'status' | 'reason'> };
  inSample: { rows: number; meanPrediction: number; maxPrediction: number };
  files: string[];
  hurdleLabVersion: string;
  environment: EnvironmentInfo;
  createdAt: string;
}

/** Seeds of the refit, derived by name like foldSeeds (src/run/fold.ts) but under 'final'. */
export function finalSeeds(root: number): TrainSeeds {
  return {
    init: deriveSeed(root, 'final', 'init'),
    dropout: deriveSeed(root, 'final', 'dropout'),
    shuffle: deriveSeed(root, 'final', 'shuffle'),
    split: deriveSeed(root, 'final', 'split'),
  };
}

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

/** A model's predictions, its tensors released even when predicting throws. */
function predictWith(state: ModelState, x: FeatureMatrix): Float64Array {
  const model = getModel(state.type).fromState(state);
  try {
    return model.predict(x).yHat;
  } finally {
    model.dispose();
  }
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
  const seeds = finalSeeds(root);
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
    seeds: { root, derived: Object.fromEntries(Object.entries(seeds).map(([k, v]) => [`final/${k}`, v])) },
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

function readJson(file: string): unknown {
  if (!existsSync(file)) {
    throw new UserError('FILE_NOT_FOUND', 'the saved model directory lacks this file.', {
      file,
      hint: 'Point at a directory written by `npm run exp -- ... --save-model DIR`, copied whole.',
    });
  }
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new UserError('MODEL_INVALID', `the file is not valid JSON (${(e as Error).message}).`, { file, hint: 'Save the model again.' });
  }
}

export interface SavedRun {
  experiment: SavedExperiment;
  pipeline: PipelineState;
  state: ModelState;
}

/** Read a directory written by saveRunModel; the config is re-validated as at any other boundary. */
export function readSavedRun(dir: string): SavedRun {
  const saveId = verifyManifest(dir);
  const file = join(dir, EXPERIMENT_JSON);
  const raw = readJson(file) as Partial<SavedExperiment> | null;
  checkSaveId(file, raw?.saveId, saveId);
  if (raw?.kind !== SAVED_EXPERIMENT_KIND || raw.schemaVersion !== SAVED_EXPERIMENT_VERSION) {
    throw new UserError('MODEL_INVALID', 'this is not a saved hurdle-lab experiment this version can read.', {
      file,
      expected: `kind ${JSON.stringify(SAVED_EXPERIMENT_KIND)}, schemaVersion ${SAVED_EXPERIMENT_VERSION}`,
      found: `kind ${JSON.stringify(raw?.kind ?? null)}, schemaVersion ${JSON.stringify(raw?.schemaVersion ?? null)}`,
      hint: 'Save the model again with this version of hurdle-lab.',
    });
  }
  const experiment = { ...raw, config: resolveConfig(raw.config, file) } as SavedExperiment;
  const pipelineFile = join(dir, PIPELINE_JSON);
  const { saveId: pipelineSaveId, ...pipeline } = readJson(pipelineFile) as PipelineState & { saveId?: string };
  checkSaveId(pipelineFile, pipelineSaveId, saveId);
  checkSaveId(join(dir, MODEL_JSON), (readJson(join(dir, MODEL_JSON)) as { saveId?: unknown } | null)?.saveId, saveId);
  if (pipeline?.kind !== 'feature-pipeline' || pipeline.version !== 1) {
    throw new UserError('MODEL_INVALID', 'this is not a fitted feature pipeline this version can read.', {
      file: pipelineFile,
      expected: 'kind "feature-pipeline", version 1',
      found: `kind ${JSON.stringify(pipeline?.kind ?? null)}, version ${JSON.stringify(pipeline?.version ?? null)}`,
      hint: 'Save the model again with this version of hurdle-lab.',
    });
  }
  const state = loadModelState(dir);
  if (state.nFeatures !== pipeline.nFeatures) {
    throw new UserError('MODEL_INVALID', 'the pipeline and the model in this directory do not belong together.', {
      file: dir,
      expected: `a model over the pipeline's ${pipeline.nFeatures} features`,
      found: `a model over ${state.nFeatures}`,
      hint: 'Copy the directory whole; do not mix files from different saves.',
    });
  }
  return { experiment, pipeline: pipeline as PipelineState, state };
}

/** Predictions E[y | x] (≥ 0) of a saved run for every row of `data`. Needs an initialised tfjs backend. */
export function predictWithRun(run: Pick<SavedRun, 'pipeline' | 'state'>, data: Dataset): Float64Array {
  return predictWith(run.state, applyPipeline(run.pipeline, data));
}

/** `predictWithRun` for a directory written by saveRunModel. */
export function predictWithSaved(dir: string, data: Dataset): Float64Array {
  return predictWithRun(readSavedRun(dir), data);
}
