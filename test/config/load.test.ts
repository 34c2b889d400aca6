import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { applyOverrides, applySweepPoint, configHash, configHashShort, loadExperiment, resolveConfig, sweepPoints, resultConfig } from '../../src/config/load.ts';
import { repoRoot } from '../run/helpers.ts';
import { deriveSeed } from '../../src/seeds.ts';
import { getModel, MODEL_TYPES } from '../../src/models/registry.ts';
import { MINIMAL, tempDir, userErrorOf } from './helpers.ts';

test('unknown key: file:line, did-you-mean, valid keys', (t) => {
  const fx = tempDir({ 'x.yaml': `name: x\n${MINIMAL}trian:\n  epochs: 3\n` });
  t.after(fx.cleanup);
  const err = userErrorOf(() => loadExperiment(fx.file('x.yaml')));
  assert.equal(err.code, 'CONFIG_UNKNOWN_KEY');
  assert.deepEqual([err.details.line, err.details.key], [4, 'trian']);
  assert.match(err.message, /x\.yaml:4 `trian`: unknown key\. Did you mean `train`\? Valid keys: name, description, seed/);
});

test('unknown nested key suggests the key at that level', (t) => {
  const fx = tempDir({ 'x.yaml': `${MINIMAL}model:\n  type: mlp\n  hiden: [64]\n` });
  t.after(fx.cleanup);
  const err = userErrorOf(() => loadExperiment(fx.file('x.yaml')));
  assert.match(err.message, /x\.yaml:5 `model\.hiden`: unknown key\. Did you mean `hidden`\?/);
});

test('a key of another model type says which type it belongs to', (t) => {
  const fx = tempDir({ 'x.yaml': `${MINIMAL}model:\n  type: hurdle\n  hidden: [64]\n` });
  t.after(fx.cleanup);
  const err = userErrorOf(() => loadExperiment(fx.file('x.yaml')));
  // The owners come from the registry, so a new model type with a `hidden` key needs no edit here.
  const owners = MODEL_TYPES.filter((type) => 'hidden' in getModel(type).configSchema.shape);
  assert.ok(owners.includes('mlp') && !owners.includes('hurdle'));
  assert.ok(err.message.includes(`x.yaml:5 \`model.hidden\`: unknown key. \`hidden\` is a key of model type ${owners.join('/')}, not "hurdle"`), err.message);
});

test('wrong type: the line of the offending list item and its key path', (t) => {
  const fx = tempDir({ 'x.yaml': `${MINIMAL}model:\n  type: mlp\n  hidden:\n    - 128\n    - 0\n` });
  t.after(fx.cleanup);
  const err = userErrorOf(() => loadExperiment(fx.file('x.yaml')));
  assert.equal(err.code, 'CONFIG_INVALID');
  assert.deepEqual([err.details.line, err.details.key, err.details.found], [7, 'model.hidden[1]', '0']);
  assert.match(err.message, /x\.yaml:7 `model\.hidden\[1\]`: must be a positive integer \(layer width\), got 0\./);
});

test('several problems: every one listed in file order, each with its line', (t) => {
  const fx = tempDir({ 'x.yaml': `${MINIMAL}train:\n  epochs: 0\ncv:\n  folds: 1\nmetrics:\n  outlierQuantile: 2\n` });
  t.after(fx.cleanup);
  const err = userErrorOf(() => loadExperiment(fx.file('x.yaml')));
  const lines = err.message.split('\n');
  assert.equal(lines.length, 3);
  assert.match(lines[0], /x\.yaml:4 `train\.epochs`: must be a positive integer, got 0\. \(3 problems, listed below\)$/);
  assert.match(lines[1], /^  also: .*x\.yaml:6 `cv\.folds`: must be an integer ≥ 2, got 1\./);
  assert.match(lines[2], /^  also: .*x\.yaml:8 `metrics\.outlierQuantile`: must be a quantile in \(0, 1\), got 2\./);
});

test('more problems than the cap: the first ten, then how many more', (t) => {
  const body = Array.from({ length: 14 }, (_, i) => `    - { column: c${i}, encoding: onehat }`).join('\n');
  const fx = tempDir({ 'x.yaml': `name: x\nfeatures:\n  categorical:\n${body}\n` });
  t.after(fx.cleanup);
  const lines = userErrorOf(() => loadExperiment(fx.file('x.yaml'))).message.split('\n');
  assert.equal(lines.length, 11);
  assert.match(lines[0], /x\.yaml:4 `features\.categorical\[0\]\.encoding`: .*\(14 problems, listed below\)/);
  assert.match(lines[10], /^  \.\.\. and 4 more problems/);
});

test('a CSV child of baseline.yaml: inherited lists that no longer fit are reported at the child, all of them', (t) => {
  const base = path.join(repoRoot, 'experiments', 'baseline.yaml');
  const fx = tempDir({
    'mine.yaml': `extends: ${base}\ndata:\n  source: csv\n  path: s.csv\n  target: revenue\nfeatures:\n  numeric: [totalHitz, pageViews, sessionNumber]\n  categorical: []\n  boolean: []\n  datetime: null\n`,
  });
  t.after(fx.cleanup);
  const lines = userErrorOf(() => loadExperiment(fx.file('mine.yaml'))).message.split('\n');
  assert.equal(lines.length, 2, lines.join('\n'));
  // At the child's `features:` line, naming the parent line it came from; the typo hint names both sides.
  assert.match(lines[0], /mine\.yaml:6 `features\.log1p`: inherited from .*baseline\.yaml:\d+, lists "totalHits"; each entry must name a column listed in `features\.numeric`\. `features\.numeric` has "totalHitz": fix whichever of the two is misspelt\. Override it in this file/);
  assert.match(lines[1], /also: .*mine\.yaml:6 `features\.sessionEnd`: inherited from .*baseline\.yaml:\d+, lists "totalHits", "totals\.bounces"/);
});

test('YAML syntax errors report their line', (t) => {
  const fx = tempDir({
    'bad.yaml': 'name: x\nfeatures:\n  numeric: [a, b\nmodel:\n  type: mlp\n',
    'tabs.yaml': 'name: x\nfeatures:\n\tnumeric: [a]\n',
    'dup.yaml': 'name: x\nseed: 1\nseed: 2\n',
  });
  t.after(fx.cleanup);
  const bad = userErrorOf(() => loadExperiment(fx.file('bad.yaml')));
  assert.equal(bad.code, 'CONFIG_SYNTAX');
  assert.match(bad.message, /bad\.yaml:[34]: YAML syntax error/);
  assert.match(userErrorOf(() => loadExperiment(fx.file('tabs.yaml'))).message, /tabs\.yaml:3: YAML syntax error .*Tabs/);
  assert.match(userErrorOf(() => loadExperiment(fx.file('dup.yaml'))).message, /dup\.yaml:3: YAML syntax error .*unique/);
});

test('the top level must be a mapping; a missing file is FILE_NOT_FOUND', (t) => {
  const fx = tempDir({ 'list.yaml': '- a\n- b\n' });
  t.after(fx.cleanup);
  assert.match(userErrorOf(() => loadExperiment(fx.file('list.yaml'))).message, /list\.yaml:1: the top level must be a mapping/);
  const missing = userErrorOf(() => loadExperiment(fx.file('nope.yaml')));
  assert.equal(missing.code, 'FILE_NOT_FOUND');
  assert.match(missing.message, /nope\.yaml: experiment file not found/);
});

test('name defaults to the file basename; origin records the file', (t) => {
  const fx = tempDir({ 'my-run.yml': MINIMAL });
  t.after(fx.cleanup);
  const { config, origin } = loadExperiment(fx.file('my-run.yml'));
  assert.equal(config.name, 'my-run');
  assert.deepEqual(origin, { file: fx.file('my-run.yml'), extends: [], overrides: [] });
});

test('data.path resolves relative to the YAML file, not the working directory', (t) => {
  const fx = tempDir({ 'exp/sub/x.yaml': `${MINIMAL}data:\n  source: csv\n  path: ../../data/s.csv\n` });
  t.after(fx.cleanup);
  const { config } = loadExperiment(path.relative(process.cwd(), fx.file('exp/sub/x.yaml')));
  assert.equal(config.data.path, path.join(fx.dir, 'data/s.csv'));
  assert.equal(config.data.maxRows, null);
});

test('sweeps are checked at load, point by point, at the line of the bad value', (t) => {
  const fx = tempDir({
    'ok.yaml': `${MINIMAL}sweep:\n  model.dropout: [0, 0.3]\n  train.learningRate: [0.001, 0.01, 0.1]\n`,
    'bad.yaml': `${MINIMAL}sweep:\n  model.hidden:\n    - [64]\n    - [32, 0]\n`,
    'typo.yaml': `${MINIMAL}sweep:\n  model.hiden: [[64]]\n`,
  });
  t.after(fx.cleanup);
  const { config } = loadExperiment(fx.file('ok.yaml'));
  const points = sweepPoints(config.sweep);
  assert.equal(points.length, 6);
  assert.deepEqual(points[1], { 'model.dropout': 0, 'train.learningRate': 0.01 });
  const run = applySweepPoint(config, points[5]);
  assert.deepEqual([run.model.dropout, run.train.learningRate, run.sweep], [0.3, 0.1, {}]);
  // A point that fails (values from `--sweep` are first checked here) is named as a point, not as a --set.
  assert.equal(userErrorOf(() => applySweepPoint(config, { 'cv.folds': 1 })).message, 'sweep point cv.folds=1 `cv.folds`: must be an integer ≥ 2, got 1.');
  assert.match(userErrorOf(() => applySweepPoint(config, { 'model.bogus': 1 })).message, /^sweep point model\.bogus=1 `model\.bogus`: sweep point names an unknown key\./);

  const bad = userErrorOf(() => loadExperiment(fx.file('bad.yaml')));
  assert.match(bad.message, /bad\.yaml:6 `model\.hidden\[1\]`: must be a positive integer .*got 0\..*in sweep point model\.hidden=\[32,0\]/);
  const typo = userErrorOf(() => loadExperiment(fx.file('typo.yaml')));
  assert.equal(typo.code, 'CONFIG_UNKNOWN_KEY');
  assert.match(typo.message, /typo\.yaml:4 `model\.hiden`: sweep names an unknown key\. Did you mean `model\.hidden`\?/);
});

test('applyOverrides re-validates and applies the model-type rule', () => {
  const base = resolveConfig({ name: 'b', features: { numeric: ['x'] } });
  const hurdle = applyOverrides(base, ['model.type=hurdle', 'model.trunk=[16]']);
  assert.equal(hurdle.model.type, 'hurdle');
  assert.deepEqual(hurdle.model.type === 'hurdle' && hurdle.model.trunk, [16]);
  assert.equal(base.model.type, 'mlp', 'the input config is not mutated');
  assert.match(userErrorOf(() => applyOverrides(base, ['train.epochs=0'])).message, /--set train\.epochs=0 `train\.epochs`: must be a positive integer, got 0/);
});

test('configHash: full sha256 hex, short prefix, key order does not matter', () => {
  const a = resolveConfig({ name: 'h', features: { numeric: ['x'] }, seed: 1 });
  const b = resolveConfig({ seed: 1, features: { numeric: ['x'] }, name: 'h' });
  assert.match(configHash(a, null), /^[0-9a-f]{64}$/);
  assert.equal(configHash(a, null), configHash(b, null));
  assert.equal(configHashShort(a, null), configHash(a, null).slice(0, 8));
  assert.notEqual(configHash(a, null), configHash({ ...a, seed: 2 }, null));
});

test('configHash: free of absolute paths, keyed by the data sha256, so a result moves to another checkout', () => {
  const base = resolveConfig({ name: 'h', features: { numeric: ['x'] }, data: { source: 'csv', path: '/home/alice/repo/data/train.csv' } });
  const moved = { ...base, data: { ...base.data, path: '/srv/ci/checkout-2/data/train.csv' } };
  const sha = 'a'.repeat(64);
  assert.equal(configHash(base, sha), configHash(moved, sha), 'same bytes, other checkout: same hash');
  assert.notEqual(configHash(base, sha), configHash(base, 'b'.repeat(64)), 'other bytes: other hash');
  assert.equal(configHash(base, null), configHash(moved, null), 'before the data is read: the file name only');
  assert.notEqual(configHash(base, null), configHash({ ...base, data: { ...base.data, path: '/x/other.csv' } }, null));
});

test('data.synthetic.seed: its own key, default = what root seed 42 derived before, so --seed leaves the data alone', () => {
  const c42 = resolveConfig({ name: 'h', features: { numeric: ['x'] } });
  const c7 = resolveConfig({ name: 'h', features: { numeric: ['x'] }, seed: 7 });
  assert.equal(c42.data.synthetic.seed, deriveSeed(42, 'data'));
  assert.equal(c7.data.synthetic.seed, c42.data.synthetic.seed);
  assert.equal(resolveConfig({ name: 'h', features: { numeric: ['x'] }, data: { synthetic: { seed: 5 } } }).data.synthetic.seed, 5);
  // An old result's config (no key) derives it the old way, from its own root seed.
  const old = structuredClone(c7) as unknown as { data: { synthetic: Record<string, unknown> }; metrics: Record<string, unknown> };
  delete old.data.synthetic.seed;
  delete old.metrics.tweediePower;
  const upgraded = resultConfig(old, 'old.json');
  assert.equal(upgraded.data.synthetic.seed, deriveSeed(7, 'data'));
  assert.equal(upgraded.metrics.tweediePower, 1.5);
  assert.deepEqual(resultConfig(c7, 'new.json'), c7, 'a current config is unchanged');
});
