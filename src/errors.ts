/**
 * User-facing errors. Anything the user can fix (a bad YAML key, a ragged CSV row, a missing
 * file) is a `UserError`: the CLI prints its one-paragraph message and exits non-zero without a
 * stack trace. Anything else is a bug and keeps its stack.
 *
 * Message shape (one paragraph): `<where>: <what> must be <expected>, got <found>. <hint>`
 * where `<where>` is `file:line` plus a key path or column when known.
 */

import { distance as levenshtein } from 'fastest-levenshtein';

export type UserErrorCode =
  | 'CONFIG_SYNTAX'
  | 'CONFIG_INVALID'
  | 'CONFIG_UNKNOWN_KEY'
  | 'CONFIG_EXTENDS'
  | 'FILE_NOT_FOUND'
  | 'CSV_EMPTY'
  | 'CSV_HEADER'
  | 'CSV_RAGGED'
  | 'CSV_VALUE'
  | 'CSV_ENCODING'
  | 'DATA_DEGENERATE'
  | 'REGISTRY_MISS'
  | 'RESULT_INVALID'
  | 'RESULT_EXISTS'
  | 'MODEL_INVALID'
  | 'CLI_USAGE'
  | 'BACKEND_UNAVAILABLE'
  | 'INTERRUPTED'
  | 'FILE_SYSTEM'
  | 'OUTPUT_CONFLICT'
  | 'RESOURCE_LIMIT';

export interface UserErrorDetails {
  /** File the problem is in, as the user typed or would recognise it. */
  file?: string;
  /** 1-based line number in `file`. */
  line?: number;
  /** Dotted key path (`model.hidden[1]`) or CSV column name. */
  key?: string;
  /** What was expected, e.g. "a positive integer". */
  expected?: string;
  /** What was found, already formatted for display. */
  found?: string;
  /** How to fix it. */
  hint?: string;
}

export class UserError extends Error {
  readonly code: UserErrorCode;
  readonly details: UserErrorDetails;

  constructor(code: UserErrorCode, message: string, details: UserErrorDetails = {}) {
    super(formatUserError(message, details));
    this.name = 'UserError';
    this.code = code;
    this.details = details;
  }
}

export function isUserError(e: unknown): e is UserError {
  return e instanceof UserError;
}

/** A short excerpt of a possibly huge text (a 1 MB CSV line), so a message stays one paragraph. */
export function excerpt(text: string, max = 60): string {
  return text.length > max ? `${text.slice(0, max - 3)}...` : text;
}

/** Render `found` values so that strings are quoted and long ones cut. */
export function describeValue(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (v === null) return 'null';
  if (typeof v === 'string') return JSON.stringify(excerpt(v));
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return `a list of ${v.length}`;
  return 'a mapping';
}

export function formatUserError(message: string, d: UserErrorDetails): string {
  let where = '';
  if (d.file) where = d.line ? `${d.file}:${d.line}` : d.file;
  if (d.key) where = where ? `${where} \`${d.key}\`` : `\`${d.key}\``;
  let text = where ? `${where}: ${message}` : message;
  if (d.expected !== undefined && d.found !== undefined) {
    text += ` Expected ${d.expected}, got ${d.found}.`;
  } else if (d.expected !== undefined) {
    text += ` Expected ${d.expected}.`;
  }
  if (d.hint) text += ` ${d.hint}`;
  return text.replace(/\s+/g, ' ').trim();
}

/** Registry miss: unknown name, list the valid ones (and the closest, if any). */
export function registryMiss(kind: string, name: string, valid: readonly string[], where: UserErrorDetails = {}): UserError {
  const close = closest(name, valid);
  return new UserError('REGISTRY_MISS', `unknown ${kind} ${JSON.stringify(name)}.`, {
    ...where,
    expected: `one of ${valid.map((v) => JSON.stringify(v)).join(', ')}`,
    found: JSON.stringify(name),
    hint: close ? `Did you mean ${JSON.stringify(close)}?` : where.hint,
  });
}

/** The closest candidate by edit distance, if it is close enough to be a plausible typo. */
export function closest(name: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestD = Infinity;
  for (const c of candidates) {
    const d = levenshtein(name.toLowerCase(), c.toLowerCase());
    if (d < bestD) {
      bestD = d;
      best = c;
    }
  }
  return best !== undefined && bestD <= Math.max(2, Math.floor(name.length / 3)) ? best : undefined;
}
