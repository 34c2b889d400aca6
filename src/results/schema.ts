/**
 * Structural check of a result file (src/results/types.ts), as the reporter needs it. Loose
 * objects everywhere: a newer writer may add keys within the same schema version, and the
 * reporter should still read the file. The resolved config is checked only where the reporter
 * relies on it (its full shape belongs to src/config/load.ts).
 */
import { z } from 'zod';
import type { FoldResult, ResultFile } from './types.ts';

const num = z.number();
const nullableNum = z.number().nullable();

const decileSummary = z.looseObject({
  meanPredicted: z.array(num),
  meanActual: z.array(num),
  count: z.array(num),
  cumulativeActualShare: z.array(num),
});

const foldResult = z.looseObject({
  index: z.number().int().nonnegative(),
  repeat: z.number().int().nonnegative(),
  fold: z.number().int().nonnegative(),
  status: z.enum(['ok', 'diverged']),
  reason: z.string().optional(),
  nTrain: num,
  nTest: num,
  nTestBuyers: num,
  metrics: z.record(z.string(), nullableNum),
  notes: z.record(z.string(), z.string()),
  timings: z.looseObject({ pipelineMs: num, fitMs: num, predictMs: num }),
  epochsRun: num,
  bestEpoch: num,
  history: z.array(z.looseObject({ epoch: num, loss: num, valLoss: nullableNum })),
  modelInfo: z.record(z.string(), z.union([num, z.string(), z.array(num)])),
  /** Absent in files from before train.kernel. */
  kernel: z.looseObject({ requested: z.string(), used: z.string(), reason: z.string() }).optional(),
  deciles: decileSummary.nullable(),
  seeds: z.record(z.string(), num),
  importance: z
    .looseObject({
      seed: num,
      repeats: num,
      base: z.looseObject({ r2: nullableNum, auc: nullableNum.optional(), amountR2: nullableNum.optional() }),
      columns: z.record(z.string(), z.looseObject({ r2: nullableNum, auc: nullableNum.optional(), amountR2: nullableNum.optional() })),
      ms: num,
    })
    .optional(),
  sensitivity: z
    .looseObject({ removed: z.array(num), r2: z.array(nullableNum), low: z.array(nullableNum), high: z.array(nullableNum), resamples: num })
    .optional(),
  reliability: z.looseObject({ meanPredicted: z.array(num), observedRate: z.array(num), count: z.array(num) }).optional(),
  predictions: z
    .looseObject({ repeat: num, fold: num, rows: z.array(num), prediction: z.array(num), purchaseProb: z.array(num).optional(), amount: z.array(num).optional() })
    .optional(),
});

const metricSummary = z.looseObject({
  mean: nullableNum,
  std: nullableNum,
  min: nullableNum,
  max: nullableNum,
  n: num,
  nullFolds: num,
  nullReasons: z.array(z.string()),
});

const config = z.looseObject({
  name: z.string(),
  seed: num,
  model: z.looseObject({ type: z.string() }),
  cv: z.looseObject({ folds: num, repeats: num }),
  sweep: z.record(z.string(), z.array(z.unknown())),
});

export const resultFileSchema = z.looseObject({
  kind: z.literal('hurdle-lab/result'),
  schemaVersion: z.literal(1),
  name: z.string(),
  status: z.enum(['complete', 'interrupted']),
  config,
  configHash: z.string(),
  origin: z.looseObject({ file: z.string(), extends: z.array(z.string()), overrides: z.array(z.string()) }),
  seeds: z.looseObject({ root: num, derived: z.record(z.string(), num) }),
  folds: z.looseObject({
    k: z.number().int().positive(),
    repeats: z.number().int().positive(),
    stratify: z.string(),
    fingerprint: z.string(),
    testSizes: z.array(num),
  }),
  data: z.looseObject({
    source: z.enum(['synthetic', 'csv']),
    path: z.string().nullable(),
    rows: z.number().int().nonnegative(),
    sha256: z.string(),
    buyerRate: num,
    columns: z.array(z.string()),
  }),
  perFold: z.array(foldResult),
  summary: z.record(z.string(), metricSummary),
  timings: z.looseObject({ loadMs: num, totalMs: num }),
  environment: z.looseObject({
    node: z.string(),
    tfjs: z.string(),
    backend: z.string(),
    os: z.string(),
    cpu: z.string(),
    cores: num,
    host: z.string(),
    git: z.looseObject({ commit: z.string().nullable(), dirty: z.boolean().nullable() }),
    packages: z.record(z.string(), z.string()),
  }),
  startedAt: z.string(),
  finishedAt: z.string(),
  reproduce: z.string(),
  sweep: z.looseObject({ id: z.string(), point: z.record(z.string(), z.unknown()) }).nullable(),
  savedModel: z.looseObject({ dir: z.string(), kind: z.literal('refit-all') }).optional(),
  queue: z
    .looseObject({
      url: z.string(),
      run: z.string(),
      submitter: z.string(),
      folds: z.array(
        z.looseObject({ index: num, job: z.string(), worker: z.string(), backend: z.string(), attempts: num, waitMs: num, runMs: num }),
      ),
    })
    .optional(),
  metricDirections: z.record(z.string(), z.enum(['higher', 'lower', 'none'])).optional(),
  oof: z.looseObject({ file: z.string(), sha256: z.string(), rows: num }).optional(),
  checksum: z.string(),
});

/** The first few structural problems as `path: message`, for a one-line skip reason. */
export function describeSchemaIssues(error: z.ZodError, max = 3): string {
  const parts = error.issues.slice(0, max).map((issue) => {
    const path = issue.path
      .map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? String(p) : `.${String(p)}`))
      .join('');
    return `${path || '(root)'}: ${issue.message}`;
  });
  const more = error.issues.length > max ? ` (+${error.issues.length - max} more)` : '';
  return parts.join('; ') + more;
}

// Compile-time agreement between this schema and the ResultFile type the writer produces: the same
// keys at the top and per fold, and, for every key whose shape the schema spells out in full, the
// same type both ways. (Loose objects add `[key: string]: unknown`, which is ignored; `config` is
// checked only where the reporter relies on it, so only its key is compared.) A mismatch is a type
// error here, not a reader that silently accepts what the writer never writes.
type Known<T> = T extends readonly (infer U)[]
  ? Known<U>[]
  : T extends object
    ? { [K in keyof T as string extends K ? (unknown extends T[K] ? never : K) : K]: Known<T[K]> }
    : T;
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type SameKeys<A, B> = Same<keyof Known<A>, keyof Known<B>>;
const agree = <_ extends true>() => undefined;
type Parsed = z.output<typeof resultFileSchema>;
type ParsedFold = z.output<typeof foldResult>;
agree<SameKeys<Parsed, ResultFile>>();
agree<SameKeys<ParsedFold, FoldResult>>();
agree<Same<Omit<Known<Parsed>, 'config'>, Omit<Known<ResultFile>, 'config'>>>();
agree<Same<Known<ParsedFold>, Known<FoldResult>>>();
