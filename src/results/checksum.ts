/** Canonical JSON (sorted keys) and the sha256 checksum that seals a result file. */
import { createHash } from 'node:crypto';

export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v as object).sort()) out[k] = sortKeys((v as Record<string, unknown>)[k]);
    return out;
  }
  return v;
}

export function sha256(text: string | Uint8Array): string {
  return createHash('sha256').update(text).digest('hex');
}

/** Checksum of a result object: sha256 of its canonical JSON without the `checksum` field. */
export function resultChecksum(result: Record<string, unknown>): string {
  const { checksum: _ignored, ...rest } = result;
  return sha256(canonicalJson(rest));
}
