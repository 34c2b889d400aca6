/** Generators of hostile YAML values and key names for the config property test. */
import fc from 'fast-check';

/** A value `{ [RAW]: text }` is spliced into the YAML text verbatim instead of being stringified. */
export const RAW = '\u0000raw';
export type Hostile = unknown;

const numbers = fc.constantFrom(
  1e308, -1e308, Number.MAX_VALUE, 2 ** 53 + 1, 2 ** 53, -(2 ** 53), 2 ** 31, 2 ** 32, 0, -0, -1, -3, 0.5, 1.5, 2.0000001, 0.9999999,
  1e-320, Number.MIN_VALUE, NaN, Infinity, -Infinity, 1, 2, 5, 256,
);

const strings = fc.constantFrom(
  'NaN', '.nan', '.NaN', '.inf', '-.Inf', 'Infinity', '-Infinity', 'nan', '1e999', '0x1F', '0o17', '1_000', '12:30', '2024-01-01',
  '~', 'null', 'yes', 'no', 'on', 'True', '', ' ', '\t', 'auto', 'mlp', 'hurdle', 'ziln', 'csv', 'synthetic', 'UTC', 'Mars/Olympus',
  '../x.csv', '/dev/null', '\u0000', '\uFFFD', '🙂', 'a\nb', 'a: b', '- x', '#x', '"', "'", '\\', 'x'.repeat(5000), 'purchaseValue', 'totalHits',
);

/** YAML fragments a user could type that `stringify` would never produce. */
export const hostileRaw = fc
  .constantFrom(
    '.nan', '.NaN', '.inf', '-.inf', '+.INF', '1e999', '-1e999', '0x7FFFFFFFFFFFFFFF', '0o777', '9007199254740993', '123456789012345678901234567890',
    '!!float 1', '!!int 3', '!!int 2.5', '!!str 3', '!!null', '!!bool yes', '!!binary AAAA', '!!timestamp 2001-12-14', '!!set {a, b}', '!!omap [a: 1]',
    '!foo bar', '!<tag:x> 1', '*undefinedAlias', '&anc 3', '[*x]', '{', '[', '"unterminated', "'", '|', '>-', '? x', '@reserved', '`tick', '%TAG',
    '- nested', 'a: b: c', '{a: 1, a: 2}', '[1, [2, [3]]]', '{}', '[]', '""', "''", '~', 'null', 'Null', 'NULL', 'true', 'FALSE', 'y', 'n',
    '<<', '{<<: {a: 1}}', '[.nan, .inf]', '[1e999]', '[0, -1]', '[1.5]', '{purchase: .nan, amount: 1}', '{column: 3}', '{column: x, timezone: .nan}',
    '0.', '.5', '+1', '-0', '1e3', '0b101', '1:20', '2001-12-14t21:59:43.10-05:00', '\t1', '1 # comment', '"\\uD800"', '"\\x00"', '"\\u0000"',
  )
  .map((text) => ({ [RAW]: text }));

const scalar = fc.oneof(numbers, strings, fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.string({ maxLength: 12 }));

/** Nested lists/maps: a shallow random one, or a narrow one hundreds of levels deep. */
const junk = fc.oneof(
  fc.jsonValue({ maxDepth: 4 }),
  fc.integer({ min: 20, max: 400 }).map((depth) => {
    let v: unknown = 'x';
    for (let i = 0; i < depth; i++) v = i % 2 ? [v] : { k: v };
    return v;
  }),
);

export const hostileValue = fc.oneof(
  { weight: 6, arbitrary: scalar },
  { weight: 2, arbitrary: fc.array(scalar, { maxLength: 4 }) },
  { weight: 1, arbitrary: fc.dictionary(fc.string({ maxLength: 6 }), scalar, { maxKeys: 3 }) },
  { weight: 1, arbitrary: junk },
);

export const REAL_KEYS = [
  'name', 'description', 'seed', 'data', 'features', 'model', 'train', 'cv', 'metrics', 'sweep', 'extends',
  'source', 'path', 'rows', 'target', 'idColumn', 'synthetic', 'buyerRate', 'tailSigma', 'leakage',
  'numeric', 'log1p', 'missing', 'scaler', 'boolean', 'categorical', 'minCategoryCount', 'unseenCategory', 'datetime', 'column', 'encoding',
  'timezone', 'cyclical', 'sessionEnd', 'dropSessionEnd', 'type', 'hidden', 'dropout', 'l2', 'targetScale', 'embeddingDim', 'trunk',
  'purchaseHead', 'amountHead', 'retransform', 'clampLogAmount', 'lossWeights', 'purchase', 'amount', 'epochs', 'batchSize',
  'learningRate', 'optimizer', 'earlyStopping', 'enabled', 'patience', 'validationFraction', 'minDelta', 'fastPath', 'kernel', 'folds', 'repeats',
  'stratify', 'workers', 'outlierQuantile',
];

/** A typo of a real key: one insertion, deletion, substitution, swap, case change or separator. */
const nearMiss = fc.tuple(fc.constantFrom(...REAL_KEYS), fc.nat(), fc.constantFrom('ins', 'del', 'sub', 'swap', 'case', 'dash', 'space', 'plural')).map(([k, n, how]) => {
  const i = n % k.length;
  switch (how) {
    case 'ins': return k.slice(0, i) + 'x' + k.slice(i);
    case 'del': return k.slice(0, i) + k.slice(i + 1);
    case 'sub': return k.slice(0, i) + (k[i] === 'e' ? 'a' : 'e') + k.slice(i + 1);
    case 'swap': return i + 1 < k.length ? k.slice(0, i) + k[i + 1] + k[i] + k.slice(i + 2) : k + k[0];
    case 'case': return k.toUpperCase() === k ? k.toLowerCase() : k.toUpperCase();
    case 'dash': return k.replace(/([a-z])([A-Z])/, '$1_$2').toLowerCase() + (k.length % 2 ? '' : '-');
    case 'space': return ` ${k}`;
    default: return `${k}s`;
  }
});

export const keyName = fc.oneof(
  { weight: 3, arbitrary: nearMiss },
  { weight: 2, arbitrary: fc.constantFrom(...REAL_KEYS) },
  { weight: 2, arbitrary: fc.string({ minLength: 0, maxLength: 12 }) },
  { weight: 1, arbitrary: fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', '<<', '~', '', 'null', '1', 'k'.repeat(2000)) },
);
