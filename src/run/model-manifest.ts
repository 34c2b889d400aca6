/**
 * The manifest of a saved-model folder: `manifest.json` holds the sha256 and size of every other
 * file, and one identity (`saveId`) that experiment.json, pipeline.json and model.json each carry
 * too. So `predict` can refuse, naming the file, a folder that is partial (a file missing), edited
 * (a checksum differs) or mixed (a file from another save: its saveId differs), before any file
 * is trusted. The identity is a hash of what ties the save together (config, data, fitted
 * pipeline, weights): no randomness; two saves share it only when what they saved is identical.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { UserError } from '../errors.ts';
import { canonicalJson, sha256 } from '../hash.ts';
import { resultChecksum } from '../results/checksum.ts';

export const MANIFEST_JSON = 'manifest.json';
export const MANIFEST_KIND = 'hurdle-lab/model-manifest';
export const MANIFEST_VERSION = 1;

export interface ModelManifest {
  kind: typeof MANIFEST_KIND;
  version: number;
  saveId: string;
  files: Record<string, { bytes: number; sha256: string }>;
  checksum: string;
}

/** The identity of one save: a hash over the parts it ties together. */
export function saveIdentity(parts: { configHash: string; dataSha256: string; pipelineText: string; weightsSha256: string }): string {
  return sha256(canonicalJson(parts)).slice(0, 32);
}

const bytesOf = (content: string | Uint8Array) => (typeof content === 'string' ? new TextEncoder().encode(content) : content);

/** manifest.json's text for `files` (every other file of the folder), sealed with its own checksum. */
export function manifestText(saveId: string, files: Record<string, string | Uint8Array>): string {
  const entries = Object.keys(files)
    .sort()
    .map((name) => {
      const bytes = bytesOf(files[name]);
      return [name, { bytes: bytes.byteLength, sha256: sha256(bytes) }] as const;
    });
  const body = { kind: MANIFEST_KIND, version: MANIFEST_VERSION, saveId, files: Object.fromEntries(entries) };
  return `${JSON.stringify({ ...body, checksum: resultChecksum(body) }, null, 2)}\n`;
}

const hint = 'Copy the saved folder whole and unedited, or save the model again (npm run exp -- ... --save-model DIR, or --from <result> --save-model DIR).';

/** Check `dir` against its manifest; returns the saveId every JSON file of the folder must carry. */
export function verifyManifest(dir: string): string {
  const file = join(dir, MANIFEST_JSON);
  if (!existsSync(dir)) throw new UserError('FILE_NOT_FOUND', 'there is no saved model folder here.', { file: dir, hint: 'Point --model at a folder written by npm run exp -- ... --save-model DIR.' });
  if (!existsSync(file)) throw new UserError('MODEL_INVALID', 'the saved model folder has no manifest: it is partial, or was saved by an older hurdle-lab.', { file, hint });
  let manifest: ModelManifest;
  try {
    manifest = JSON.parse(readFileSync(file, 'utf8')) as ModelManifest;
  } catch (e) {
    throw new UserError('MODEL_INVALID', `the manifest is not valid JSON (${(e as Error).message.slice(0, 80)}).`, { file, hint });
  }
  if (manifest?.kind !== MANIFEST_KIND || manifest.version !== MANIFEST_VERSION || typeof manifest.files !== 'object' || manifest.files === null) {
    throw new UserError('MODEL_INVALID', 'this is not a manifest this version of hurdle-lab can read.', {
      file,
      expected: `kind ${JSON.stringify(MANIFEST_KIND)}, version ${MANIFEST_VERSION}`,
      found: `kind ${JSON.stringify(manifest?.kind ?? null)}, version ${JSON.stringify(manifest?.version ?? null)}`,
      hint,
    });
  }
  if (manifest.checksum !== resultChecksum(manifest as unknown as Record<string, unknown>)) {
    throw new UserError('MODEL_INVALID', 'the manifest was edited after saving (its checksum does not match).', { file, hint });
  }
  for (const [name, want] of Object.entries(manifest.files)) {
    const path = join(dir, name);
    if (name.includes('/') || name.includes('\\') || name.startsWith('.')) throw new UserError('MODEL_INVALID', `the manifest lists a file outside the folder (${JSON.stringify(name)}).`, { file, hint });
    if (!existsSync(path)) throw new UserError('MODEL_INVALID', 'the saved model folder is partial: this file, listed in its manifest, is missing.', { file: path, hint });
    const got = readFileSync(path);
    if (got.byteLength !== want.bytes || sha256(got) !== want.sha256) {
      const theirs = name.endsWith('.json') ? saveIdIn(got) : undefined;
      if (theirs !== undefined && theirs !== manifest.saveId) checkSaveId(path, theirs, manifest.saveId);
      throw new UserError('MODEL_INVALID', 'this file was edited or replaced after saving: it does not match the manifest.', {
        file: path,
        expected: `${want.bytes} bytes, sha256 ${want.sha256.slice(0, 16)}…`,
        found: `${got.byteLength} bytes, sha256 ${sha256(got).slice(0, 16)}…`,
        hint,
      });
    }
  }
  return manifest.saveId;
}

function saveIdIn(bytes: Uint8Array): unknown {
  try {
    return (JSON.parse(new TextDecoder().decode(bytes)) as { saveId?: unknown }).saveId;
  } catch {
    return undefined;
  }
}

/** Refuse a file whose saveId is not the folder's: it comes from another save. */
export function checkSaveId(file: string, found: unknown, saveId: string): void {
  if (found !== saveId) {
    throw new UserError('MODEL_INVALID', 'this file belongs to another save than the rest of the folder.', {
      file,
      expected: `saveId ${saveId}`,
      found: `saveId ${JSON.stringify(found ?? null)}`,
      hint,
    });
  }
}
