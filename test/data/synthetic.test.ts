import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import { UserError } from '../../src/errors.ts';
import { loadCsv } from '../../src/data/csv.ts';
import { E2V_CONSTANT_COLUMNS, E2V_TARGET, E2V_TEST_COLUMNS, E2V_TRAIN_COLUMNS } from '../../src/data/engage2value.ts';
import { E2V_KINDS } from './e2v-kinds.ts';
import { datasetFromTable, generateSynthetic, syntheticDataset, writeSyntheticCsv, writeSyntheticTable, type SyntheticOptions } from '../../src/data/synthetic.ts';
import { losAngelesTime } from '../../src/data/synthetic-time.ts';

const E2V = fileURLToPath(new URL('../../../shared/data/engage2value-test-head.csv', import.meta.url));
const realRows: Record<string, string>[] | null = existsSync(E2V) ? parse(readFileSync(E2V), { columns: true }) : null;
const realHeader: string[] | null = existsSync(E2V) ? (parse(readFileSync(E2V), { to_line: 1 })[0] as string[]) : null;
const skipReal = realRows ? false : `shared data absent: ${E2V} — real-schema check not run`;

const dir = mkdtempSync(join(tmpdir(), 'hl-synth-'));
const base: SyntheticOptions = { rows: 20000, seed: 42, buyerRate: 0.04, tailSigma: 1, leakage: 1 };
const table = generateSynthetic(base);
const column = (name: string) => table.cells[E2V_TRAIN_COLUMNS.indexOf(name)];

test('same seed → identical bytes; another seed → different data', async () => {
  const small = { ...base, rows: 3000 };
  const a = await writeSyntheticCsv(join(dir, 'a.csv'), small);
  const b = await writeSyntheticCsv(join(dir, 'b.csv'), small);
  const c = await writeSyntheticCsv(join(dir, 'c.csv'), { ...small, seed: 43 });
  assert.ok(readFileSync(a.path).equals(readFileSync(b.path)));
  assert.ok(!readFileSync(a.path).equals(readFileSync(c.path)));
  assert.notDeepEqual(a.table.target, c.table.target);
});

test('header is the real test file header plus purchaseValue', { skip: skipReal }, () => {
  assert.deepEqual(realHeader, [...E2V_TEST_COLUMNS]);
  assert.deepEqual([...table.header], [...realHeader!, E2V_TARGET]);
  assert.equal(table.cells.length, 52);
});

test('category values of the real file appear in the synthetic data', { skip: skipReal }, () => {
  const columns = ['userChannel', 'browser', 'deviceType', 'device.isMobile', 'os', 'geoNetwork.continent', 'geoNetwork.subContinent',
    'locationCountry', 'geoNetwork.networkDomain', 'socialEngagementType', 'totals.bounces', 'new_visits', 'totals.visits',
    'trafficSource.adwordsClickInfo.adNetworkType', 'trafficSource.adwordsClickInfo.isVideoAd', 'trafficSource.adwordsClickInfo.page',
    'trafficSource.adwordsClickInfo.slot', 'trafficSource.campaign', 'trafficSource.isTrueDirect', 'trafficSource.medium', 'trafficSource',
    'locationZone', 'geoCluster', 'screenSize', 'gclIdPresent', 'trafficSource.adContent', 'trafficSource.keyword'];
  for (const name of columns) {
    const ours = new Set(column(name));
    const missing = [...new Set(realRows!.map((r) => r[name]))].filter((v) => !ours.has(v));
    assert.deepEqual(missing, [], `${name}: real values never generated`);
  }
});

test('frequencies resemble the real file', { skip: skipReal }, () => {
  const share = (rows: string[], v: string) => rows.filter((x) => x === v).length / rows.length;
  for (const [name, value, tol] of [
    ['deviceType', 'desktop', 0.08], ['totals.bounces', '1.0', 0.1], ['new_visits', '1.0', 0.08],
    ['geoNetwork.city', 'not available in demo dataset', 0.08], ['trafficSource.adwordsClickInfo.slot', '', 0.04],
    ['locationCountry', 'United States', 0.12], ['trafficSource.medium', '(none)', 0.1],
  ] as const) {
    const real = share(realRows!.map((r) => r[name]), value);
    const ours = share(column(name), value);
    assert.ok(Math.abs(real - ours) < tol, `${name} = ${JSON.stringify(value)}: real ${real.toFixed(3)}, synthetic ${ours.toFixed(3)}`);
  }
});

test('constant columns are constant; adwords fields mostly empty', () => {
  for (const [name, value] of Object.entries(E2V_CONSTANT_COLUMNS)) {
    assert.ok(column(name).every((v) => v === value), name);
  }
  const empty = column('trafficSource.adwordsClickInfo.adNetworkType').filter((v) => v === '').length / table.rowCount;
  assert.ok(empty > 0.93 && empty < 0.99, `adwords empty share ${empty}`);
});

test('internal consistency: date is the Los Angeles day of sessionStart, counts agree', () => {
  const start = column('sessionStart');
  const date = column('date');
  const id = column('sessionId');
  let sameId = 0;
  for (let i = 0; i < table.rowCount; i++) {
    const t = Number(start[i]);
    assert.ok(t >= Date.UTC(2016, 7, 1, 7) / 1000 && t < Date.UTC(2018, 4, 1, 7) / 1000, `sessionStart ${t} out of range`);
    assert.equal(date[i], losAngelesTime(t).date);
    if (id[i] === start[i]) sameId++;
    const pv = Number(column('pageViews')[i]);
    assert.ok(Number(column('totalHits')[i]) >= pv);
    assert.equal(column('totals.bounces')[i], pv === 1 ? '1.0' : '');
    assert.equal(column('new_visits')[i], column('sessionNumber')[i] === '1' ? '1.0' : '');
    assert.equal(column('device.isMobile')[i], column('deviceType')[i] === 'desktop' ? 'False' : 'True');
  }
  assert.ok(sameId / table.rowCount > 0.97);
});

test('target: buyer rate near the parameter, zero-inflated, heavy tail in micros', () => {
  const y = table.target;
  const positives = [...y].filter((v) => v > 0).sort((a, b) => a - b);
  const rate = positives.length / y.length;
  const se = Math.sqrt((base.buyerRate * (1 - base.buyerRate)) / y.length);
  assert.ok(Math.abs(rate - base.buyerRate) < 4 * se, `buyer rate ${rate}`);
  const median = positives[positives.length >> 1];
  assert.ok(median > 5e7 && median < 3e8, `median ${median}`);
  assert.ok(positives.every((v) => v % 1e4 === 0), 'whole cents');
  assert.ok(positives[positives.length - 1] / median > 10, 'heavy right tail');
  assert.deepEqual(column(E2V_TARGET).slice(0, 50), [...y.slice(0, 50)].map(String));
  let oracleSum = 0;
  for (const o of table.oracle) oracleSum += o;
  let ySum = 0;
  for (const v of y) ySum += v;
  assert.ok(Math.abs(oracleSum - ySum) / ySum < 0.15, `Σ oracle ${oracleSum} vs Σ y ${ySum}`);
  const meanBuy = table.oracleBuy.reduce((s, p) => s + p, 0) / y.length;
  assert.ok(Math.abs(meanBuy - base.buyerRate) < 0.005, `mean oracle P(buy) ${meanBuy}`);
});

test('leakage only inflates the page views and hits of buyers', () => {
  const opts = { ...base, rows: 5000 };
  const leaky = generateSynthetic(opts);
  const clean = generateSynthetic({ ...opts, leakage: 0 });
  const pv = E2V_TRAIN_COLUMNS.indexOf('pageViews');
  let inflated = 0;
  for (let c = 0; c < 52; c++) {
    const name = E2V_TRAIN_COLUMNS[c];
    for (let i = 0; i < opts.rows; i++) {
      if (['pageViews', 'totalHits', 'totals.bounces'].includes(name) && leaky.target[i] > 0) continue;
      assert.equal(leaky.cells[c][i], clean.cells[c][i], `${name} row ${i}`);
    }
  }
  for (let i = 0; i < opts.rows; i++) {
    if (leaky.target[i] > 0) {
      assert.ok(Number(leaky.cells[pv][i]) >= Number(clean.cells[pv][i]));
      if (Number(leaky.cells[pv][i]) > Number(clean.cells[pv][i])) inflated++;
    }
  }
  assert.ok(inflated > 0);
});

test('CSV round trip equals the in-memory dataset', async () => {
  const opts = { ...base, rows: 4000, seed: 7 };
  const columns = E2V_TEST_COLUMNS.map((name) => ({ name, kind: E2V_KINDS[name] }));
  const memory = syntheticDataset(opts, columns, E2V_TARGET, { idColumn: 'sessionId' });
  const written = await writeSyntheticCsv(join(dir, 'rt.csv'), opts, { oracle: true });
  const fromCsv = await loadCsv(written.path, { columns, target: E2V_TARGET, idColumn: 'sessionId' });
  assert.deepEqual(fromCsv.columns, memory.columns);
  assert.deepEqual(fromCsv.target, memory.target);
  assert.deepEqual(fromCsv.ids, memory.ids);
  assert.deepEqual(fromCsv.identity.columns, memory.identity.columns);
  assert.equal(memory.identity.source, 'synthetic');
  assert.equal(memory.identity.buyerRate, fromCsv.identity.buyerRate);
  assert.equal(memory.oracle!.length, 4000);
  const sidecar = parse(readFileSync(written.oraclePath!), { columns: true }) as Record<string, string>[];
  assert.equal(sidecar.length, 4000);
  assert.equal(Number(sidecar[17].oracle), memory.oracle![17]);
});

test('identity: sha256 depends on parameters and seed only', () => {
  const cols = [{ name: 'pageViews', kind: 'numeric' as const }];
  const a = syntheticDataset({ ...base, rows: 300 }, cols, E2V_TARGET);
  const b = datasetFromTable(generateSynthetic({ ...base, rows: 300 }), cols, E2V_TARGET);
  const c = syntheticDataset({ ...base, rows: 300, seed: 1 }, cols, E2V_TARGET);
  assert.equal(a.identity.sha256, b.identity.sha256);
  assert.notEqual(a.identity.sha256, c.identity.sha256);
  assert.equal(a.identity.path, null);
  assert.equal(a.identity.generator!.seed, 42);
});

test('unknown columns are user errors', async () => {
  assert.throws(() => syntheticDataset({ ...base, rows: 10 }, [{ name: 'pageview', kind: 'numeric' }], E2V_TARGET),
    (e: unknown) => e instanceof UserError && /no column "pageview".*Did you mean "pageViews"\?/.test(e.message));
  assert.throws(() => syntheticDataset({ ...base, rows: 10 }, [], 'revenue'), (e: unknown) => e instanceof UserError && /"revenue" \(target\)/.test(e.message));
  assert.throws(() => syntheticDataset({ ...base, rows: 10 }, [{ name: 'browser', kind: 'numeric' }], E2V_TARGET),
    (e: unknown) => e instanceof UserError && /`browser`.*cannot be read as numeric/.test(e.message));
  await assert.rejects(writeSyntheticTable(join(dir, 'no', '\0bad'), generateSynthetic({ ...base, rows: 5 })));
});
