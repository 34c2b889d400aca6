/**
 * model.json and its weight shards back into a ModelState, checking everything on the way: the
 * format and its version, the type against the config, the manifest, and the weights' size and
 * sha256, so a truncated, corrupted or mismatched weights file is refused with a clear error
 * instead of loading into silently wrong predictions. float32 → number is exact, so the state
 * predicts bit-identically to the model that was saved. Pure: the caller reads the files.
 */
import { UserError } from '../errors.ts';
import type { ModelConfig } from '../models/registry.ts';
import type { ModelState } from '../models/types.ts';
import { MODEL_FORMAT, MODEL_FORMAT_VERSION, MODEL_JSON, sha256 } from './model-format.ts';

export function invalid(file: string, message: string, details: { key?: string; expected?: string; found?: string; hint?: string } = {}): UserError {
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
