/** The `data` section's schema: where the rows come from (a CSV, or the seeded generator). */
import { z } from 'zod';
import { SYNTHETIC_DEFAULTS, SYNTHETIC_LIMITS } from '../data/synthetic-generate.ts';
import { TARGET_UNIT_NAMES } from '../numbers.ts';
import { columnName, e, nonNegativeInt, positiveInt } from '../schema-fields.ts';

/** Rows generated when an experiment on synthetic data does not say. */
export const DEFAULT_SYNTHETIC_ROWS = 20000;

/** The synthetic generator's own limits, enforced here so a bad value fails at load with its line. */
const inRange = ({ min, max }: { min: number; max: number }) => {
  const expected = `a number in [${min}, ${max}]`;
  return z.number(e(expected)).min(min, e(expected)).max(max, e(expected));
};
/**
 * The synthetic data seed when the experiment does not set one: what root seed 42 derived for the
 * data before the key existed (deriveSeed(42, 'data')), so every shipped experiment keeps exactly
 * its data. Result files written before the key derive it the old way (see resultConfig in load.ts).
 */
export const DEFAULT_DATA_SEED = 1473281002;

/** `data.synthetic`: also what `npm run data` checks its generator flags with (cli/data.ts). */
export const syntheticSchema = z.strictObject(
  {
    rows: positiveInt().default(DEFAULT_SYNTHETIC_ROWS),
    buyerRate: z.number(e('a share in (0, 1)')).gt(0, e('a share in (0, 1)')).lt(1, e('a share in (0, 1)')).default(SYNTHETIC_DEFAULTS.buyerRate),
    tailSigma: inRange(SYNTHETIC_LIMITS.tailSigma).default(SYNTHETIC_DEFAULTS.tailSigma),
    leakage: inRange(SYNTHETIC_LIMITS.leakage).default(SYNTHETIC_DEFAULTS.leakage),
    seed: nonNegativeInt().max(0x7fffffff, e('an integer in [0, 2147483647]')).default(DEFAULT_DATA_SEED),
    // Optional rather than defaulted, so configs written before user-level data keep their hash.
    mode: z.enum(['sessions', 'users'], e('sessions or users')).optional(),
  },
  e('a mapping'),
);

// `data.rows` (older files) is shorthand for `data.synthetic.rows`, rewritten while layering
// (merge.ts). Whatever is left here is an error: for a CSV it used to be a silent row cap.
export const dataSchema = z
  .strictObject(
    {
      source: z.enum(['synthetic', 'csv']).default('synthetic'),
      path: z.string(e('a file path')).min(1, e('a file path')).nullable().default(null),
      // Left over from the shorthand only in the cases refused below.
      rows: positiveInt().nullable().optional(),
      maxRows: positiveInt().nullable().default(null),
      target: columnName().default('purchaseValue'),
      targetUnit: z.enum(TARGET_UNIT_NAMES).nullable().default(null),
      idColumn: columnName().nullable().default(null),
      synthetic: syntheticSchema.prefault({}),
    },
    e('a mapping'),
  )
  .superRefine((d, ctx) => {
    if (d.rows === undefined || d.rows === null) return;
    const csv = d.source === 'csv';
    ctx.addIssue({
      code: 'custom',
      path: ['rows'],
      message: csv ? 'is not a CSV setting: a CSV is read in full unless `data.maxRows` limits it.' : 'is set together with `data.synthetic.rows`.',
      params: {
        crossField: true,
        found: String(d.rows),
        hint: csv
          ? `Remove \`rows\` (or set \`rows: null\` to override an inherited one), or write \`maxRows: ${d.rows}\` under \`data:\` to read only the first ${d.rows} rows on purpose.`
          : 'Keep one of them: `data.synthetic.rows` is the synthetic row count.',
      },
    });
  })
  .transform(({ rows: _rows, ...d }) => d);

