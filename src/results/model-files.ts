/**
 * Saved models on disk: a directory with `model.json` and `weights.bin` (the format:
 * model-format.ts; the checks on load: model-decode.ts). Reading it needs node:fs only — no
 * tfjs, no tfjs-node, no backend — so a model trained on any backend loads on any machine, and
 * `getModel(type).fromState(loadModelState(dir))` predicts bit-identically to the saved model.
 *
 * Writes are atomic per directory (`writeDirectoryAtomic`, src/files/atomic-dir.ts): files are written and fsynced in a
 * hidden staging directory beside the target, which is then renamed into place. A crash leaves
 * the old directory, or none, never a half-written model.json.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { UserError } from '../errors.ts';
import { writeDirectoryAtomic } from '../files/atomic-dir.ts';
import type { ModelState } from '../models/types.ts';
import { decodeModel, invalid } from './model-decode.ts';
import { encodeModel, MODEL_JSON, WEIGHTS_BIN } from './model-format.ts';

export { decodeModel } from './model-decode.ts';
export { encodeModel, MODEL_FORMAT, MODEL_JSON, WEIGHTS_BIN, type ModelJson } from './model-format.ts';

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
