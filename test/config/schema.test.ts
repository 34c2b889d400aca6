import { test } from 'node:test';
import assert from 'node:assert/strict';
import { experimentSchema } from '../../src/config/schema.ts';
import { loadExperiment, resolveConfig } from '../../src/config/load.ts';
import { MODEL_TYPES } from '../../src/models/registry.ts';
import { tempDir, userErrorOf } from './helpers.ts';

const minimal = { name: 't', features: { numeric: ['x'] } };

test('an almost empty config is filled with every default', () => {
  const c = resolveConfig(minimal);
  assert.deepEqual(c, {
    name: 't',
    description: '',
    seed: 42,
    data: { source: 'synthetic', path: null, maxRows: null, target: 'purchaseValue', targetUnit: null, idColumn: null, synthetic: { rows: 20000, buyerRate: 0.0127, tailSigma: 1.0, leakage: 1.0, seed: 1473281002 } },
    features: {
      numeric: ['x'], log1p: [], missing: 'zero', scaler: 'standard', boolean: [], categorical: [], minCategoryCount: 10,
      unseenCategory: 'zeros', datetime: null, sessionEnd: [], dropSessionEnd: false,
    },
    model: { type: 'mlp', hidden: [128, 64], dropout: 0.1, l2: 0, targetScale: 'std', embeddingDim: 0 },
    train: {
      epochs: 10, batchSize: 256, learningRate: 0.001, optimizer: 'adam',
      earlyStopping: { enabled: true, patience: 3, validationFraction: 0.1, minDelta: 0 }, fastPath: true, kernel: 'auto',
    },
    cv: { folds: 5, repeats: 1, stratify: 'purchase', workers: 'auto' },
    metrics: { outlierQuantile: 0.99, tweediePower: 1.5, importance: false, importanceRepeats: 3 },
    sweep: {},
  });
});

test('per-model-type defaults', () => {
  const hurdle = resolveConfig({ ...minimal, model: { type: 'hurdle' } }).model;
  assert.deepEqual(hurdle, {
    type: 'hurdle', trunk: [], purchaseHead: [64, 32], amountHead: [64, 32], dropout: 0.1, l2: 0, retransform: 'smearing',
    clampLogAmount: true, lossWeights: { purchase: 1, amount: 1 }, embeddingDim: 0,
  });
  const ziln = resolveConfig({ ...minimal, model: { type: 'ziln', dropout: 0 } }).model;
  assert.deepEqual(ziln, { type: 'ziln', hidden: [128, 64], dropout: 0, l2: 0, clampLogAmount: true, embeddingDim: 0 });
});

test('csv rows default to all; shorthands expand', () => {
  const c = resolveConfig({
    ...minimal,
    data: { source: 'csv', path: '/data/x.csv' },
    features: { numeric: ['x'], categorical: ['a', { column: 'b', encoding: 'frequency' }, { column: 'c' }], datetime: 'ts' },
  });
  assert.equal(c.data.maxRows, null);
  assert.deepEqual(c.features.categorical, [
    { column: 'a', encoding: 'onehot' },
    { column: 'b', encoding: 'frequency' },
    { column: 'c', encoding: 'onehot' },
  ]);
  assert.deepEqual(c.features.datetime, { column: 'ts', timezone: 'UTC', cyclical: true });
});

test('defaults are fresh objects, never shared between configs', () => {
  const a = resolveConfig(minimal);
  a.model.type === 'mlp' && a.model.hidden.push(7);
  a.features.log1p.push('x');
  const b = resolveConfig(minimal);
  assert.deepEqual(b.model.type === 'mlp' && b.model.hidden, [128, 64]);
  assert.deepEqual(b.features.log1p, []);
});

test('a resolved config is a fixed point of the schema', () => {
  const c = resolveConfig({ ...minimal, model: { type: 'hurdle', trunk: [16] }, features: { numeric: ['x'], datetime: 'ts', categorical: ['k'] } });
  assert.deepEqual(experimentSchema.parse(structuredClone(c)), c);
});

// Each case: input patch, the key path the error names, and a regex on the message.
const invalid: [string, Record<string, unknown>, string, RegExp][] = [
  ['layer width 0', { model: { type: 'mlp', hidden: [128, 0] } }, 'model.hidden[1]', /must be a positive integer \(layer width\), got 0/],
  ['dropout 1', { model: { type: 'ziln', dropout: 1 } }, 'model.dropout', /must be a rate in \[0, 1\), got 1/],
  ['enum typo', { features: { numeric: ['x'], scaler: 'standrad' } }, 'features.scaler', /must be one of "standard", "minmax", "none", got "standrad"\. Did you mean "standard"\?/],
  ['kernel unknown', { train: { kernel: 'gpu' } }, 'train.kernel', /must be one of "auto", "wasm-simd", "tfjs", got "gpu"/],
  ['folds 1', { cv: { folds: 1 } }, 'cv.folds', /must be an integer ≥ 2, got 1/],
  ['workers 0', { cv: { workers: 0 } }, 'cv.workers', /must be "auto" or a positive integer, got 0/],
  ['workers string', { cv: { workers: 'all' } }, 'cv.workers', /must be "auto" or a positive integer, got "all"/],
  ['outlier quantile 1', { metrics: { outlierQuantile: 1 } }, 'metrics.outlierQuantile', /must be a quantile in \(0, 1\), got 1/],
  ['importance repeats 0', { metrics: { importanceRepeats: 0 } }, 'metrics.importanceRepeats', /must be an integer ≥ 1, got 0/],
  ['importance as string', { metrics: { importance: 'yes' } }, 'metrics.importance', /must be true or false, got "yes"/],
  ['validation fraction 0.5', { train: { earlyStopping: { validationFraction: 0.5 } } }, 'train.earlyStopping.validationFraction', /\[0, 0\.5\), got 0\.5/],
  ['epochs as string', { train: { epochs: '10' } }, 'train.epochs', /must be a positive integer, got "10"/],
  ['time zone', { features: { numeric: ['x'], datetime: { column: 't', timezone: 'Europe/Pari' } } }, 'features.datetime.timezone', /IANA time zone .* got "Europe\/Pari"\. Did you mean "Europe\/Paris"\?/],
  ['log1p not numeric', { features: { numeric: ['pageViews'], log1p: ['pageview'] } }, 'features.log1p[0]', /must name a column listed in `features.numeric`, got "pageview"\. `features.numeric` has "pageViews": fix whichever of the two is misspelt\./],
  ['session end not a feature', { features: { numeric: ['x'], sessionEnd: ['y'] } }, 'features.sessionEnd[0]', /must name a column listed in the features/],
  ['csv without path', { data: { source: 'csv' } }, 'data.path', /is required when `data.source` is csv/],
  ['synthetic with path', { data: { path: '/x.csv' } }, 'data.path', /only used when `data.source` is csv/],
  ['csv with data.rows (the old silent cap)', { data: { source: 'csv', path: '/x.csv', rows: 5000 } }, 'data.rows', /not a CSV setting.*`maxRows: 5000`/],
  ['maxRows on synthetic data', { data: { maxRows: 10 } }, 'data.maxRows', /only used when `data.source` is csv.*data\.synthetic\.rows/],
  ['unknown target unit', { data: { targetUnit: 'micro' } }, 'data.targetUnit', /one of "micros", "cents", "units".*Did you mean "micros"/],
  ['no features', { features: {} }, 'features', /must list at least one input column/],
  ['all features dropped', { features: { numeric: ['x'], sessionEnd: ['x'], dropSessionEnd: true } }, 'features', /no input column once the session-end columns are dropped/],
  ['column listed twice', { features: { numeric: ['x'], boolean: ['x'] } }, 'features.boolean[0]', /already listed at `features.numeric\[0\]`/],
  ['target as input', { features: { numeric: ['x', 'purchaseValue'] } }, 'features.numeric[1]', /is the target column "purchaseValue"/],
  ['embedding without size', { features: { numeric: ['x'], categorical: [{ column: 'c', encoding: 'embedding' }] } }, 'features.categorical[0].encoding', /model.embeddingDim` is 0/],
  ['early stopping without validation', { train: { earlyStopping: { validationFraction: 0 } } }, 'train.earlyStopping.validationFraction', /needs a validation split/],
  ['both loss weights 0', { model: { type: 'hurdle', lossWeights: { purchase: 0, amount: 0 } } }, 'model.lossWeights', /must not both be 0/],
  ['missing model type', { model: { hidden: [3] } }, 'model.type', new RegExp(`is required: expected one of ${MODEL_TYPES.map((t) => JSON.stringify(t)).join(', ')}`)],
  ['bad name', { name: 'my run' }, 'name', /letters, digits/],
  ['empty sweep list', { sweep: { 'model.dropout': [] } }, 'sweep["model.dropout"]', /non-empty list/],
];

for (const [label, patch, key, message] of invalid) {
  test(`invalid: ${label}`, () => {
    const err = userErrorOf(() => resolveConfig({ ...minimal, ...patch }));
    assert.equal(err.code, 'CONFIG_INVALID');
    assert.equal(err.details.key, key);
    assert.match(err.message, message);
  });
}

test('model.type typo lists the valid types and suggests the closest', () => {
  const err = userErrorOf(() => resolveConfig({ ...minimal, model: { type: 'hurdel' } }));
  assert.equal(err.details.key, 'model.type');
  assert.match(err.message, new RegExp(`unknown model type "hurdel"; valid types are ${MODEL_TYPES.map((t) => JSON.stringify(t)).join(', ')}\\. Did you mean "hurdle"\\?`));
  const far = userErrorOf(() => resolveConfig({ ...minimal, model: { type: 'xgboost' } }));
  assert.match(far.message, new RegExp(`valid types are ${MODEL_TYPES.map((t) => JSON.stringify(t)).join(', ')}`));
  assert.doesNotMatch(far.message, /Did you mean/);
});

test('unknown keys are rejected at every level, with the keys valid there', () => {
  const err = userErrorOf(() => resolveConfig({ ...minimal, train: { earlyStopping: { patiense: 2 } } }));
  assert.equal(err.code, 'CONFIG_UNKNOWN_KEY');
  assert.equal(err.details.key, 'train.earlyStopping.patiense');
  assert.match(err.message, /Did you mean `patience`\? Valid keys in `train.earlyStopping`: enabled, patience, validationFraction, minDelta/);
});

// Facts the feature pipeline, the folds and the generator trust without checking: a bad value
// fails at load, at the line that set it. [YAML under `features: {numeric: [x]}`, line, key, message]
const atLoad: [string, number, string, RegExp][] = [
  ['cv:\n  folds: 1\n', 4, 'cv.folds', /must be an integer ≥ 2, got 1\.$/],
  ['cv:\n  folds: 2.5\n', 4, 'cv.folds', /must be an integer ≥ 2, got 2\.5\.$/],
  ['cv:\n  repeats: 0\n', 4, 'cv.repeats', /must be a positive integer, got 0\.$/],
  ['  datetime: { column: t, timezone: Europe/Pari }\n', 3, 'features.datetime.timezone', /must be an IANA time zone such as "UTC" or "Europe\/Paris", got "Europe\/Pari"\. Did you mean "Europe\/Paris"\?$/],
  ['  datetime: { column: t, timezone: Mars/Olympus_Mons }\n', 3, 'features.datetime.timezone', /got "Mars\/Olympus_Mons"\. See the tz database list of zone names\.$/],
  // The valid encodings are the encoder registry's (src/features/registry.ts), listed in its order.
  ['  categorical:\n    - { column: c, encoding: hashing }\n', 4, 'features.categorical[0].encoding', /must be one of "onehot", "frequency", "embedding", got "hashing"\.$/],
  ['  categorical:\n    - { column: c, encoding: frequncy }\n', 4, 'features.categorical[0].encoding', /got "frequncy"\. Did you mean "frequency"\?$/],
  ['data:\n  synthetic:\n    rows: 0\n', 5, 'data.synthetic.rows', /must be a positive integer, got 0\.$/],
  ['data:\n  synthetic:\n    buyerRate: 1.5\n', 5, 'data.synthetic.buyerRate', /must be a share in \(0, 1\), got 1\.5\.$/],
  ['data:\n  synthetic:\n    tailSigma: 6\n', 5, 'data.synthetic.tailSigma', /must be a number in \[0, 5\], got 6\.$/],
  ['data:\n  synthetic:\n    leakage: -1\n', 5, 'data.synthetic.leakage', /must be a number in \[0, 20\], got -1\.$/],
];
for (const [yaml, line, key, message] of atLoad) {
  test(`at load: ${key} ${JSON.stringify(yaml.trim().split('\n').pop()!.trim())} names the file, line and key`, (t) => {
    const fx = tempDir({ 'x.yaml': `features:\n  numeric: [x]\n${yaml}` });
    t.after(fx.cleanup);
    const err = userErrorOf(() => loadExperiment(fx.file('x.yaml')));
    assert.equal(err.code, 'CONFIG_INVALID');
    assert.ok(err.message.startsWith(`${fx.file('x.yaml')}:${line} \`${key}\`: `), err.message);
    assert.match(err.message, message);
  });
}
