import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { loadExperiment } from '../../src/config/load.ts';

const dir = fileURLToPath(new URL('../../experiments/', import.meta.url));
const load = (name: string) => loadExperiment(path.join(dir, name)).config;
const e2vHead = fileURLToPath(new URL('../../../shared/data/engage2value-test-head.csv', import.meta.url));
const gaCsv = fileURLToPath(new URL('../../../shared/data/ga-sessions.csv', import.meta.url));

test('every shipped experiment loads and is named after its file', () => {
  const files = readdirSync(dir).filter((f) => /\.ya?ml$/.test(f));
  assert.ok(files.length >= 6, `found ${files.join(', ')}`);
  for (const f of files) assert.equal(load(f).name, f.replace(/\.ya?ml$/, ''), f);
});

test('baseline: synthetic data, mlp, 10 epochs, the Engage2Value features', () => {
  const c = load('baseline.yaml');
  assert.deepEqual([c.seed, c.data.source, c.data.rows, c.model.type, c.train.epochs, c.train.batchSize, c.cv.folds], [42, 'synthetic', 20000, 'mlp', 10, 256, 5]);
  assert.equal(c.train.earlyStopping.enabled, true);
  assert.deepEqual(c.features.sessionEnd, ['totalHits', 'pageViews', 'totals.bounces']);
  assert.deepEqual(c.features.datetime, { column: 'sessionStart', timezone: 'UTC', cyclical: true });
  assert.equal(c.features.categorical.filter((k) => k.encoding === 'frequency').length, 8);
  assert.equal(c.features.categorical.filter((k) => k.encoding === 'onehot').length, 10);
});

test('baseline columns exist in the real Engage2Value schema', { skip: existsSync(e2vHead) ? false : `shared data absent: ${e2vHead} — real-data check not run` }, () => {
  const header = readFileSync(e2vHead, 'utf8').split(/\r?\n/)[0].split(',');
  const f = load('baseline.yaml').features;
  const used = [...f.numeric, ...f.boolean, ...f.categorical.map((k) => k.column), f.datetime!.column];
  assert.deepEqual(used.filter((col) => !header.includes(col)), []);
});

test('hurdle, ziln and tweedie differ from baseline only in model, name and description', () => {
  const base = load('baseline.yaml');
  for (const [file, type] of [['hurdle.yaml', 'hurdle'], ['ziln.yaml', 'ziln'], ['tweedie.yaml', 'tweedie']] as const) {
    const c = load(file);
    assert.equal(c.model.type, type);
    const strip = ({ model: _m, name: _n, description: _d, ...rest }: typeof c) => rest;
    assert.deepEqual(strip(c), strip(base), file);
    assert.notEqual(c.description, base.description);
  }
});

test('hurdle-realtime is hurdle with the session-end columns dropped', () => {
  const rt = load('hurdle-realtime.yaml');
  const h = load('hurdle.yaml');
  assert.equal(rt.features.dropSessionEnd, true);
  assert.deepEqual({ ...rt.features, dropSessionEnd: false }, h.features);
  assert.deepEqual(rt.model, h.model);
});

test('ga experiments read the real GA sessions file', () => {
  const ga = load('ga-baseline.yaml');
  assert.equal(ga.data.source, 'csv');
  assert.equal(ga.data.path, path.resolve(dir, '../../shared/data/ga-sessions.csv'));
  assert.equal(ga.data.path, gaCsv);
  assert.deepEqual(ga.features.numeric, ['visitNumber', 'pageViews', 'timeOnSite', 'bounces']);
  assert.deepEqual(ga.features.categorical, [{ column: 'channelGrouping', encoding: 'onehot' }]);
  assert.equal(ga.model.type, 'mlp');
  const gh = load('ga-hurdle.yaml');
  assert.equal(gh.model.type, 'hurdle');
  assert.deepEqual(gh.data, ga.data);
});

test('the GA path points at a file that exists', { skip: existsSync(gaCsv) ? false : `shared data absent: ${gaCsv} — real-data check not run` }, () => {
  const header = readFileSync(gaCsv, 'utf8').slice(0, 200).split(/\r?\n/)[0].split(',');
  const f = load('ga-baseline.yaml').features;
  for (const col of [...f.numeric, 'channelGrouping', 'sessionStart', 'purchaseValue']) assert.ok(header.includes(col), col);
});
