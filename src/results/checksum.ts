/** The sha256 checksum that seals a result file (hashing itself is the shared src/hash.ts). */
import { canonicalJson, sha256 } from '../hash.ts';

/** Checksum of a result object: sha256 of its canonical JSON without the `checksum` field. */
export function resultChecksum(result: Record<string, unknown>): string {
  const { checksum: _ignored, ...rest } = result;
  return sha256(canonicalJson(rest));
}
