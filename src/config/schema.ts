/**
 * The experiment schema: every key of `ExperimentConfig`, its default and its constraints.
 * Objects are strict so a typo is an error rather than a silently ignored setting. Each check
 * carries its "expected ..." phrase as the zod error so `issues.ts` can print one message shape.
 * Cross-field rules (which need the whole config) live in checks.ts.
 */
import { z } from 'zod';
import type { CategoricalEncoding, ExperimentConfig } from './types.ts';
import { KERNEL_SETTINGS } from '../train/types.ts';
import { crossFieldChecks } from './checks.ts';
import { SYNTHETIC_DEFAULTS, SYNTHETIC_LIMITS } from '../data/synthetic-generate.ts';
import { DEFAULT_MODEL_TYPE, MODEL_TYPES, modelConfigSchema } from '../models/registry.ts';
import { encoderNames } from '../features/registry.ts';
import { bool, e, fraction, int, nonNegative, nonNegativeInt, positive, positiveInt } from '../schema-fields.ts';
import { TARGET_UNIT_NAMES } from '../numbers.ts';

/** Rows generated when an experiment on synthetic data does not say. */
export const DEFAULT_SYNTHETIC_ROWS = 20000;

/** The synthetic generator's own limits, enforced here so a bad value fails at load with its line. */
const inRange = ({ min, max }: { min: number; max: number }) => {
  const expected = `a number in [${min}, ${max}]`;
  return z.number(e(expected)).min(min, e(expected)).max(max, e(expected));
};
const columnName = () => z.string(e('a column name')).min(1, e('a non-empty column name'));
const columns = () => z.array(columnName(), e('a list of column names')).default(() => []);

/** A valid IANA zone per this runtime's ICU (what the feature pipeline will use). */
export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/**
 * The synthetic data seed when the experiment does not set one: what root seed 42 derived for the
 * data before the key existed (deriveSeed(42, 'data')), so every shipped experiment keeps exactly
 * its data. Result files written before the key derive it the old way (see resultConfig in load.ts).
 */
export const DEFAULT_DATA_SEED = 1473281002;

/** Tweedie power of D² Tweedie when `metrics.tweediePower` is not set. */
export const DEFAULT_TWEEDIE_POWER = 1.5;

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
const data = z
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

/** The encodings are the encoder registry's names (src/features/registry.ts). */
const ENCODING_NAMES = encoderNames as readonly [CategoricalEncoding, ...CategoricalEncoding[]];

// A bare string is shorthand for the common case; the object form allows the options.
const categoricalItem = z.preprocess(
  (v) => (typeof v === 'string' ? { column: v } : v),
  z.strictObject(
    { column: columnName(), encoding: z.enum(ENCODING_NAMES).default('onehot') },
    e('a column name or a mapping {column, encoding}'),
  ),
);

const datetime = z.preprocess(
  (v) => (typeof v === 'string' ? { column: v } : v),
  z.strictObject(
    {
      column: columnName(),
      timezone: z
        .string(e('an IANA time zone such as "UTC" or "Europe/Paris"'))
        .refine(isTimeZone, e('an IANA time zone such as "UTC" or "Europe/Paris"'))
        .default('UTC'),
      cyclical: bool().default(true),
    },
    e('null, a column name or a mapping {column, timezone, cyclical}'),
  ),
);

const features = z.strictObject(
  {
    numeric: columns(),
    log1p: columns(),
    missing: z.enum(['zero', 'median']).default('zero'),
    scaler: z.enum(['standard', 'minmax', 'none']).default('standard'),
    boolean: columns(),
    categorical: z.array(categoricalItem, e('a list of categorical columns')).default(() => []),
    minCategoryCount: positiveInt().default(10),
    unseenCategory: z.enum(['zeros', 'other']).default('zeros'),
    datetime: datetime.nullable().default(null),
    sessionEnd: columns(),
    dropSessionEnd: bool().default(false),
    history: z
      .strictObject(
        {
          groupBy: columnName().default('userId'),
          time: columnName().default('sessionStart'),
          counts: z.array(columnName(), e('a list of column names')).default(() => ['pageViews', 'totalHits']),
          amount: columnName().default('purchaseValue'),
          aggregates: bool().default(true),
          steps: nonNegativeInt().max(64, e('an integer in [0, 64]')).default(0),
        },
        e('a mapping {groupBy, time, counts, amount, aggregates, steps}'),
      )
      .optional(),
  },
  e('a mapping'),
);

export const modelSchema = modelConfigSchema;
/** Derived from the model registry (src/models/registry.ts), re-exported for the config layer. */
export { DEFAULT_MODEL_TYPE, MODEL_TYPES };

const train = z.strictObject(
  {
    epochs: positiveInt().default(10),
    batchSize: positiveInt().default(256),
    learningRate: positive().default(0.001),
    optimizer: z.enum(['adam', 'sgd']).default('adam'),
    earlyStopping: z
      .strictObject(
        {
          enabled: bool().default(true),
          patience: positiveInt().default(3),
          validationFraction: fraction(0, 0.5, 'a share in [0, 0.5)').default(0.1),
          minDelta: nonNegative().default(0),
        },
        e('a mapping'),
      )
      .prefault({}),
    fastPath: bool().default(true),
    kernel: z.enum(KERNEL_SETTINGS).default('auto'),
  },
  e('a mapping'),
);

const cv = z.strictObject(
  {
    folds: int(2, 'an integer ≥ 2').default(5),
    repeats: positiveInt().default(1),
    stratify: z.enum(['purchase', 'none']).default('purchase'),
    // Optional (absent = ungrouped), so configs written before grouped folds keep their hash.
    groupBy: columnName().nullable().optional(),
    workers: z.union([z.literal('auto'), positiveInt('"auto" or a positive integer')], e('"auto" or a positive integer')).default('auto'),
  },
  e('a mapping'),
);

const metrics = z.strictObject(
  {
    outlierQuantile: z.number(e('a quantile in (0, 1)')).gt(0, e('a quantile in (0, 1)')).lt(1, e('a quantile in (0, 1)')).default(0.99),
    importance: bool().default(false),
    importanceRepeats: int(1, 'an integer ≥ 1').max(100, e('an integer from 1 to 100')).default(3),
    // Tweedie deviance is strictly consistent for the mean for every p; (1, 2) is the compound
    // Poisson–gamma family, the one with a point mass at 0 (D² Poisson is recorded separately).
    tweediePower: z.number(e('a Tweedie power in (1, 2)')).gt(1, e('a Tweedie power in (1, 2)')).lt(2, e('a Tweedie power in (1, 2)')).default(DEFAULT_TWEEDIE_POWER),
  },
  e('a mapping'),
);

const sweep = z
  .record(z.string(), z.array(z.unknown(), e('a non-empty list of values')).min(1, e('a non-empty list of values')), e('a mapping of key path → list of values'))
  .default(() => ({}));

const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

export const experimentSchema = z
  .strictObject({
    name: z.string(e('a name')).regex(NAME, e('a name of letters, digits, ".", "_" or "-" (it is used in file names)')),
    description: z.string(e('a string')).default(''),
    seed: nonNegativeInt().max(Number.MAX_SAFE_INTEGER, e('a non-negative integer')).default(42),
    data: data.prefault({}),
    features: features.prefault({}),
    model: modelSchema.prefault({ type: DEFAULT_MODEL_TYPE }),
    train: train.prefault({}),
    cv: cv.prefault({}),
    metrics: metrics.prefault({}),
    sweep,
  })
  .superRefine((c, ctx) => crossFieldChecks(c as ExperimentConfig, ctx));

// The schema's output must be exactly the contract type, both ways.
type Parsed = z.output<typeof experimentSchema>;
const _parsedIsConfig = (x: Parsed): ExperimentConfig => x;
const _configIsParsed = (x: ExperimentConfig): Parsed => x;
