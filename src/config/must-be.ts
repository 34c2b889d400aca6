/**
 * The sentence for one key's zod issue, `must be X, got Y.` (or `is required: expected X.`), with a
 * did-you-mean when one fits. The schema carries each check's "expected ..." phrase as its zod
 * error (schema-fields.ts), so this is the one wording for a YAML key (issues.ts) and for a
 * command-line flag checked by the same piece of the schema (flags.ts).
 */
import type { z } from 'zod';
import { closest, describeValue } from '../errors.ts';

type Issue = z.core.$ZodIssue;

/** Short values verbatim (`[128, 0]`), long ones summarised. */
export function showValue(v: unknown): string {
  if (v !== null && typeof v === 'object') {
    const json = JSON.stringify(v);
    if (json.length <= 40) return json.replace(/,/g, ', ').replace(/:/g, ': ');
  }
  return describeValue(v);
}

const isZodDefault = (m: string) => /^(Invalid|Too (small|big)|Unrecognized|Expected)/.test(m);

/** `found` is the value at the issue's key (undefined when the key is missing). */
export function mustBe(issue: Issue, found: unknown): { message: string; expected: string; found: string; hint?: string } {
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
    hint = near ? `Did you mean ${JSON.stringify(near)}?` : 'See the tz database list of zone names.';
  }
  if (found === undefined) return { message: `is required: expected ${expected}.`, expected, found: 'nothing', hint };
  return { message: `must be ${expected}, got ${showValue(found)}.`, expected, found: showValue(found), hint };
}
