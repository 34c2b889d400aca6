/**
 * Command-line flags that mirror experiment keys are checked by the same piece of the schema, so
 * a flag and its key have one rule and one wording: `--buyer-rate`: must be a share in (0, 1), got 2.
 */
import type { z } from 'zod';
import type { UserError } from '../errors.ts';
import { listProblems } from './issues.ts';
import { mustBe } from './must-be.ts';
import { configError } from './source.ts';

/** `values` keyed as in the schema; `flagOf` names the flag each key came from. Every bad flag is listed. */
export function parseFlags<S extends z.ZodType>(schema: S, values: Record<string, unknown>, flagOf: Record<string, string>): z.output<S> {
  const parsed = schema.safeParse(values);
  if (parsed.success) return parsed.data;
  const errors: UserError[] = parsed.error.issues.map((issue) => {
    const key = String(issue.path[0] ?? '');
    const m = mustBe(issue, values[key]);
    return configError('CLI_USAGE', undefined, flagOf[key] ?? key, m.message, { expected: m.expected, found: m.found, hint: m.hint });
  });
  throw listProblems(errors);
}
