/**
 * The experiment schema: every key of `ExperimentConfig`, its default and its constraints.
 * Objects are strict so a typo is an error rather than a silently ignored setting. Each check
 * carries its "expected ..." phrase as the zod error so `issues.ts` can print one message shape.
 * Cross-field rules (which need the whole config) live in checks.ts; the data and features
 * sections in schema-data.ts and schema-features.ts.
 */
import { z } from 'zod';
import type { ExperimentConfig } from './types.ts';
import { KERNEL_SETTINGS } from '../train/types.ts';
import { crossFieldChecks } from './checks.ts';
import { DEFAULT_MODEL_TYPE, MODEL_TYPES, modelConfigSchema } from '../models/registry.ts';
import { bool, columnName, e, fraction, int, nonNegative, nonNegativeInt, positive, positiveInt } from '../schema-fields.ts';
import { dataSchema } from './schema-data.ts';
import { featuresSchema } from './schema-features.ts';

export { DEFAULT_DATA_SEED, DEFAULT_SYNTHETIC_ROWS, syntheticSchema } from './schema-data.ts';
export { isTimeZone } from './schema-features.ts';


/** Tweedie power of D² Tweedie when `metrics.tweediePower` is not set. */
export const DEFAULT_TWEEDIE_POWER = 1.5;

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
    data: dataSchema.prefault({}),
    features: featuresSchema.prefault({}),
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
