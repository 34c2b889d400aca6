import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DataConfig } from '../../src/config/types.ts';
import { UserError } from '../../src/errors.ts';
import { deriveSeed } from '../../src/seeds.ts';
import { loadData } from '../../src/data/load.ts';
import { syntheticDataset } from '../../src/data/synthetic.ts';

const synthetic: DataConfig = {
  source: 'synthetic', path: null, maxRows: null, target: 'purchaseValue', targetUnit: null, idColumn: null,
  synthetic: { rows: 800, buyerRate: 0.05, tailSigma: 1, leakage: 1, seed: deriveSeed(9, 'data') },
};
/** A config from a result file written before data.synthetic.seed existed. */
const legacy = { ...synthetic, synthetic: { rows: 800, buyerRate: 0.05, tailSigma: 1, leakage: 1 } } as unknown as DataConfig;
const columns = [{ name: 'pageViews', kind: 'numeric' as const }, { name: 'deviceType', kind: 'categorical' as const }];

test('synthetic source: data.synthetic.seed seeds the generator; the root seed does not change the data', async () => {
  const ds = await loadData(synthetic, columns, 9);
  const direct = syntheticDataset({ rows: 800, seed: deriveSeed(9, 'data'), buyerRate: 0.05, tailSigma: 1, leakage: 1 }, columns, 'purchaseValue');
  assert.deepEqual(ds, { ...direct, seeds: { data: deriveSeed(9, 'data') } }, 'the loader records the seed it gave the generator');
  assert.equal(ds.identity.generator!.seed, deriveSeed(9, 'data'));
  assert.deepEqual((await loadData(synthetic, columns, 10)).target, ds.target, 'another root seed, same data');
  const other = await loadData({ ...synthetic, synthetic: { ...synthetic.synthetic, seed: 3 } }, columns, 9);
  assert.notDeepEqual(other.target, ds.target);
});

test('synthetic source: an old config without the data seed derives it from the root seed, as before', async () => {
  assert.deepEqual(await loadData(legacy, columns, 9), await loadData(synthetic, columns, 123));
  assert.deepEqual((await loadData(legacy, columns, 10)).seeds, { data: deriveSeed(10, 'data') });
  assert.notDeepEqual((await loadData(legacy, columns, 10)).target, (await loadData(legacy, columns, 9)).target);
});

test('synthetic source: synthetic.rows rows; idColumn is honoured', async () => {
  const ds = await loadData({ ...synthetic, synthetic: { ...synthetic.synthetic, rows: 1200 }, idColumn: 'sessionId' }, columns, 1);
  assert.equal(ds.rowCount, 1200);
  assert.equal(ds.ids!.length, 1200);
});

test('csv source: path, maxRows and idColumn are passed through', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'hl-load-'));
  const path = join(dir, 'd.csv');
  writeFileSync(path, 'sessionId,pageViews,deviceType,purchaseValue\na,1.0,desktop,\nb,2.0,mobile,5\nc,3.0,tablet,0\n');
  const ds = await loadData({ ...synthetic, source: 'csv', path, maxRows: 2, idColumn: 'sessionId' }, columns, 1, { displayPath: 'd.csv' });
  assert.equal(ds.rowCount, 2);
  assert.deepEqual(ds.ids, ['a', 'b']);
  assert.deepEqual([...ds.target!], [0, 5]);
  await assert.rejects(loadData({ ...synthetic, source: 'csv', path: join(dir, 'missing.csv') }, columns, 1, { displayPath: 'exp/missing.csv' }),
    (e: unknown) => e instanceof UserError && e.code === 'FILE_NOT_FOUND' && e.message.startsWith('exp/missing.csv:'));
});

// cv/folds.ts and the models trust the target to be finite and ≥ 0: this loader is where that is checked.
test('csv source: the target is finite and ≥ 0, or the load fails at its line (empty = 0)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'hl-load-'));
  const path = join(dir, 't.csv');
  const load = (cell: string) => {
    writeFileSync(path, `pageViews,deviceType,purchaseValue\n1,desktop,5\n2,mobile,${cell}\n`);
    return loadData({ ...synthetic, source: 'csv', path }, columns, 1, { displayPath: 'd.csv' });
  };
  assert.deepEqual([...(await load('')).target!], [5, 0]);
  for (const cell of ['NaN', 'NA', 'Infinity', '-Infinity', '1e400', '-1e400', '-3']) {
    await assert.rejects(load(cell), (e: unknown) => e instanceof UserError && e.code === 'CSV_VALUE' && e.details.line === 3 && e.message.startsWith('d.csv:3 `purchaseValue`:'), cell);
  }
});
