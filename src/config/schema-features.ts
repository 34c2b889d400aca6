/** The `features` section's schema: which columns feed the model and how they are encoded. */
import { z } from 'zod';
import { encoderNames } from '../features/registry.ts';
import { bool, columnName, columns, e, nonNegativeInt, positiveInt } from '../schema-fields.ts';
import type { CategoricalEncoding } from './types.ts';

/** A valid IANA zone per this runtime's ICU (what the feature pipeline will use). */
export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

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

export const featuresSchema = z.strictObject(
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

