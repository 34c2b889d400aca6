/**
 * Saved models on disk, in the shape of tfjs's `file://` IOHandler: a directory with `model.json`
 * (type, config, scalars and a tfjs-style `weightsManifest`) and `weights.bin` (every weight as
 * float32 little-endian, concatenated in manifest order). Reading it needs node:fs only — no tfjs,
 * no tfjs-node, no backend — so a model trained on any backend loads on any machine.
 *
 * float32 → number → float32 is exact, so `getModel(type).fromState(loadModelState(dir))` predicts
 * bit-identically to the model that was saved. `model.json` also records the byte length and
 * sha256 of `weights.bin`: a truncated, corrupted or mismatched weights file is refused with a
 * clear error instead of loading into silently wrong predictions.
 *
 * Writes are atomic per directory (`writeDirectoryAtomic`, src/files/atomic-dir.ts): files are written and fsynced in a
 * hidden staging directory beside the target, which is then renamed into place. A crash leaves
 * the old directory, or none, never a half-written model.json.
 */
import { createHash } from 'node:crypto';
import { existsSync, promises as fsp, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { ModelConfig } from '../models/registry.ts';
import { UserError } from '../errors.ts';
import { projectVersion } from './environment.ts';
import { writeDirectoryAtomic } from '../files/atomic-dir.ts';
import type { ModelState } from '../models/types.ts';

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

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

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

/** The files of a saved model, by name, ready for `writeDirectoryAtomic`. */
export function modelFiles(state: ModelState): Record<string, string | Uint8Array> {
  const { modelJson, weights } = encodeModel(state);
  // weights.bin first: model.json is what makes a directory a model, so it is written last.
  return { [WEIGHTS_BIN]: weights, [MODEL_JSON]: `${JSON.stringify(modelJson, null, 2)}\n` };
}

/** Save a fitted model's state as `dir/model.json` + `dir/weights.bin`, atomically (see module comment). */
export async function saveModel(dir: string, state: ModelState): Promise<void> {
  await writeDirectoryAtomic(dir, modelFiles(state), { replaceable: [MODEL_JSON, WEIGHTS_BIN], action: 'save the model', kind: 'a saved model' });
}

function invalid(file: string, message: string, details: { key?: string; expected?: string; found?: string; hint?: string } = {}): UserError {
  return new UserError('MODEL_INVALID', message, {
    file,
    hint: 'Save the model again (rerun the experiment with --save-model); do not edit the files by hand.',
    ...details,
  });
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isShape = (v: unknown): v is number[] => Array.isArray(v) && v.every((d) => Number.isInteger(d) && d >= 0);

/** Check a parsed model.json and its shard bytes; rebuild the plain-JSON ModelState. */
export function decodeModel(raw: unknown, shards: (path: string) => Uint8Array, file = MODEL_JSON): ModelState {
  if (!isObject(raw) || raw.format !== MODEL_FORMAT) {
    throw invalid(file, 'this is not a hurdle-lab model file.', {
      key: 'format',
      expected: JSON.stringify(MODEL_FORMAT),
      found: isObject(raw) ? JSON.stringify(raw.format ?? null) : 'not a JSON object',
    });
  }
  if (raw.formatVersion !== MODEL_FORMAT_VERSION && raw.formatVersion !== 1) {
    throw invalid(file, 'the model file has a format version this hurdle-lab cannot read.', {
      key: 'formatVersion',
      expected: String(MODEL_FORMAT_VERSION),
      found: JSON.stringify(raw.formatVersion ?? null),
      hint: `It was written by ${JSON.stringify(raw.generatedBy ?? 'an unknown version')}; load it with that version or save the model again.`,
    });
  }
  const config = raw.config;
  if (!isObject(config) || typeof raw.modelType !== 'string' || config.type !== raw.modelType) {
    throw invalid(file, 'the model type and its config disagree.', {
      key: 'modelType',
      expected: 'modelType equal to config.type',
      found: `${JSON.stringify(raw.modelType ?? null)} and ${JSON.stringify(isObject(config) ? (config.type ?? null) : null)}`,
    });
  }
  const learned = learnedState(raw);
  if (!Number.isInteger(raw.nFeatures) || (raw.nFeatures as number) < 0 || !learned) {
    throw invalid(file, 'the model file lacks nFeatures or its learned parameters.', { expected: 'a non-negative integer nFeatures, a params and a diagnostics mapping' });
  }
  const manifest = raw.weightsManifest;
  const groups = Array.isArray(manifest) ? manifest : [];
  if (groups.length === 0 || !groups.every((g) => isObject(g) && Array.isArray(g.paths) && g.paths.every((p) => typeof p === 'string') && Array.isArray(g.weights))) {
    throw invalid(file, 'the weights manifest is missing or malformed.', { key: 'weightsManifest', expected: 'a list of { paths: [...], weights: [...] } groups' });
  }

  const bytes = concat(groups.flatMap((g) => (g.paths as string[]).map(shards)));
  if (bytes.byteLength !== raw.weightsBytes || sha256(bytes) !== raw.weightsSha256) {
    const sizeOk = bytes.byteLength === raw.weightsBytes;
    throw invalid(file, sizeOk ? 'the weights do not match their checksum: the weights file is corrupted or comes from another save.' : 'the weights file has the wrong size: it is truncated or comes from another save.', {
      key: 'weightsManifest',
      expected: sizeOk ? `sha256 ${String(raw.weightsSha256)}` : `${String(raw.weightsBytes)} bytes`,
      found: sizeOk ? `sha256 ${sha256(bytes)}` : `${bytes.byteLength} bytes`,
    });
  }

  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const weights: ModelState['weights'] = [];
  let offset = 0;
  for (const spec of groups.flatMap((g) => g.weights as unknown[])) {
    if (!isObject(spec) || typeof spec.name !== 'string' || !isShape(spec.shape) || spec.dtype !== 'float32') {
      throw invalid(file, 'a weight entry of the manifest is malformed.', {
        key: 'weightsManifest',
        expected: '{ name, shape (non-negative integers), dtype: "float32" }',
        found: JSON.stringify(spec).slice(0, 120),
      });
    }
    const size = spec.shape.reduce((a, b) => a * b, 1);
    if (offset + size * 4 > bytes.byteLength) {
      throw invalid(file, `the manifest lists more weights than the weights file holds (at ${JSON.stringify(spec.name)}).`, { key: 'weightsManifest' });
    }
    const values = new Array<number>(size);
    for (let i = 0; i < size; i++, offset += 4) values[i] = view.getFloat32(offset, true);
    weights.push({ name: spec.name, shape: [...spec.shape], values });
  }
  if (offset !== bytes.byteLength) {
    throw invalid(file, `the weights file has ${bytes.byteLength - offset} bytes the manifest does not account for.`, { key: 'weightsManifest' });
  }
  return {
    type: raw.modelType as ModelConfig['type'],
    version: learned.version,
    config: config as unknown as ModelConfig,
    nFeatures: raw.nFeatures as number,
    weights,
    params: learned.params,
    diagnostics: learned.diagnostics,
  };
}

/** Format 2: params + diagnostics + stateVersion. Format 1 kept one `info` bag: its numbers are the params of state version 1. */
function learnedState(raw: Record<string, unknown>): Pick<ModelState, 'version' | 'params' | 'diagnostics'> | null {
  if (raw.formatVersion === 1) {
    if (!isObject(raw.info)) return null;
    const entries = Object.entries(raw.info);
    const params = Object.fromEntries(entries.filter(([, v]) => typeof v === 'number')) as ModelState['params'];
    const diagnostics = Object.fromEntries(entries.filter(([, v]) => typeof v === 'string')) as ModelState['diagnostics'];
    return { version: 1, params, diagnostics };
  }
  if (!isObject(raw.params) || !isObject(raw.diagnostics) || !Number.isInteger(raw.stateVersion)) return null;
  return { version: raw.stateVersion as number, params: raw.params as ModelState['params'], diagnostics: raw.diagnostics as ModelState['diagnostics'] };
}

function concat(parts: Uint8Array[]): Uint8Array {
  if (parts.length === 1) return parts[0];
  const out = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.byteLength;
  }
  return out;
}

/** Read `dir/model.json` and its weights back into a ModelState (no tfjs needed). */
export function loadModelState(dir: string): ModelState {
  const file = join(dir, MODEL_JSON);
  if (!existsSync(file)) {
    throw new UserError('FILE_NOT_FOUND', 'there is no saved model here.', {
      file,
      hint: existsSync(dir) ? `${dir} has no ${MODEL_JSON}; point at the directory written by --save-model.` : `${dir} does not exist.`,
    });
  }
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw invalid(file, `the model file is not valid JSON (${(e as Error).message}).`);
  }
  return decodeModel(raw, (path) => {
    const shard = join(dir, path);
    if (path.includes('/') || path.includes('\\') || path.startsWith('.')) {
      throw invalid(file, 'a weights path in the manifest leaves the model directory.', { key: 'weightsManifest', found: JSON.stringify(path) });
    }
    if (!existsSync(shard)) {
      throw new UserError('FILE_NOT_FOUND', 'the saved model has no weights file.', {
        file: shard,
        hint: `${MODEL_JSON} lists it in its weightsManifest; copy the whole model directory, not model.json alone.`,
      });
    }
    return new Uint8Array(readFileSync(shard));
  }, file);
}
