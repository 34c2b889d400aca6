/**
 * zod issues → one `UserError` in the house shape: `file:line \`key.path\`: must be X, got Y. hint`.
 * The line comes from the origin of the key (see source.ts), so an error in a parent file points
 * into the parent and an error from `--set` names the flag.
 */
import type { z } from 'zod';
import { closest, UserError } from '../errors.ts';
import { formatKeyPath, keysAt, type KeyPath } from './keys.ts';
import { mustBe, showValue } from './must-be.ts';
import { DEFAULT_MODEL_TYPE, MODEL_TYPES } from './schema.ts';
import { configError, displaySource, pathId, type Loc, type Locs } from './source.ts';

type Issue = z.core.$ZodIssue;

function valueAt(raw: unknown, p: KeyPath): unknown {
  let v = raw;
  for (const seg of p) v = v && typeof v === 'object' ? (v as Record<string | number, unknown>)[seg] : undefined;
  return v;
}

/** The origin of `p`, or of its nearest ancestor that has one (a missing key points at its parent). */
export function locOf(locs: Locs, p: KeyPath): Loc | undefined {
  for (let n = p.length; n >= 0; n--) {
    const loc = locs.get(pathId(p.slice(0, n)));
    if (loc) return loc;
  }
  return undefined;
}

/** Keys valid for some other model type, for the "that key belongs to ..." hint. */
function modelTypesWithKey(key: string): string[] {
  return MODEL_TYPES.filter((t) => keysAt(['model'], { model: { type: t } }).includes(key));
}

/**
 * Unknown key `bad` in the mapping at `at`: did-you-mean, the model type it belongs to, the valid
 * keys. Flags suggest the full path (`--set model.hidden=...`); YAML files the local key.
 */
export function unknownKeyError(loc: Loc | undefined, at: KeyPath, bad: string, raw: unknown, message = 'unknown key.', fullPath = false): UserError {
  const valid = keysAt(at, raw);
  const near = closest(bad, valid);
  const owners = at.length === 1 && at[0] === 'model' ? modelTypesWithKey(bad) : [];
  const type = (valueAt(raw, ['model', 'type']) as string | undefined) ?? DEFAULT_MODEL_TYPE;
  const hints = [
    near ? `Did you mean \`${fullPath ? formatKeyPath([...at, near]) : near}\`?` : '',
    owners.length ? `\`${bad}\` is a key of model type ${owners.join('/')}, not ${JSON.stringify(type)}.` : '',
    `Valid keys${at.length ? ` in \`${formatKeyPath(at)}\`` : ''}: ${valid.join(', ')}.`,
  ];
  return configError('CONFIG_UNKNOWN_KEY', loc, formatKeyPath([...at, bad]), message, {
    expected: `one of ${valid.join(', ')}`,
    found: JSON.stringify(bad),
    hint: hints.filter(Boolean).join(' '),
  });
}

const isCrossField = (issue: Issue) => issue.code === 'custom' && !!(issue.params as { crossField?: boolean } | undefined)?.crossField;

/**
 * Where the user can fix a problem. A rule between keys (log1p ⊆ numeric, sessionEnd ⊆ features)
 * broken by a value inherited from a parent is fixed in the file being run, by overriding it:
 * report it there, at the nearest key that file sets, and name the parent line it came from.
 */
function fixLoc(issue: Issue, p: KeyPath, locs: Locs, top: string | undefined): { loc: Loc | undefined; inherited?: Loc } {
  const loc = locOf(locs, p);
  if (!top || !loc || loc.source === top || !isCrossField(issue) || !loc.source.startsWith('/')) return { loc };
  for (let n = p.length - 1; n >= 0; n--) {
    const up = locs.get(pathId(p.slice(0, n)));
    if (up?.source === top) return { loc: up, inherited: loc };
  }
  return { loc: { source: top, line: 1 }, inherited: loc };
}

function issueToError(issue: Issue, raw: unknown, locs: Locs, top?: string): UserError {
  const p = issue.path as KeyPath;
  const found = valueAt(raw, p);

  if (issue.code === 'unrecognized_keys') {
    const others = issue.keys.length > 1 ? ` (also unknown here: ${issue.keys.slice(1).join(', ')})` : '';
    return unknownKeyError(locOf(locs, [...p, issue.keys[0]]), p, issue.keys[0], raw, `unknown key${others}.`);
  }

  const { loc, inherited } = fixLoc(issue, p, locs, top);
  const key = formatKeyPath(p);

  if (issue.code === 'invalid_union' && (issue as { discriminator?: string }).discriminator) {
    const valid = [...MODEL_TYPES] as string[];
    const expected = `one of ${valid.map((v) => JSON.stringify(v)).join(', ')}`;
    if (found === undefined) {
      return configError('CONFIG_INVALID', loc, key, `is required: expected ${expected}.`, { expected, found: 'nothing' });
    }
    const near = typeof found === 'string' ? closest(found, valid) : undefined;
    return configError('CONFIG_INVALID', loc, key, `unknown model type ${showValue(found)}; valid types are ${valid.map((v) => JSON.stringify(v)).join(', ')}.`, {
      expected,
      found: showValue(found),
      hint: near ? `Did you mean ${JSON.stringify(near)}?` : undefined,
    });
  }

  if (isCrossField(issue)) {
    const params = (issue as { params?: unknown }).params as { found?: string; hint?: string };
    const from = inherited ? ` (inherited from ${displaySource(inherited.source)}${inherited.line ? `:${inherited.line}` : ''}; override \`${key}\` in this file, or fix what it must agree with)` : '';
    return configError('CONFIG_INVALID', loc, key, issue.message + from, { hint: params.hint, found: params.found });
  }

  const m = mustBe(issue, found);
  return configError('CONFIG_INVALID', loc, key, m.message, { expected: m.expected, found: m.found, hint: m.hint });
}

/** At most this many problems are listed; beyond it, "and N more". */
export const MAX_LISTED_PROBLEMS = 10;

/**
 * Every problem, in reading order (the top file first, then its parents, then flags), each at the
 * file where it can be fixed: the first as the error, the others as one line each below it.
 */
export function issuesToError(issues: readonly Issue[], raw: unknown, locs: Locs, sourceOrder: string[]): UserError {
  const top = sourceOrder[0];
  const errors = [...inheritedListErrors(issues, raw, locs, top), ...issues.filter((i) => !inheritedListIssue(i, locs, top)).map((i) => issueToError(i, raw, locs, top))];
  const rank = (e: UserError) => {
    const shown = sourceOrder.map(displaySource);
    const r = e.details.file ? shown.indexOf(e.details.file) : -1;
    return [r < 0 ? sourceOrder.length : r, e.details.line ?? 0];
  };
  const sorted = errors
    .map((e, i) => ({ e, i }))
    .sort((a, b) => {
      const [ra, la] = rank(a.e);
      const [rb, lb] = rank(b.e);
      return ra - rb || la - lb || a.i - b.i;
    })
    .map((x) => x.e)
    .filter((e, i, all) => all.findIndex((o) => o.message === e.message) === i);
  return listProblems(sorted);
}

/** One error for several problems: the first as the error, the others as one line each below it (up to the cap). */
export function listProblems(sorted: readonly UserError[]): UserError {
  if (sorted.length === 1) return sorted[0];
  const listed = sorted.slice(0, MAX_LISTED_PROBLEMS);
  const also = listed.slice(1).map((e) => `also: ${e.message}`);
  if (sorted.length > listed.length) also.push(`... and ${sorted.length - listed.length} more problems (fix these and run again)`);
  const first = listed[0];
  return new UserError(first.code, `${first.message.slice(whereLength(first))} (${sorted.length} problems, listed below)`, { ...first.details, expected: undefined, found: undefined, hint: undefined, also });
}

/** A rule broken by an entry of a list that the top file does not set (it came from a parent). */
function inheritedListIssue(i: Issue, locs: Locs, top: string | undefined): boolean {
  const p = i.path as KeyPath;
  if (!isCrossField(i) || typeof p[p.length - 1] !== 'number') return false;
  const { inherited } = fixLoc(i, p, locs, top);
  return !!inherited;
}

/**
 * Entries of one inherited list that break the same rule, as one problem at the top file:
 * `features.log1p` from baseline.yaml names columns that this file's `features.numeric` lacks.
 */
function inheritedListErrors(issues: readonly Issue[], raw: unknown, locs: Locs, top: string | undefined): UserError[] {
  const groups = new Map<string, { issue: Issue; issues: Issue[]; list: KeyPath; values: unknown[]; rule: string }>();
  for (const i of issues) {
    if (!inheritedListIssue(i, locs, top)) continue;
    const list = (i.path as KeyPath).slice(0, -1);
    const rule = i.message.replace(/, got .*$/, '').replace(/\.$/, '');
    const id = JSON.stringify([list, rule]);
    const g = groups.get(id) ?? { issue: i, issues: [], list, values: [], rule };
    g.values.push(valueAt(raw, i.path as KeyPath));
    g.issues.push(i);
    groups.set(id, g);
  }
  return [...groups.values()].map((g) => {
    const { loc, inherited } = fixLoc(g.issue, g.list.concat(0), locs, top);
    const key = formatKeyPath(g.list);
    const from = `${displaySource(inherited!.source)}${inherited!.line ? `:${inherited!.line}` : ''}`;
    const shown = g.values.map((v) => showValue(v)).join(', ');
    const typos = g.issues.map((i) => (i as { params?: { hint?: string } }).params?.hint ?? '').filter((h) => /misspelt/.test(h));
    const last = String(g.list[g.list.length - 1]);
    return configError('CONFIG_INVALID', loc, key, `inherited from ${from}, lists ${shown}; each entry ${g.rule}.`, {
      hint: `${typos.join(' ')} Override it in this file: set \`${last}:\` under \`${formatKeyPath(g.list.slice(0, -1))}:\` to this file's columns (or \`${last}: []\`).`,
    });
  });
}

/** Length of the "file:line `key`: " prefix that formatUserError put in front of the message. */
function whereLength(e: UserError): number {
  const d = e.details;
  let where = d.file ? (d.line ? `${d.file}:${d.line}` : d.file) : '';
  if (d.key) where = where ? `${where} \`${d.key}\`` : `\`${d.key}\``;
  return where ? where.length + 2 : 0;
}
