import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadExperiment, parseOverride } from '../../src/config/load.ts';
import { MINIMAL, tempDir, userErrorOf } from './helpers.ts';

const BASE = `name: base
description: the base
seed: 7
features:
  numeric: [a, b]
  log1p: [a]
  boolean: [c]
model:
  type: mlp
  hidden: [32, 16]
  dropout: 0.2
train:
  epochs: 5
  earlyStopping:
    patience: 2
`;

test('extends: mappings deep-merge, lists and scalars replace, name/description are not inherited', (t) => {
  const fx = tempDir({ 'base.yaml': BASE, 'child.yaml': 'extends: base.yaml\nfeatures:\n  numeric: [a]\nmodel:\n  dropout: 0\ntrain:\n  earlyStopping:\n    enabled: false\n' });
  t.after(fx.cleanup);
  const { config, origin } = loadExperiment(fx.file('child.yaml'));
  assert.equal(config.name, 'child');
  assert.equal(config.description, '');
  assert.equal(config.seed, 7);
  assert.deepEqual(config.features.numeric, ['a']); // list replaced, not concatenated
  assert.deepEqual(config.features.boolean, ['c']); // sibling kept
  assert.deepEqual(config.model, { type: 'mlp', hidden: [32, 16], dropout: 0, l2: 0, targetScale: 'std', embeddingDim: 0 });
  assert.deepEqual(config.train.earlyStopping, { enabled: false, patience: 2, validationFraction: 0.1, minDelta: 0 });
  assert.equal(config.train.epochs, 5);
  assert.deepEqual(origin.extends, [fx.file('base.yaml')]);
});

test('extends: a different model type replaces the parent model wholesale', (t) => {
  const fx = tempDir({ 'base.yaml': BASE, 'child.yaml': 'extends: base.yaml\nmodel:\n  type: hurdle\n  trunk: [8]\n' });
  t.after(fx.cleanup);
  const { config } = loadExperiment(fx.file('child.yaml'));
  assert.equal(config.model.type, 'hurdle');
  assert.equal(config.model.dropout, 0.1, 'the parent mlp dropout is not carried over');
});

test('extends: chains, relative to the extending file', (t) => {
  const fx = tempDir({ 'a/base.yaml': BASE, 'b/mid.yaml': 'extends: ../a/base.yaml\nseed: 9\n', 'b/c/top.yaml': 'extends: ../mid.yaml\ntrain:\n  epochs: 1\n' });
  t.after(fx.cleanup);
  const { config, origin } = loadExperiment(fx.file('b/c/top.yaml'));
  assert.deepEqual([config.seed, config.train.epochs, config.train.earlyStopping.patience], [9, 1, 2]);
  assert.deepEqual(origin.extends, [fx.file('b/mid.yaml'), fx.file('a/base.yaml')]);
});

test('extends: an error in the parent points into the parent file', (t) => {
  const fx = tempDir({ 'base.yaml': BASE.replace('dropout: 0.2', 'dropout: 2'), 'child.yaml': 'extends: base.yaml\nseed: 1\n' });
  t.after(fx.cleanup);
  const err = userErrorOf(() => loadExperiment(fx.file('child.yaml')));
  assert.equal(err.details.line, 11);
  assert.match(err.message, /base\.yaml:11 `model\.dropout`: must be a rate in \[0, 1\), got 2/);
  // ...unless the child overrides it, then the child's line is blamed.
  const fx2 = tempDir({ 'base.yaml': BASE, 'child.yaml': 'extends: base.yaml\nmodel:\n  dropout: 3\n' });
  t.after(fx2.cleanup);
  assert.match(userErrorOf(() => loadExperiment(fx2.file('child.yaml'))).message, /child\.yaml:3 `model\.dropout`/);
});

test('extends: missing file names the extending file and line', (t) => {
  const fx = tempDir({ 'child.yaml': `name: c\n${MINIMAL}extends: nowhere.yaml\n` });
  t.after(fx.cleanup);
  const err = userErrorOf(() => loadExperiment(fx.file('child.yaml')));
  assert.equal(err.code, 'CONFIG_EXTENDS');
  assert.match(err.message, /child\.yaml:4 `extends`: names a file that does not exist: "nowhere\.yaml"/);
});

test('extends: cycles are reported with the chain', (t) => {
  const fx = tempDir({ 'a.yaml': 'extends: b.yaml\n', 'b.yaml': 'extends: c.yaml\n', 'c.yaml': 'extends: a.yaml\n', 'self.yaml': 'extends: self.yaml\n' });
  t.after(fx.cleanup);
  const err = userErrorOf(() => loadExperiment(fx.file('a.yaml')));
  assert.equal(err.code, 'CONFIG_EXTENDS');
  assert.match(err.message, /c\.yaml:1 `extends`: forms a cycle: a\.yaml → b\.yaml → c\.yaml → a\.yaml/);
  assert.match(userErrorOf(() => loadExperiment(fx.file('self.yaml'))).message, /cycle: self\.yaml → self\.yaml/);
});

test('extends must be a path', (t) => {
  const fx = tempDir({ 'x.yaml': 'extends: [a.yaml]\n' });
  t.after(fx.cleanup);
  assert.match(userErrorOf(() => loadExperiment(fx.file('x.yaml'))).message, /x\.yaml:1 `extends`: must be the path of another experiment file/);
});

test('--set: applied in order after extends, values parsed as YAML, then --seed', (t) => {
  const fx = tempDir({ 'base.yaml': BASE, 'child.yaml': 'extends: base.yaml\n' });
  t.after(fx.cleanup);
  const overrides = ['train.epochs=2', 'model.hidden=[64,32]', 'train.epochs=3', 'cv.workers=1', 'data.idColumn=', 'seed=5'];
  const { config, origin } = loadExperiment(fx.file('child.yaml'), { overrides, seed: 11 });
  assert.equal(config.train.epochs, 3);
  assert.deepEqual(config.model.type === 'mlp' && config.model.hidden, [64, 32]);
  assert.equal(config.cv.workers, 1);
  assert.equal(config.data.idColumn, null);
  assert.equal(config.seed, 11);
  assert.deepEqual(origin.overrides, overrides);
});

test('--set: list items, model type change, path relative to the working directory', (t) => {
  const fx = tempDir({ 'x.yaml': `${MINIMAL}model:\n  type: mlp\n  hidden: [8, 8]\n` });
  t.after(fx.cleanup);
  const { config } = loadExperiment(fx.file('x.yaml'), { overrides: ['model.hidden[1]=4', 'data.source=csv', 'data.path=rel/d.csv'] });
  assert.deepEqual(config.model.type === 'mlp' && config.model.hidden, [8, 4]);
  assert.equal(config.data.path, `${process.cwd()}/rel/d.csv`);
  const h = loadExperiment(fx.file('x.yaml'), { overrides: ['model.type=hurdle', 'model.amountHead=[16]'] }).config.model;
  assert.deepEqual(h.type === 'hurdle' && [h.trunk, h.amountHead], [[], [16]]);
});

test('--set: unknown path gets did-you-mean with the full path', (t) => {
  const fx = tempDir({ 'x.yaml': MINIMAL });
  t.after(fx.cleanup);
  const top = userErrorOf(() => loadExperiment(fx.file('x.yaml'), { overrides: ['trian.epochs=2'] }));
  assert.equal(top.code, 'CONFIG_UNKNOWN_KEY');
  assert.match(top.message, /^--set trian\.epochs=2 `trian`: --set names an unknown key\. Did you mean `train`\?/);
  const nested = userErrorOf(() => loadExperiment(fx.file('x.yaml'), { overrides: ['model.hiden=[3]'] }));
  assert.match(nested.message, /`model\.hiden`: --set names an unknown key\. Did you mean `model\.hidden`\?/);
  const other = userErrorOf(() => loadExperiment(fx.file('x.yaml'), { overrides: ['model.trunk=[3]'] }));
  assert.match(other.message, /`trunk` is a key of model type hurdle, not "mlp"/);
  const below = userErrorOf(() => loadExperiment(fx.file('x.yaml'), { overrides: ['train.epochs.max=3'] }));
  assert.match(below.message, /goes below `train\.epochs`, which is a single value/);
});

test('--set: type errors name the flag', (t) => {
  const fx = tempDir({ 'x.yaml': MINIMAL });
  t.after(fx.cleanup);
  const err = userErrorOf(() => loadExperiment(fx.file('x.yaml'), { overrides: ['train.epochs=abc'] }));
  assert.equal(err.code, 'CONFIG_INVALID');
  assert.match(err.message, /^--set train\.epochs=abc `train\.epochs`: must be a positive integer, got "abc"\./);
  const seed = userErrorOf(() => loadExperiment(fx.file('x.yaml'), { seed: -1 }));
  assert.match(seed.message, /^--seed -1 `seed`: must be a non-negative integer, got -1/);
});

test('parseOverride: key paths and YAML values', () => {
  assert.deepEqual(parseOverride('train.epochs=2'), { text: 'train.epochs=2', path: ['train', 'epochs'], value: 2 });
  assert.deepEqual(parseOverride('model.hidden=[64, 32]').value, [64, 32]);
  assert.deepEqual(parseOverride('model.hidden[0]=8').path, ['model', 'hidden', 0]);
  assert.equal(parseOverride('data.source=csv').value, 'csv');
  assert.equal(parseOverride('data.idColumn=').value, null);
  assert.equal(parseOverride('description=a=b').value, 'a=b');
  assert.deepEqual(parseOverride('model={type: ziln}').value, { type: 'ziln' });
  for (const bad of ['epochs', '=3', 'a..b=1', 'a b=1']) {
    assert.match(userErrorOf(() => parseOverride(bad)).message, /must have the form key\.path=value/, bad);
  }
  const syntax = userErrorOf(() => parseOverride('model.hidden=[1,'));
  assert.equal(syntax.code, 'CONFIG_SYNTAX');
  assert.match(syntax.message, /`model\.hidden`: the value is not valid YAML/);
});
