/**
 * Result file names: `<name>-s<seed>-<configHash8>.json`, then `-2`, `-3`, ... when that name is
 * taken (see write.ts for the collision policy). The experiment name is made filename-safe:
 * anything outside [A-Za-z0-9._-] becomes `_`, and leading dots are dropped so a result is never
 * a hidden file (hidden files are the writer's temporaries, which the reporter ignores).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { ResultFile } from './types.ts';

export type ResultNameParts = Pick<ResultFile, 'name' | 'configHash'> & { seeds: { root: number } };

export function safeStem(name: string): string {
  const safe = name.replace(/[^A-Za-z0-9._-]/g, '_').replace(/^\.+/, '');
  return safe.length ? safe : 'run';
}

/** The file name for `attempt` 1 (no suffix), 2 (`-2`), ... */
export function resultFileName(result: ResultNameParts, attempt = 1): string {
  if (!Number.isInteger(attempt) || attempt < 1) throw new RangeError(`resultFileName: attempt must be a positive integer, got ${attempt}`);
  const base = `${safeStem(result.name)}-s${result.seeds.root}-${result.configHash.slice(0, 8)}`;
  return attempt === 1 ? `${base}.json` : `${base}-${attempt}.json`;
}

/**
 * The name writeResultAtomic will give `result` in `dir` unless another writer claims it first:
 * the first attempt not taken. Side files (predictions) are named after it before the result is
 * written, so the result can hold their checksum; in that rare race the side file keeps its name
 * and the result still references it by that name.
 */
export function freeResultName(dir: string, result: ResultNameParts): string {
  for (let attempt = 1; ; attempt++) {
    const name = resultFileName(result, attempt);
    if (!existsSync(join(dir, name))) return name;
  }
}
