/**
 * zod issues → one `UserError` in the house shape: `file:line \`key.path\`: must be X, got Y. hint`.
 * The line comes from the origin of the key (see source.ts), so an error in a parent file points
 * into the parent and an error from `--set` names the flag.
 */
import type { z } from 'zod';
import { closest, describeValue, type UserError } from '../errors.ts';
import { formatKeyPath, keysAt, type KeyPath } from './keys.ts';
import { DEFAULT_MODEL_TYPE, MODEL_TYPES } from './schema.ts';
import { configError, pathId, type Loc, type Locs } from './source.ts';

type Issue = z.core.$ZodIssue;

function valueAt(raw: unknown, p: KeyPath): unknown {
  let v = raw;
  for (const seg of p) v = v && typeof v === 'object' ? (v as Record<string | number, unknown>)[seg] : undefined;
  return v;
}

/** Short values verbatim (`[128, 0]`), long ones summarised. */
export function showValue(v: unknown): string {
  if (v !== null && typeof v === 'object') {
    const json = JSON.stringify(v);
    if (json.length <= 40) return json.replace(/,/g, ', ').replace(/:/g, ': ');
  }
  return describeValue(v);
}

/** The origin of `p`, or of its nearest ancestor that has one (a missing key points at its parent). */
export function locOf(locs: Locs, p: KeyPath): Loc | undefined {
  for (let n = p.length; n >= 0; n--) {
    const loc = locs.get(pathId(p.slice(0, n)));
    if (loc) return loc;
  }
  return undefined;
}

const isZodDefault = (m: string) => /^(Invalid|Too (small|big)|Unrecognized|Expected)/.test(m);

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

function issueToError(issue: Issue, raw: unknown, locs: Locs): UserError {
  const p = issue.path as KeyPath;
  const found = valueAt(raw, p);

  if (issue.code === 'unrecognized_keys') {
    const others = issue.keys.length > 1 ? ` (also unknown here: ${issue.keys.slice(1).join(', ')})` : '';
    return unknownKeyError(locOf(locs, [...p, issue.keys[0]]), p, issue.keys[0], raw, `unknown key${others}.`);
  }

  const loc = locOf(locs, p);
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

  if (issue.code === 'custom' && (issue.params as { crossField?: boolean } | undefined)?.crossField) {
    const params = issue.params as { found?: string; hint?: string };
    return configError('CONFIG_INVALID', loc, key, issue.message, { hint: params.hint, found: params.found });
  }

  let expected = issue.message;
  let hint: string | undefined;
  if (issue.code === 'invalid_value') {
    const values = issue.values.map((v) => String(v));
    expected = `one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
    const near = typeof found === 'string' ? closest(found, values) : undefined;
    if (near) hint = `Did you mean ${JSON.stringify(near)}?`;
  } else if (isZodDefault(expected)) {
    expected = issue.code === 'invalid_type' ? `a value of type ${issue.expected}` : expected.replace(/^Invalid input: expected /, '');
  }
  if (/time zone/.test(expected) && typeof found === 'string') {
    const near = closest(found, Intl.supportedValuesOf('timeZone'));
    if (near) hint = `Did you mean ${JSON.stringify(near)}?`;
  }
  if (found === undefined) {
    return configError('CONFIG_INVALID', loc, key, `is required: expected ${expected}.`, { expected, found: 'nothing', hint });
  }
  return configError('CONFIG_INVALID', loc, key, `must be ${expected}, got ${showValue(found)}.`, { expected, found: showValue(found), hint });
}

/**
 * The first issue in reading order (the top file first, then its parents, then flags), with
 * "and N more" so the user knows another run may report further problems.
 */
export function issuesToError(issues: readonly Issue[], raw: unknown, locs: Locs, sourceOrder: string[]): UserError {
  const rank = (i: Issue) => {
    const loc = locOf(locs, issue0Path(i));
    const r = loc ? sourceOrder.indexOf(loc.source) : -1;
    return [r < 0 ? sourceOrder.length : r, loc?.line ?? 0];
  };
  const sorted = [...issues].sort((a, b) => {
    const [ra, la] = rank(a);
    const [rb, lb] = rank(b);
    return ra - rb || la - lb;
  });
  const err = issueToError(sorted[0], raw, locs);
  const more = issues.length - 1;
  if (more > 0) err.message += ` (and ${more} more problem${more > 1 ? 's' : ''})`;
  return err;
}

function issue0Path(i: Issue): KeyPath {
  const p = i.path as KeyPath;
  return i.code === 'unrecognized_keys' ? [...p, i.keys[0]] : p;
}
