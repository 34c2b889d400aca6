import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { FeatureConfig } from '../../src/config/types.ts';
import type { Column, Dataset } from '../../src/data/types.ts';
import { isUserError } from '../../src/errors.ts';
import { applyPipeline, featureNames, fitPipeline } from '../../src/features/pipeline.ts';
import { dataset, featureConfig, num, poisonOutside, recordingDataset, sessionConfig, sessionFixture, trainingRows } from './fixtures.ts';

const N = 5000; // more than one 2048-row tile, so tile boundaries are exercised
const data = sessionFixture(1, N);
const train = trainingRows(1, N, 0.8);
const allRows = Array.from({ length: N }, (_, i) => i);

const variants: [string, Partial<FeatureConfig>][] = [
  ['median + standard + other + cyclical', {}],
  ['zero + minmax + zeros + flat datetime', { missing: 'zero', scaler: 'minmax', unseenCategory: 'zeros', datetime: { column: 'sessionStart', timezone: 'UTC', cyclical: false } }],
  ['no scaling, minCategoryCount 1', { scaler: 'none', minCategoryCount: 1 }],
  ['real-time (dropSessionEnd)', { dropSessionEnd: true }],
];

test('pipeline: feature names, matrix shape and embedding ids', () => {
  const state = fitPipeline(sessionConfig(), data, train);
  const m = applyPipeline(state, data);
  const names = featureNames(state);
  assert.deepEqual(names.slice(0, 6), ['visitNumber', 'pageViews', 'timeOnSite', 'totalHits', 'bounces', 'isMobile']);
  assert.deepEqual(names.filter((n) => n.startsWith('deviceType=')), ['deviceType=desktop', 'deviceType=mobile', 'deviceType=tablet', 'deviceType=(missing)', 'deviceType=(other)']);
  assert.ok(names.includes('channelGrouping=(other)') && !names.includes('channelGrouping=(Other)'), '"(Other)" is rare in the fixture and folds');
  assert.deepEqual(names.slice(-5), ['browser:frequency', 'sessionStart:hour_sin', 'sessionStart:hour_cos', 'sessionStart:weekday_sin', 'sessionStart:weekday_cos']);
  assert.equal(new Set(names).size, names.length);
  assert.equal(m.nRows, N);
  assert.equal(m.nFeatures, names.length);
  assert.equal(m.x.length, N * names.length);
  assert.deepEqual(m.featureNames, names);
  assert.equal(m.embeddingIds.length, 1);
  assert.equal(m.embeddingIds[0].column, 'browser');
  assert.equal(m.embeddingIds[0].ids.length, N);
  assert.deepEqual(state.embeddings, [{ column: 'browser', cardinality: m.embeddingIds[0].cardinality }]);
  assert.ok(m.x.every(Number.isFinite));
});

for (const [name, overrides] of variants) {
  test(`pipeline leakage (${name}): poisoning every non-training row leaves the fitted state identical`, () => {
    const config = sessionConfig(overrides);
    const clean = fitPipeline(config, data, train);
    const poisoned = poisonOutside(data, train);
    assert.deepEqual(fitPipeline(config, poisoned, train), clean);
    // The poisoned rows still transform to finite numbers (unseen categories, NaN, ±1e15).
    assert.ok(applyPipeline(clean, poisoned).x.every(Number.isFinite));
  });
}

test('pipeline leakage guard: the poisoning check can fail — poisoning training rows does change the state', () => {
  const config = sessionConfig();
  assert.notDeepEqual(fitPipeline(config, poisonOutside(data, train.subarray(0, train.length >> 1)), train), fitPipeline(config, data, train));
});

for (const [name, overrides] of variants) {
  test(`pipeline leakage (${name}): fit reads only training row indices`, () => {
    const { data: recorded, reads } = recordingDataset(data);
    const state = fitPipeline(sessionConfig(overrides), recorded, train);
    const allowed = new Set(train);
    for (const [column, seen] of reads) for (const r of seen) assert.ok(allowed.has(r), `fit read ${column}[${r}], a non-training row`);
    // The instrumentation must actually see the reads of columns whose statistics are learned.
    for (const c of state.numeric.columns) assert.equal(reads.get(c.column)!.size, train.length, c.column);
    assert.equal(reads.get('channelGrouping')!.size, train.length);
  });
}

const bytes = (a: Float32Array | Int32Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength);

for (const [name, overrides] of variants) {
  test(`pipeline (${name}): state round-trips through JSON and gives bit-identical output`, () => {
    const state = fitPipeline(sessionConfig(overrides), data, train);
    const back = JSON.parse(JSON.stringify(state));
    assert.deepEqual(back, state);
    const a = applyPipeline(state, data);
    const b = applyPipeline(back, data);
    assert.ok(bytes(a.x).equals(bytes(b.x)));
    assert.deepEqual(a.embeddingIds, b.embeddingIds);
    assert.deepEqual(a.featureNames, b.featureNames);
  });
}

test('pipeline: each output row depends only on its input row (subsets, order, duplicates, tile boundaries)', () => {
  const state = fitPipeline(sessionConfig(), data, train);
  const full = applyPipeline(state, data);
  assert.ok(bytes(full.x).equals(bytes(applyPipeline(state, data, allRows).x)), 'rows default to all rows');
  const picks = [4999, 2048, 2047, 0, 2048, 4095, 4096, 17];
  const sub = applyPipeline(state, data, picks);
  const k = state.nFeatures;
  picks.forEach((r, i) => {
    assert.ok(bytes(sub.x.subarray(i * k, (i + 1) * k)).equals(bytes(full.x.subarray(r * k, (r + 1) * k))), `row ${r}`);
    assert.equal(sub.embeddingIds[0].ids[i], full.embeddingIds[0].ids[r]);
  });
});

test('pipeline: dropSessionEnd removes exactly the session-end columns and their feature names', () => {
  const keep = fitPipeline(sessionConfig(), data, train);
  const drop = fitPipeline(sessionConfig({ dropSessionEnd: true }), data, train);
  const ended = new Set(['pageViews', 'timeOnSite', 'totalHits', 'bounces']);
  assert.deepEqual(drop.dropped, [...ended]);
  assert.deepEqual(featureNames(drop), featureNames(keep).filter((n) => !ended.has(n)));
  // The surviving features are computed exactly as before.
  const a = applyPipeline(keep, data);
  const b = applyPipeline(drop, data);
  const kept = featureNames(keep).map((n, j) => [n, j] as const).filter(([n]) => !ended.has(n));
  for (let i = 0; i < N; i += 97) kept.forEach(([n, j], jj) => assert.equal(b.x[i * drop.nFeatures + jj], a.x[i * keep.nFeatures + j], n));
  // A real-time dataset without the session-end columns is accepted.
  const columns: Record<string, Column> = Object.fromEntries(Object.entries(data.columns).filter(([c]) => !ended.has(c)));
  assert.ok(bytes(applyPipeline(drop, { ...data, columns }).x).equals(bytes(b.x)));
});

test('pipeline: a fitted column missing at apply time is a CSV_HEADER UserError naming it', () => {
  const state = fitPipeline(sessionConfig(), data, train);
  const { timeOnSite: _t, browser: _b, ...rest } = data.columns;
  const lacking: Dataset = { ...data, identity: { ...data.identity, path: '/data/new.csv' }, columns: rest };
  assert.throws(
    () => applyPipeline(state, lacking),
    (e: unknown) => isUserError(e) && e.code === 'CSV_HEADER' && e.details.key === 'timeOnSite' &&
      /^\/data\/new\.csv `timeOnSite`: the data has no column "timeOnSite", "browser", but the model was fitted with them\./.test(e.message),
  );
});

test('pipeline: zero training rows is DATA_DEGENERATE; a row index outside the data is a bug (RangeError)', () => {
  assert.throws(() => fitPipeline(sessionConfig(), data, []), (e: unknown) => isUserError(e) && e.code === 'DATA_DEGENERATE');
  assert.throws(() => fitPipeline(sessionConfig(), data, [0, N]), RangeError);
  assert.throws(() => applyPipeline(fitPipeline(sessionConfig(), data, train), data, [1.5]), RangeError);
});

test('pipeline: a state of another kind or version is refused with MODEL_INVALID', () => {
  const state = fitPipeline(sessionConfig(), data, train);
  for (const bad of [{ ...state, version: 2 }, { ...state, kind: 'model' }]) {
    assert.throws(() => applyPipeline(bad as never, data), (e: unknown) => isUserError(e) && e.code === 'MODEL_INVALID' && /not a feature-pipeline state/.test(e.message));
  }
});

test('pipeline: an empty feature config gives a 0-column matrix', () => {
  const d = dataset({ a: num(1, 2) });
  const m = applyPipeline(fitPipeline(featureConfig(), d, [0, 1]), d);
  assert.deepEqual({ nRows: m.nRows, nFeatures: m.nFeatures, len: m.x.length, ids: m.embeddingIds }, { nRows: 2, nFeatures: 0, len: 0, ids: [] });
});

const gaPath = fileURLToPath(new URL('../../../shared/data/ga-sessions.csv', import.meta.url));
test('pipeline on real GA sessions: finite output, channel one-hot per row, leak-free fit', { skip: existsSync(gaPath) ? false : `shared data absent: ${gaPath} — real-data check not run` }, () => {
  // The file has no quoted fields (checked when this test was written), so a plain split is exact here.
  const lines = readFileSync(gaPath, 'utf8').trimEnd().split('\n');
  const header = lines[0].split(',');
  const cells = lines.slice(1).map((l) => l.split(','));
  const col = (name: string) => cells.map((r) => r[header.indexOf(name)]);
  const number = (name: string) => Float64Array.from(col(name), (v) => (v === '' ? Number.NaN : Number(v)));
  const real = dataset({
    sessionStart: { kind: 'datetime', values: number('sessionStart') },
    visitNumber: { kind: 'numeric', values: number('visitNumber') },
    pageViews: { kind: 'numeric', values: number('pageViews') },
    timeOnSite: { kind: 'numeric', values: number('timeOnSite') },
    bounces: { kind: 'boolean', values: number('bounces') },
    channelGrouping: { kind: 'categorical', values: col('channelGrouping') },
  }, gaPath);
  const config = featureConfig({
    numeric: ['visitNumber', 'pageViews', 'timeOnSite'], log1p: ['visitNumber', 'pageViews', 'timeOnSite'], missing: 'median', scaler: 'standard',
    boolean: ['bounces'], categorical: [{ column: 'channelGrouping', encoding: 'onehot' }], minCategoryCount: 5, unseenCategory: 'other',
    datetime: { column: 'sessionStart', timezone: 'America/Los_Angeles', cyclical: true },
  });
  const rows = trainingRows(2, real.rowCount, 0.8);
  const state = fitPipeline(config, real, rows);
  assert.deepEqual(fitPipeline(config, poisonOutside(real, rows), rows), state);
  const m = applyPipeline(state, real);
  assert.ok(m.x.every(Number.isFinite));
  const oneHot = m.featureNames.map((n, j) => [n, j] as const).filter(([n]) => n.startsWith('channelGrouping='));
  assert.ok(oneHot.length >= 8 && oneHot.some(([n]) => n === 'channelGrouping=Organic Search'));
  for (let i = 0; i < m.nRows; i++) assert.equal(oneHot.reduce((s, [, j]) => s + m.x[i * m.nFeatures + j], 0), 1);
  // standardised on the training fold: mean ≈ 0 over the training rows
  const j = m.featureNames.indexOf('pageViews');
  let sum = 0;
  for (const r of rows) sum += m.x[r * m.nFeatures + j];
  assert.ok(Math.abs(sum / rows.length) < 1e-4);
});
