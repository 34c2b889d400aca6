/**
 * Reads result files for the reporter. Every file is checked (JSON, kind, schema version,
 * checksum, structure) and a bad one is skipped with its name and the reason — one corrupt
 * file never takes the whole report down.
 */
import { readFile, readdir, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { UserError } from '../errors.ts';
import { resultChecksum } from './checksum.ts';
import { RESULT_KIND, RESULT_SCHEMA_VERSION, type ResultFile } from './types.ts';
import { describeSchemaIssues, resultFileSchema } from './schema.ts';

export interface ReadResults {
  ok: { path: string; result: ResultFile }[];
  skipped: { path: string; reason: string }[];
}

export async function readResults(paths: string[]): Promise<ReadResults> {
  const out: ReadResults = { ok: [], skipped: [] };
  for (const path of paths) {
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      const reason = code === 'ENOENT' ? 'file not found' : code === 'EISDIR' ? 'is a directory' : `cannot read: ${(e as Error).message}`;
      out.skipped.push({ path, reason });
      continue;
    }
    const checked = checkResultText(text);
    if ('reason' in checked) out.skipped.push({ path, reason: checked.reason });
    else out.ok.push({ path, result: checked.result });
  }
  return out;
}

/** The one result file a command acts on: read and checked, or a RESULT_INVALID error saying what could not be done from it and why. */
export async function readOneResult(path: string, action: string): Promise<{ path: string; result: ResultFile }> {
  const { ok, skipped } = await readResults([path]);
  if (!ok.length) throw new UserError('RESULT_INVALID', `cannot ${action} from this file: ${skipped[0]?.reason ?? 'not a result file'}.`, { file: path });
  return ok[0];
}

/** Validate the text of one result file; pure, so tests can feed it strings. */
export function checkResultText(text: string): { result: ResultFile } | { reason: string } {
  if (text.trim() === '') return { reason: 'empty file' };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    return { reason: `not valid JSON (truncated or not a result file): ${(e as Error).message}` };
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) return { reason: 'not a hurdle-lab result: the JSON is not an object' };
  const obj = value as Record<string, unknown>;
  if (obj.kind !== RESULT_KIND) {
    const found = obj.kind === undefined ? 'no "kind" field' : `kind ${JSON.stringify(obj.kind)}`;
    return { reason: `not a hurdle-lab result: expected kind "${RESULT_KIND}", found ${found}` };
  }
  const version = obj.schemaVersion;
  if (typeof version !== 'number' || !Number.isInteger(version)) {
    return { reason: `schemaVersion must be an integer, found ${JSON.stringify(version)}` };
  }
  if (version > RESULT_SCHEMA_VERSION) {
    return { reason: `written by a newer hurdle-lab (schema ${version}); upgrade hurdle-lab to read it (this one reads schema ${RESULT_SCHEMA_VERSION})` };
  }
  if (version < RESULT_SCHEMA_VERSION) {
    return { reason: `written by an older hurdle-lab (schema ${version}); re-run it with this version (reads schema ${RESULT_SCHEMA_VERSION}) or use its \`reproduce\` command` };
  }
  if (typeof obj.checksum !== 'string') return { reason: 'no checksum field: not written by hurdle-lab, or truncated by hand' };
  // Checksum before structure: a hand edit that also breaks the shape is best explained as the edit.
  if (resultChecksum(obj) !== obj.checksum) return { reason: 'checksum mismatch: edited by hand or corrupted' };
  const parsed = resultFileSchema.safeParse(obj);
  if (!parsed.success) return { reason: `does not match the result schema: ${describeSchemaIssues(parsed.error)}` };
  // Keep the original object (extra keys included); the schema only vouches for its shape.
  return { result: obj as unknown as ResultFile };
}

export interface ExpandedPaths {
  /** Files to read, in argument order, de-duplicated. */
  paths: string[];
  /** Files left out on purpose: temp files ('.'-prefixed) and bench-*.json. */
  ignored: string[];
  /** Patterns or directories that matched no result file. */
  unmatched: { arg: string; reason: string }[];
}

/** Temp files (written then renamed by the runner) and benchmark output are not run results. */
export function isIgnoredName(name: string): boolean {
  return name.startsWith('.') || /^bench-.*\.json$/.test(name);
}

const GLOB_CHARS = /[*?]/;

/**
 * Expand the report's file arguments. The shell usually expands globs already; literal patterns
 * (quoted, or from Windows shells) are matched here with `*` and `?` in the last path segment.
 * A directory stands for its `*.json` files (not recursive).
 */
export async function expandGlobs(args: string[]): Promise<ExpandedPaths> {
  const out: ExpandedPaths = { paths: [], ignored: [], unmatched: [] };
  const seen = new Set<string>();
  const add = (p: string) => {
    if (seen.has(p)) return;
    seen.add(p);
    if (isIgnoredName(basename(p))) out.ignored.push(p);
    else out.paths.push(p);
  };
  for (const arg of args) {
    const dir = dirname(arg);
    const last = basename(arg);
    if (GLOB_CHARS.test(dir)) {
      out.unmatched.push({ arg, reason: 'wildcards are only supported in the file-name part (let the shell expand the rest)' });
      continue;
    }
    if (GLOB_CHARS.test(last)) {
      const names = await listDir(dir);
      if (names === null) {
        out.unmatched.push({ arg, reason: `directory ${dir} not found` });
        continue;
      }
      const re = globToRegExp(last);
      const hits = names.filter((n) => re.test(n) && !(n.startsWith('.') && !last.startsWith('.')));
      if (hits.length === 0) out.unmatched.push({ arg, reason: 'no file matches this pattern' });
      for (const n of hits) add(join(dir, n));
      continue;
    }
    const info = await stat(arg).catch(() => null);
    if (info?.isDirectory()) {
      const names = ((await listDir(arg)) ?? []).filter((n) => n.endsWith('.json'));
      const kept = names.filter((n) => !isIgnoredName(n));
      if (kept.length === 0) out.unmatched.push({ arg, reason: 'directory holds no result (*.json) files' });
      for (const n of names) add(join(arg, n));
      continue;
    }
    add(arg); // missing files are reported by readResults with the file's name
  }
  return out;
}

async function listDir(dir: string): Promise<string[] | null> {
  try {
    return (await readdir(dir)).sort();
  } catch {
    return null;
  }
}

/** `*` → any run of characters, `?` → one character; everything else literal. */
export function globToRegExp(pattern: string): RegExp {
  let src = '';
  for (const ch of pattern) {
    if (ch === '*') src += '.*';
    else if (ch === '?') src += '.';
    else src += ch.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${src}$`);
}
