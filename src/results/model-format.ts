/**
 * The saved-model format, in the shape of tfjs's `file://` IOHandler: `model.json` (type, config,
 * learned parameters and a tfjs-style `weightsManifest`) and `weights.bin` (every weight as
 * float32 little-endian, concatenated in manifest order), and the pure encoder of a ModelState
 * into those two files. model.json records the byte length and sha256 of the weights, checked
 * on load (model-decode.ts).
 */
import { createHash } from 'node:crypto';
import type { ModelConfig } from '../models/registry.ts';
import type { ModelState } from '../models/types.ts';
import { projectVersion } from './environment.ts';

export const MODEL_FORMAT = 'hurdle-lab/model';
/** 2: learned `params` and `diagnostics` apart, with the model's `stateVersion` (1 held one `info` bag). */
export const MODEL_FORMAT_VERSION = 2;
export const MODEL_JSON = 'model.json';
export const WEIGHTS_BIN = 'weights.bin';

export interface WeightSpec {
  name: string;
  shape: number[];
  dtype: 'float32';
}

/** tfjs's WeightsManifestConfig: groups of shard files whose concatenation holds `weights` in order. */
export type WeightsManifest = { paths: string[]; weights: WeightSpec[] }[];

export interface ModelJson {
  format: typeof MODEL_FORMAT;
  formatVersion: number;
  generatedBy: string;
  modelType: ModelConfig['type'];
  config: ModelConfig;
  /** The model definition's state version. */
  stateVersion: number;
  params: ModelState['params'];
  diagnostics: ModelState['diagnostics'];
  nFeatures: number;
  weightsManifest: WeightsManifest;
  /** Total bytes of all shards and their sha256 (hex), checked on load. */
  weightsBytes: number;
  weightsSha256: string;
}

export const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** A model state as the two files of a saved model (pure; nothing is written). */
export function encodeModel(state: ModelState): { modelJson: ModelJson; weights: Uint8Array } {
  for (const [key, v] of Object.entries({ ...state.params, ...state.diagnostics })) {
    // JSON turns NaN/±Infinity into null; saving them would reload as a different model.
    if (typeof v === 'number' && !Number.isFinite(v)) throw new Error(`cannot save model parameter ${key} = ${String(v)}: not finite`);
  }
  const total = state.weights.reduce((n, w) => n + w.values.length, 0);
  const view = new DataView(new ArrayBuffer(total * 4));
  const specs: WeightSpec[] = [];
  let offset = 0;
  for (const w of state.weights) {
    const size = w.shape.reduce((a, b) => a * b, 1);
    if (size !== w.values.length) throw new Error(`weight ${w.name} has shape ${JSON.stringify(w.shape)} but ${w.values.length} values`);
    for (const v of w.values) {
      view.setFloat32(offset, v, true);
      offset += 4;
    }
    specs.push({ name: w.name, shape: [...w.shape], dtype: 'float32' });
  }
  const weights = new Uint8Array(view.buffer);
  return {
    modelJson: {
      format: MODEL_FORMAT,
      formatVersion: MODEL_FORMAT_VERSION,
      generatedBy: `hurdle-lab ${projectVersion()}`,
      modelType: state.type as ModelConfig['type'],
      config: state.config as ModelConfig,
      stateVersion: state.version,
      params: state.params,
      diagnostics: state.diagnostics,
      nFeatures: state.nFeatures,
      weightsManifest: [{ paths: [WEIGHTS_BIN], weights: specs }],
      weightsBytes: weights.byteLength,
      weightsSha256: sha256(weights),
    },
    weights,
  };
}
