/**
 * A saved-model directory as saveRunModel (save-model.ts) writes it, read back: `experiment.json`
 * (what was saved and how to rebuild it), `pipeline.json` (the fitted PipelineState), the model
 * (`model.json` + `weights.bin`) and the manifest tying them together. Every file is checked
 * before a prediction is made with it.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { resolveConfig } from '../config/load.ts';
import type { ConfigOrigin, ExperimentConfig } from '../config/types.ts';
import type { DataIdentity, Dataset } from '../data/types.ts';
import { UserError } from '../errors.ts';
import { applyPipeline, type PipelineState } from '../features/pipeline.ts';
import type { FeatureMatrix } from '../features/types.ts';
import { getModel } from '../models/registry.ts';
import type { FitReport, ModelState } from '../models/types.ts';
import { loadModelState, MODEL_JSON, WEIGHTS_BIN } from '../results/model-files.ts';
import type { EnvironmentInfo } from '../results/types.ts';
import { checkSaveId, MANIFEST_JSON, verifyManifest } from './model-manifest.ts';

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
  /** root: the seed the refit seeds were derived from; derived: the seeds the refit used (`final/<name>`). */
  seeds: { root: number; derived: Record<string, number> };
  featureNames: string[];
  model: { type: ExperimentConfig['model']['type']; fit: Omit<FitReport, 'status' | 'reason'> };
  inSample: { rows: number; meanPrediction: number; maxPrediction: number };
  files: string[];
  hurdleLabVersion: string;
  environment: EnvironmentInfo;
  createdAt: string;
}

/** A model's predictions, its tensors released even when predicting throws. */
export function predictWith(state: ModelState, x: FeatureMatrix): Float64Array {
  const model = getModel(state.type).fromState(state);
  try {
    return model.predict(x).yHat;
  } finally {
    model.dispose();
  }
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
