/**
 * Where a worker finds a CSV that the submitter named by its own absolute path. `--data-root`
 * remaps it: `FROM=TO` replaces a path prefix (`/home/ana/data=/mnt/shared/data`), a bare `DIR`
 * looks for the file's name in DIR. Without a match the path is used as it is (a shared
 * filesystem mounted at the same place). The sha256 check after loading decides, not the name.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { UserError } from '../errors.ts';

export type DataRoot = { from: string; to: string } | { dir: string };

export function parseDataRoot(text: string): DataRoot {
  const eq = text.indexOf('=');
  if (eq === 0 || eq === text.length - 1)
    throw new UserError('CLI_USAGE', `bad --data-root ${JSON.stringify(text)}.`, {
      key: '--data-root',
      expected: 'DIR, or FROM=TO (a path prefix as the submitter sees it = the same folder on this machine)',
      found: JSON.stringify(text),
    });
  if (eq > 0) return { from: path.resolve(text.slice(0, eq)), to: path.resolve(text.slice(eq + 1)) };
  return { dir: path.resolve(text) };
}

/** Candidate local paths for the submitter's `file`, in the order they are tried. */
export function candidatePaths(file: string, roots: DataRoot[]): string[] {
  const out: string[] = [];
  for (const r of roots) {
    if ('dir' in r) out.push(path.join(r.dir, path.basename(file)));
    else if (file === r.from || file.startsWith(r.from + path.sep)) out.push(r.to + file.slice(r.from.length));
  }
  out.push(file);
  return [...new Set(out)];
}

export function resolveDataPath(file: string, roots: DataRoot[], host: string): string {
  const tried = candidatePaths(file, roots);
  const found = tried.find((p) => existsSync(p));
  if (found) return found;
  throw new UserError('FILE_NOT_FOUND', `worker ${host} cannot see the experiment's CSV ${file}.`, {
    key: 'data.path',
    expected: 'the same file on this worker',
    found: `nothing at ${tried.join(', ')}`,
    hint: 'Put the file on a filesystem every worker mounts, or start the worker with --data-root FROM=TO (or --data-root DIR) to say where its copy is.',
  });
}
