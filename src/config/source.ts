/**
 * One YAML file → a plain value plus the line each key came from. Lines are recorded per key
 * path when the file is read, so after `extends` merging and `--set` every value still knows
 * which file and line set it, and errors can point there.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { isMap, isScalar, isSeq, LineCounter, parseDocument, parseAllDocuments, visit, type Node as YamlNode } from 'yaml';
import { UserError, type UserErrorCode, type UserErrorDetails } from '../errors.ts';
import { formatKeyPath, type KeyPath } from './keys.ts';

/** Where a value came from: a file (absolute path) and line, or a command-line flag such as `--set train.epochs=2`. */
export interface Loc {
  source: string;
  line?: number;
}

/** Key path (JSON-encoded) → where it was set. */
export type Locs = Map<string, Loc>;
export const pathId = (p: KeyPath): string => JSON.stringify(p);

export interface YamlSource {
  file: string;
  value: Record<string, unknown>;
  locs: Locs;
}

/** How a source is shown: files relative to the working directory when below it. */
export function displaySource(source: string): string {
  if (!path.isAbsolute(source)) return source;
  const rel = path.relative(process.cwd(), source);
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : source;
}

/**
 * A config error in the house shape. The message is written in full here (`must be X, got Y`)
 * and `expected`/`found` are added to the details afterwards, so callers can read them without
 * `formatUserError` appending them a second time.
 */
export function configError(
  code: UserErrorCode,
  loc: Loc | undefined,
  key: string | undefined,
  message: string,
  extra: { expected?: string; found?: string; hint?: string } = {},
): UserError {
  const details: UserErrorDetails = { file: loc ? displaySource(loc.source) : undefined, line: loc?.line, key, hint: extra.hint };
  const err = new UserError(code, message, details);
  if (extra.expected !== undefined) err.details.expected = extra.expected;
  if (extra.found !== undefined) err.details.found = extra.found;
  return err;
}

/** Parse YAML text; `source` names it in errors. Throws CONFIG_SYNTAX with the line of the first error. */
export function parseYamlText(text: string, source: string): { value: unknown; locs: Locs } {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  if (doc.errors.length) {
    const first = doc.errors[0];
    const { line, col } = lineCounter.linePos(first.pos[0]);
    const what = first.message.replace(/ at line \d+, column \d+[\s\S]*$/, '').replace(/\.$/, '');
    const more = doc.errors.length > 1 ? ` (and ${doc.errors.length - 1} more)` : '';
    throw configError('CONFIG_SYNTAX', { source, line }, undefined, `YAML syntax error at column ${col}: ${what}${more}.`, {
      hint: 'Check the indentation (spaces, not tabs) and that every `key: value` pair has a space after the colon.',
    });
  }
  const locs: Locs = new Map();
  const walk = (node: YamlNode | null | undefined, at: KeyPath): void => {
    if (isMap(node)) {
      for (const pair of node.items) {
        const keyNode = pair.key as YamlNode | null;
        const start = keyNode?.range?.[0] ?? (pair.value as YamlNode | null)?.range?.[0];
        const line = start === undefined ? undefined : lineCounter.linePos(start).line;
        // A list, mapping or empty key has no key path (the yaml library would stringify it and warn).
        if (!isScalar(keyNode) || keyNode.value === null || typeof keyNode.value === 'object') {
          const found = keyNode === null || (isScalar(keyNode) && keyNode.value === null) ? 'an empty key' : 'a list or mapping as a key';
          throw configError('CONFIG_INVALID', { source, line }, formatKeyPath(at) || undefined, `a key must be a plain name such as \`epochs\`, got ${found}.`, {
            expected: 'a plain name',
            found,
            hint: 'Write each key as a name followed by a colon and a space.',
          });
        }
        const key = String(keyNode.value);
        const child = [...at, key];
        locs.set(pathId(child), { source, line });
        walk(pair.value as YamlNode | null, child);
      }
    } else if (isSeq(node)) {
      node.items.forEach((item, i) => {
        const start = (item as YamlNode | null)?.range?.[0];
        locs.set(pathId([...at, i]), { source, line: start === undefined ? undefined : lineCounter.linePos(start).line });
        walk(item as YamlNode | null, [...at, i]);
      });
    }
  };
  walk(doc.contents as YamlNode | null, []);
  locs.set(pathId([]), { source, line: 1 });
  return { value: toJsValue(doc, lineCounter, source), locs };
}

/**
 * The yaml library throws a plain ReferenceError for an alias without an anchor and for an alias
 * bomb (maxAliasCount); both are the user's YAML, so they become CONFIG_SYNTAX at the alias.
 */
function toJsValue(doc: ReturnType<typeof parseDocument>, lineCounter: LineCounter, source: string): unknown {
  try {
    return doc.toJS({ maxAliasCount: 1000 });
  } catch (e) {
    if (!(e instanceof ReferenceError)) throw e;
    const name = /alias[^:]*: (.+)$/.exec(e.message)?.[1];
    let start: number | undefined;
    visit(doc, {
      Alias(_, node) {
        if (name === undefined || node.source === name) {
          start = node.range?.[0];
          return visit.BREAK;
        }
      },
    });
    const bomb = /resource exhaustion/.test(e.message);
    const line = start === undefined ? undefined : lineCounter.linePos(start).line;
    throw configError('CONFIG_SYNTAX', { source, line }, undefined, bomb ? 'YAML aliases expand to too many values (more than 1000).' : `YAML alias *${name ?? '?'} has no anchor &${name ?? '?'} before it.`, {
      hint: bomb ? 'Write the values out, or use fewer nested aliases.' : 'Define the anchor (&name) before using the alias (*name), or write the value out.',
    });
  }
}

/** Read one experiment file. The top level must be a mapping (an empty file is an empty mapping). */
export function readYamlFile(file: string): YamlSource {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new UserError('FILE_NOT_FOUND', `cannot read the experiment file (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}).`, {
      file: displaySource(file),
      hint: 'Pass a path to a .yaml file.',
    });
  }
  if (/^---\s*$/m.test(text) && parseAllDocuments(text).length > 1) {
    throw configError('CONFIG_SYNTAX', { source: file }, undefined, 'holds several YAML documents (separated by ---); an experiment file holds one.');
  }
  const { value, locs } = parseYamlText(text, file);
  if (value === null || value === undefined) return { file, value: {}, locs };
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw configError('CONFIG_INVALID', { source: file, line: 1 }, undefined, 'the top level must be a mapping of keys (name, data, features, model, ...).', {
      expected: 'a mapping',
      found: Array.isArray(value) ? 'a list' : JSON.stringify(value),
    });
  }
  return { file, value: value as Record<string, unknown>, locs };
}
