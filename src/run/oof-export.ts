/**
 * `--oof out.csv`: a run's out-of-fold predictions as plain CSV, for any tool. The content is the
 * result's side file (`X.oof.csv.gz`, src/results/oof.ts) uncompressed, byte for byte, after its
 * checksum and row count are verified against the result: the same columns
 * (`row,repeat,fold,prediction[,purchaseProb,amount]`) and the same round-trip numbers.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { UserError } from '../errors.ts';
import { readOof, type OofRef } from '../results/oof.ts';
import type { ResultFile } from '../results/types.ts';

export function oofCsvOf(resultPath: string, result: ResultFile): string {
  const ref = (result as ResultFile & { oof?: OofRef }).oof;
  if (!ref) {
    const external = result.config.model.type === 'external';
    throw new UserError('RESULT_INVALID', 'this result has no out-of-fold predictions to export.', {
      file: resultPath,
      expected: 'a result that references its side file (`oof` key; <name>.oof.csv.gz beside it)',
      found: 'no `oof` key (written by an older version)',
      hint: external ? `Rescore it with this version: ${result.reproduce}` : 'Rerun the experiment with this version to record them.',
    });
  }
  readOof(resultPath, ref); // checksum, gzip and row count, with clear errors
  return gunzipSync(readFileSync(path.join(path.dirname(resultPath), ref.file))).toString('utf8');
}
