import assert from 'node:assert/strict';
import { writeFileSync, mkdirSync, existsSync } from 'node:fs';
import path from 'node:path';
import test from 'node:test';
import { checkpointPath, readCheckpoint, removeCheckpoint, saveCheckpoint } from '../../src/run/checkpoint.ts';
import { makeResult } from '../report/fixtures.ts';
import { tempDir } from './helpers.ts';

const expect = { configHash: 'c'.repeat(64), dataSha256: 'd'.repeat(64), foldFingerprint: 'f'.repeat(64) };

test('a checkpoint round-trips and is reused only for the same config, data and folds', async () => {
  const file = checkpointPath(tempDir(), 'baseline-s42-12345678');
  const folds = makeResult({ name: 'baseline' }).perFold.slice(0, 2);
  await saveCheckpoint(file, { ...expect, backend: 'wasm', folds });
  const ok = readCheckpoint(file, expect);
  assert.deepEqual(ok, { folds, backend: 'wasm' });
  assert.deepEqual(readCheckpoint(file, { ...expect, configHash: 'x' }), { folds: null, reason: 'the config changed since the checkpoint' });
  assert.deepEqual(readCheckpoint(file, { ...expect, dataSha256: 'x' }), { folds: null, reason: 'the data changed since the checkpoint' });
  assert.deepEqual(readCheckpoint(file, { ...expect, foldFingerprint: 'x' }), { folds: null, reason: 'the folds changed since the checkpoint' });
  removeCheckpoint(file);
  assert.equal(existsSync(file), false);
  assert.deepEqual(readCheckpoint(file, expect), { folds: null, reason: 'no checkpoint' });
});

test('a torn or foreign checkpoint is ignored with a reason, never trusted', () => {
  const dir = tempDir();
  mkdirSync(path.join(dir, '.partial'));
  const torn = path.join(dir, '.partial', 'a.json');
  writeFileSync(torn, '{"kind":"hurdle-lab/checkpoint","folds":[');
  assert.match((readCheckpoint(torn, expect) as { reason: string }).reason, /unreadable/);
  const foreign = path.join(dir, '.partial', 'b.json');
  writeFileSync(foreign, '{"kind":"something-else"}');
  assert.match((readCheckpoint(foreign, expect) as { reason: string }).reason, /is not a checkpoint/);
});
